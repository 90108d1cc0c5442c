import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezonePlugin from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezonePlugin);

const DAY_MS = 24 * 3600 * 1000;

/**
 * Validity of a coupon instance, as stored: `validFrom ≤ now < validTo` (validTo is exclusive).
 *
 * Relative templates ("N days after claim"): the instance is valid from the claim to the END of the shop-local
 * day N days after the claim, i.e. until 00:00 shop time of day N + 1. Claimed 2026-11-26 10:00 with N = 7
 * (Asia/Shanghai): valid until 2026-12-03 23:59:59.999, stored as validTo = 2026-12-04 00:00 +08:00.
 */
export function relativeValidity(claimedAt: Date, days: number, timezone: string): { from: Date; to: Date } {
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`days must be ≥ 1, got ${days}`);
  const to = dayjs(claimedAt)
    .tz(timezone)
    .startOf('day')
    .add(days + 1, 'day')
    .toDate();
  return { from: claimedAt, to };
}

/** The shop-local calendar date ('YYYY-MM-DD') of a moment. */
export function shopDate(at: Date, timezone: string): string {
  return dayjs(at).tz(timezone).format('YYYY-MM-DD');
}

/**
 * Whole shop days left including today: 1 = the last valid day is today, 0 = already over. A coupon whose
 * validTo is 2026-12-04 00:00 shop time has 1 day left on 2026-12-03 and 8 on 2026-11-26.
 */
export function daysLeft(validTo: Date, now: Date, timezone: string): number {
  if (validTo.getTime() <= now.getTime()) return 0;
  const last = shopDate(new Date(validTo.getTime() - 1), timezone);
  const today = shopDate(now, timezone);
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS) + 1;
}

const HM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A usable window is ISO weekdays plus 'HH:mm' shop time, from inclusive, to exclusive. `to` may be '24:00'
 * (until midnight); a `to` before `from` runs past midnight (Fri 22:00–02:00 holds Saturday 01:00), as the
 * pricing engine reads it. Returns the problems, [] when well-formed.
 */
export function windowProblems(w: { weekdays: number[]; from: string; to: string }): string[] {
  const problems: string[] = [];
  if (w.weekdays.length === 0) problems.push('weekdays: at least one day (1 = Monday … 7 = Sunday)');
  if (new Set(w.weekdays).size !== w.weekdays.length) problems.push('weekdays: a day is listed twice');
  if (w.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    problems.push('weekdays: days are 1 (Monday) … 7 (Sunday)');
  if (!HM.test(w.from)) problems.push("from: 'HH:mm' between 00:00 and 23:59");
  if (!HM.test(w.to) && w.to !== '24:00') problems.push("to: 'HH:mm' between 00:01 and 24:00");
  if (w.from === w.to) problems.push('to: must differ from from');
  return problems;
}

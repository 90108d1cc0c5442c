/**
 * Shop-local time without a clock of its own: the moment and the time zone come from the pricing input.
 * One formatter per time zone is kept, and the last answer is remembered, so a pricing run that asks several
 * times (coupon windows, member day) converts the moment once.
 */

export interface ShopTime {
  year: number;
  /** 1 … 12 */
  month: number;
  /** 1 … 31 */
  day: number;
  /** ISO weekday, 1 (Mon) … 7 (Sun) */
  weekday: number;
  /** minutes since local midnight, 0 … 1439 */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

const BUCKET_MS = 15 * 60_000;
/** the zone's UTC offset over one 15-minute bucket (NaN when it changes inside the bucket) */
let offsetZone = '';
let offsetBucket = Number.NaN;
let offsetMs = Number.NaN;
let lastMs = Number.NaN;
let lastZone = '';
let lastTime: ShopTime | null = null;

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** Wall-clock reading of `ms` in `timezone`, through Intl (the slow, always-right way). */
function read(ms: number, timezone: string): ShopTime & { wallMs: number } {
  const parts = formatter(timezone).formatToParts(new Date(ms));
  let year = 0;
  let month = 0;
  let day = 0;
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'weekday':
        weekday = WEEKDAYS[p.value] ?? 0;
        break;
      case 'hour':
        hour = Number(p.value) % 24;
        break;
      case 'minute':
        minute = Number(p.value);
        break;
      case 'second':
        second = Number(p.value);
        break;
      default:
        break;
    }
  }
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second) + (((ms % 1000) + 1000) % 1000);
  return { year, month, day, weekday, minutes: hour * 60 + minute, wallMs };
}

/**
 * The shop's local calendar day, weekday and minute of `now` in `timezone` (an IANA name). Intl is asked
 * once per 15 minutes of time per zone: offsets change only at quarter-hour instants (and a bucket whose two
 * ends disagree is read through Intl every time), so inside a bucket local time is `now + offset`.
 */
export function shopTime(now: Date, timezone: string): ShopTime {
  const ms = now.getTime();
  if (ms === lastMs && timezone === lastZone && lastTime) return lastTime;
  if (Number.isNaN(ms)) throw new RangeError('now must be a valid date');
  const bucket = Math.floor(ms / BUCKET_MS);
  if (bucket !== offsetBucket || timezone !== offsetZone) {
    const start = bucket * BUCKET_MS;
    const first = read(start, timezone).wallMs - start;
    const last = read(start + BUCKET_MS - 1, timezone).wallMs - (start + BUCKET_MS - 1);
    offsetZone = timezone;
    offsetBucket = bucket;
    offsetMs = first === last ? first : Number.NaN;
  }
  let time: ShopTime;
  if (Number.isNaN(offsetMs)) {
    const { year, month, day, weekday, minutes } = read(ms, timezone);
    time = { year, month, day, weekday, minutes };
  } else {
    const local = new Date(ms + offsetMs);
    time = {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      weekday: local.getUTCDay() || 7,
      minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
    };
  }
  lastMs = ms;
  lastZone = timezone;
  lastTime = time;
  return time;
}

/** 'HH:mm' → minutes since midnight ('24:00' = 1440 for a window that runs to midnight); NaN if malformed. */
export function parseHm(text: string): number {
  if (text.length !== 5 || text.charCodeAt(2) !== 58 /* : */) return Number.NaN;
  const digit = (i: number) => {
    const c = text.charCodeAt(i) - 48;
    return c >= 0 && c <= 9 ? c : Number.NaN;
  };
  const hours = digit(0) * 10 + digit(1);
  const minutes = digit(3) * 10 + digit(4);
  if (!(hours <= 24 && minutes <= 59)) return Number.NaN;
  const total = hours * 60 + minutes;
  return total > 1440 ? Number.NaN : total;
}

/**
 * Whether a weekly window (ISO weekdays, from inclusive, to exclusive, shop time) contains the moment.
 * A window whose `to` is not after its `from` runs past midnight: its tail belongs to the listed weekday's
 * next day (Fri 22:00–02:00 holds Saturday 01:00).
 */
export function inWeeklyWindow(
  time: ShopTime,
  window: { weekdays: readonly number[]; from: string; to: string },
): boolean {
  const from = parseHm(window.from);
  const to = parseHm(window.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return false;
  const m = time.minutes;
  if (from < to) return window.weekdays.includes(time.weekday) && m >= from && m < to;
  const previous = time.weekday === 1 ? 7 : time.weekday - 1;
  return (
    (window.weekdays.includes(time.weekday) && m >= from) || (window.weekdays.includes(previous) && m < to)
  );
}

import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezonePlugin from 'dayjs/plugin/timezone';
import type { CronJobDef } from './types';

dayjs.extend(utc);
dayjs.extend(timezonePlugin);

const FORMATS: Record<CronJobDef['period'], string> = {
  minute: 'YYYY-MM-DD[T]HH:mm',
  hour: 'YYYY-MM-DD[T]HH',
  day: 'YYYY-MM-DD',
  month: 'YYYY-MM',
};

/**
 * The run key of `now` for a period, on the shop's wall clock: '2026-11-26' (day), '2026-11' (month),
 * '2026-11-26T10' (hour), '2026-11-26T10:05' (minute). 2026-11-25T16:30Z is already 2026-11-26 in Shanghai.
 */
export function periodKey(period: CronJobDef['period'], now: Date, timezone: string): string {
  return dayjs(now).tz(timezone).format(FORMATS[period]);
}

/** Throws a RangeError for a time zone the runtime does not know (a typo in SHOP_TIMEZONE). */
export function assertTimezone(timezone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: timezone });
}

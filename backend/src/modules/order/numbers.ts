import crypto from 'node:crypto';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezonePlugin from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezonePlugin);

/**
 * Readable, unique, not guessable numbers: the shop's date (yyyymmdd) and 10 random digits, e.g.
 * `202611261234567890` for an order and `S202611261234567890` for an after-sale (also its refund number).
 * Neighbouring orders share nothing but the date, so one number reveals no other; the unique index catches
 * the rare collision and the caller draws again.
 */
export function newNumber(now: Date, timezone: string, prefix = ''): string {
  const day = dayjs(now).tz(timezone).format('YYYYMMDD');
  const random = crypto.randomInt(0, 10_000_000_000).toString().padStart(10, '0');
  return `${prefix}${day}${random}`;
}

/** sha256 of the JSON with object keys sorted at every level: two bodies that mean the same hash the same. */
export function canonicalHash(value: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

import type { Tx } from '../db/tx';
import type { Logger } from '../logger';

export interface CronRunContext {
  /** the period this run covers, e.g. '2026-11-26' for a daily job or '2026-11-26T10:05' per minute */
  period: string;
  /** the moment the run is for (the scheduled time, or "now" for `npm run cron -- run NAME`) */
  now: Date;
  /** the shop's IANA time zone, for jobs that compute local days (birthdays, member days) */
  timezone: string;
  /** bound to the job name and period */
  logger: Logger;
  /**
   * Runs `fn` once per (job, subject, period) across all processes and retries: a unique key is written in
   * `fn`'s transaction. Returns false when that subject was already done for the period.
   */
  once(subject: string, fn: (tx: Tx) => Promise<void>): Promise<boolean>;
  /** add to the run record's counts, e.g. count('issued') */
  count(name: string, by?: number): void;
}

export interface CronJobDef {
  /** unique, kebab-case: the name used by `npm run cron -- run NAME` */
  name: string;
  /** node-cron expression, evaluated in the shop's time zone */
  schedule: string;
  /** what one period is: the run key; a job runs at most once per period */
  period: 'minute' | 'hour' | 'day' | 'month';
  description: string;
  /** lock TTL; the lock is extended while the job runs */
  lockTtlMs?: number;
  run(ctx: CronRunContext): Promise<void>;
}

import os from 'node:os';
import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock';
import { withTransaction, type Tx } from '../db/tx';
import type { LockDriver, LockHandle } from '../drivers/types';
import type { Logger } from '../logger';
import { assertTimezone, periodKey } from './period';
import { CRON_LIMITS, CronStore, type RunClaim } from './store';
import type { CronJobDef, CronRunContext } from './types';

export type CronRunStatus = 'done' | 'skipped_locked' | 'skipped_done' | 'failed';

export interface CronRunResult {
  status: CronRunStatus;
  period: string;
  counts: Record<string, number>;
  error?: string;
}

export interface CronRunnerDeps {
  sequelize: Sequelize;
  lock: LockDriver;
  logger: Logger;
  clock: Clock;
  /** the shop's IANA time zone: periods are its wall-clock days, hours, months */
  timezone: string;
  /** written into run records; defaults to hostname#pid */
  host?: string;
}

export const DEFAULT_LOCK_TTL_MS = 60_000;

/**
 * Runs one job for one period: takes the job's lock, claims the period's run record, runs the job with a
 * context whose `once` writes idempotency keys, and records the outcome. Never throws: an error in the job
 * is a `failed` run record; an error of the lock or the database (no record can be trusted then) is
 * returned as `failed` and logged.
 */
export class CronRunner {
  readonly logger: Logger;
  readonly timezone: string;
  private readonly store: CronStore;
  private readonly host: string;

  constructor(private readonly deps: CronRunnerDeps) {
    assertTimezone(deps.timezone);
    this.logger = deps.logger;
    this.timezone = deps.timezone;
    this.store = new CronStore(deps.sequelize);
    this.host = (deps.host ?? `${os.hostname()}#${process.pid}`).slice(0, CRON_LIMITS.host);
  }

  async run(job: CronJobDef, opts: { now?: Date; force?: boolean } = {}): Promise<CronRunResult> {
    const now = opts.now ?? this.deps.clock.now();
    const period = periodKey(job.period, now, this.timezone);
    const log = this.logger.child({ job: job.name, period });
    try {
      return await this.runWithLock(job, period, now, Boolean(opts.force), log);
    } catch (e) {
      log.error({ err: e }, 'cron run could not be recorded');
      return { status: 'failed', period, counts: {}, error: errorMessage(e) };
    }
  }

  private async runWithLock(
    job: CronJobDef,
    period: string,
    now: Date,
    force: boolean,
    log: Logger,
  ): Promise<CronRunResult> {
    const ttlMs = job.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
    const handle = await this.deps.lock.tryAcquire(`cron:${job.name}`, ttlMs);
    if (!handle) {
      log.debug('cron job is running elsewhere');
      return { status: 'skipped_locked', period, counts: {} };
    }
    const keepAlive = setInterval(
      () => void this.extend(handle, ttlMs, log),
      Math.max(Math.floor(ttlMs / 3), 10),
    );
    try {
      return await this.runClaimed(job, period, now, force, log);
    } finally {
      clearInterval(keepAlive);
      await handle.release().catch((e: unknown) => log.warn({ err: e }, 'cron lock release failed'));
    }
  }

  private async extend(handle: LockHandle, ttlMs: number, log: Logger): Promise<void> {
    try {
      if (!(await handle.extend(ttlMs))) log.error('cron lock lost while the job runs');
    } catch (e) {
      log.warn({ err: e }, 'cron lock extend failed');
    }
  }

  private async runClaimed(
    job: CronJobDef,
    period: string,
    now: Date,
    force: boolean,
    log: Logger,
  ): Promise<CronRunResult> {
    const result = await this.store.claimRun(job.name, period, this.host, this.deps.clock.now(), force);
    if (!result.claimed) {
      log.debug({ record: result.status }, 'cron period already handled');
      return { status: result.status === 'done' ? 'skipped_done' : 'skipped_locked', period, counts: {} };
    }
    const { claim } = result;
    if (claim.previous === 'running') log.warn('cron run record was left running: taking it over');

    const counts: Record<string, number> = {};
    const ctx: CronRunContext = {
      period,
      now,
      timezone: this.timezone,
      logger: log,
      once: (subject, fn) => this.once(job.name, period, subject, fn),
      count: (name, by = 1) => {
        counts[name] = (counts[name] ?? 0) + by;
      },
    };
    let error: string | undefined;
    try {
      await job.run(ctx);
    } catch (e) {
      error = errorMessage(e);
      log.error({ err: e, counts }, 'cron job failed');
    }
    await this.finish(claim, error === undefined ? 'done' : 'failed', counts, error, log);
    if (error === undefined) log.info({ counts, rerun: claim.previous }, 'cron job done');
    return error === undefined
      ? { status: 'done', period, counts }
      : { status: 'failed', period, counts, error };
  }

  private async finish(
    claim: RunClaim,
    status: 'done' | 'failed',
    counts: Record<string, number>,
    error: string | undefined,
    log: Logger,
  ): Promise<void> {
    const recorded = await this.store.finishRun(claim, {
      status,
      counts,
      error,
      finishedAt: this.deps.clock.now(),
    });
    if (!recorded) log.error('cron run record was taken over by another process before this run finished');
  }

  private async once(
    job: string,
    period: string,
    subject: string,
    fn: (tx: Tx) => Promise<void>,
  ): Promise<boolean> {
    if (subject.length === 0 || subject.length > CRON_LIMITS.subject) {
      throw new Error(`cron subject must be 1..${CRON_LIMITS.subject} characters: '${subject}'`);
    }
    return withTransaction(this.deps.sequelize, async (tx) => {
      if (!(await this.store.insertKey(job, subject, period, this.deps.clock.now(), tx))) return false;
      await fn(tx);
      return true;
    });
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

import cron, { type Logger as NodeCronLogger, type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger';
import { assertTimezone } from './period';
import { validateJobs } from './registry';
import type { CronRunner, CronRunResult } from './runner';
import type { CronJobDef } from './types';

/**
 * The job registry and its schedules. Every job is validated at construction (unique kebab-case names,
 * valid node-cron expressions), scheduled in the shop's time zone, and run through the CronRunner, which
 * makes a run on several machines at once safe.
 */
export class CronScheduler {
  readonly jobs: readonly CronJobDef[];
  private tasks: ScheduledTask[] | undefined;
  private readonly inFlight = new Set<Promise<CronRunResult>>();

  constructor(
    private readonly runner: CronRunner,
    jobs: CronJobDef[],
    private readonly timezone: string,
  ) {
    validateJobs(jobs);
    assertTimezone(timezone);
    this.jobs = [...jobs];
  }

  find(name: string): CronJobDef | undefined {
    return this.jobs.find((j) => j.name === name);
  }

  /** Runs a job once now (for `npm run cron -- run NAME`), outside its schedule. */
  async runNow(name: string, opts: { now?: Date; force?: boolean } = {}): Promise<CronRunResult> {
    const job = this.find(name);
    if (!job) throw new Error(`unknown cron job '${name}'`);
    return this.track(this.runner.run(job, opts));
  }

  start(): void {
    if (this.tasks) throw new Error('cron scheduler already started');
    const logger = nodeCronLogger(this.runner.logger);
    this.tasks = this.jobs.map((job) =>
      cron.schedule(
        job.schedule,
        // ctx.date is the scheduled slot: the period is the one the schedule meant, even if the timer is late
        (ctx) => this.track(this.runner.run(job, { now: ctx.date })),
        { timezone: this.timezone, name: job.name, noOverlap: true, logger },
      ),
    );
  }

  /** Stops every schedule and waits for the runs in progress to finish. */
  async stop(): Promise<void> {
    const tasks = this.tasks ?? [];
    this.tasks = undefined;
    await Promise.all(tasks.map((t) => t.destroy()));
    await Promise.allSettled([...this.inFlight]);
  }

  private track(run: Promise<CronRunResult>): Promise<CronRunResult> {
    this.inFlight.add(run);
    const forget = () => this.inFlight.delete(run);
    run.then(forget, forget);
    return run;
  }
}

function nodeCronLogger(logger: Logger): NodeCronLogger {
  const log = logger.child({ component: 'node-cron' });
  return {
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m, err) => log.error({ err: err ?? m }, String(m)),
    debug: (m, err) => log.debug({ err }, String(m)),
  };
}

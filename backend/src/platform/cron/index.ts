import type { Sequelize } from 'sequelize';
import { cronRunsPruneJob } from './prune-job';
import { outboxPruneJob } from '../outbox/prune-job';
import type { CronJobDef } from './types';

export type { CronJobDef, CronRunContext } from './types';
export { periodKey } from './period';
export { validateJobs } from './registry';
export {
  CronRunner,
  DEFAULT_LOCK_TTL_MS,
  type CronRunnerDeps,
  type CronRunResult,
  type CronRunStatus,
} from './runner';
export { CronScheduler } from './scheduler';
export { cronRunsPruneJob, CRON_RECORDS_KEPT_DAYS } from './prune-job';

/** The jobs the platform itself owns; modules add theirs through `MallModule.cronJobs`. */
export function platformCronJobs(platform: { sequelize: Sequelize }): CronJobDef[] {
  return [cronRunsPruneJob(platform.sequelize), outboxPruneJob(platform.sequelize)];
}

import type { Sequelize } from 'sequelize';
import { CronStore } from './store';
import type { CronJobDef } from './types';

export const CRON_RECORDS_KEPT_DAYS = 90;

/** Deletes run records and idempotency keys older than 90 days (daily, 03:30 shop time). */
export function cronRunsPruneJob(sequelize: Sequelize): CronJobDef {
  const store = new CronStore(sequelize);
  return {
    name: 'cron-runs-prune',
    schedule: '30 3 * * *',
    period: 'day',
    description: `Deletes cron run records and idempotency keys older than ${CRON_RECORDS_KEPT_DAYS} days`,
    async run(ctx) {
      const cutoff = new Date(ctx.now.getTime() - CRON_RECORDS_KEPT_DAYS * 24 * 3600 * 1000);
      const deleted = await store.pruneBefore(cutoff);
      ctx.count('runs', deleted.runs);
      ctx.count('keys', deleted.keys);
    },
  };
}

import type { CronJobDef } from '../../platform/cron/types';
import type { Usage } from './usage';

/** The module's schedules; the expiry is a guarded update per batch, so a rerun or an overlap is harmless. */
export function couponCronJobs(usage: Usage): CronJobDef[] {
  return [
    {
      name: 'coupon-expire',
      schedule: '*/10 * * * *',
      period: 'minute',
      description: 'Mark unused coupons past their validity as expired',
      async run(ctx) {
        ctx.count('expired', await usage.expireDue(ctx.now));
      },
    },
  ];
}

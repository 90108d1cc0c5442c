import type { CronJobDef } from '../../platform/cron/types';
import type { DistributionInternals } from './service';

/** The module's schedules; every step inside is a guarded update under the order's or account's lock. */
export function distributionCronJobs(d: DistributionInternals): CronJobDef[] {
  return [
    {
      name: 'distribution-commission-thaw',
      schedule: '*/10 * * * *',
      period: 'minute',
      description:
        'Frozen commission whose after-sales period is over becomes available (credited to the balance)',
      lockTtlMs: 120_000,
      async run(ctx) {
        const r = await d.commissions.thawDue(ctx.now);
        ctx.count('orders', r.orders);
        ctx.count('entries', r.rows);
      },
    },
    {
      name: 'distribution-transfer-sweep',
      schedule: '*/10 * * * *',
      period: 'minute',
      description:
        'Withdrawals: transfer approved ones whose job was lost, query transfers not heard of, cancel unconfirmed ones past their deadline',
      lockTtlMs: 120_000,
      async run(ctx) {
        const r = await d.withdrawals.sweep(ctx.now);
        ctx.count('transferred', r.transferred);
        ctx.count('synced', r.synced);
        ctx.count('cancelled', r.cancelled);
      },
    },
    {
      name: 'distribution-level-upgrade',
      schedule: '40 3 * * *',
      period: 'day',
      description: 'Move distributors up to the highest level whose conditions they meet',
      lockTtlMs: 300_000,
      async run(ctx) {
        const r = await d.distributors.upgradeAll();
        ctx.count('checked', r.checked);
        ctx.count('upgraded', r.upgraded);
      },
    },
  ];
}

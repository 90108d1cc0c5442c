import type { CronJobDef } from '../../platform/cron/types';
import type { OrderServiceParts } from './service';

/** The module's schedules; each transition inside is a guarded update, so a rerun or an overlap is harmless. */
export function orderCronJobs(o: OrderServiceParts): CronJobDef[] {
  return [
    {
      name: 'order-auto-cancel',
      schedule: '* * * * *',
      period: 'minute',
      description: 'Cancel unpaid orders past their payment time and return their stock',
      async run(ctx) {
        const r = await o.lifecycle.cancelExpired(ctx.now);
        ctx.count('cancelled', r.moved);
        ctx.count('skipped', r.skipped);
      },
    },
    {
      name: 'order-auto-receive',
      schedule: '*/10 * * * *',
      period: 'minute',
      description: 'Confirm receipt of orders shipped longer ago than the auto-receive days',
      async run(ctx) {
        const r = await o.lifecycle.autoReceive(ctx.now);
        ctx.count('received', r.moved);
      },
    },
    {
      name: 'order-auto-complete',
      schedule: '*/10 * * * *',
      period: 'minute',
      description: 'Complete received orders whose after-sales window closed (none open)',
      async run(ctx) {
        const r = await o.lifecycle.autoComplete(ctx.now);
        ctx.count('completed', r.moved);
        ctx.count('waiting', r.skipped);
      },
    },
    {
      name: 'order-shipping-upload-sweep',
      schedule: '*/10 * * * *',
      period: 'minute',
      description: 'Queue WeChat shipping-info uploads that were lost or failed every attempt',
      async run(ctx) {
        ctx.count('queued', await o.uploads.sweep(ctx.now));
      },
    },
    {
      name: 'order-refund-retry',
      schedule: '*/10 * * * *',
      period: 'minute',
      description: 'Ask the payment provider again for refunds committed but not confirmed',
      async run(ctx) {
        ctx.count('asked', await o.afterSales.retryStuckRefunds(ctx.now));
      },
    },
  ];
}

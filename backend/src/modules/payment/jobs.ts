import type { CronJobDef } from '../../platform/cron/types';
import type { JobHandler } from '../../platform/drivers/types';
import type { PaymentInternals } from './service';

/**
 * The `payment` queue:
 * - `refund-submit` { refundId }: the first submission of a refund reserved by a rejected payment, then a
 *   delayed `refund-sync` if the result is not known yet.
 * - `refund-sync` { refundId }: submit or query one refund; throws while it is still pending, so the queue
 *   retries it (10 runs, 60 s apart); the cron sweep takes over after that.
 * - `sandbox-refund-settle` { outRefundNo }: the sandbox's bank completes a refund and its REFUND.SUCCESS
 *   notification goes through the notification handler.
 */
export function paymentQueueHandler(p: PaymentInternals): JobHandler {
  return async (job) => {
    const data = job.data as { refundId?: number; outRefundNo?: string };
    if (job.name === 'refund-submit') {
      await p.submitQueuedRefund(Number(data.refundId));
    } else if (job.name === 'refund-sync') {
      const status = await p.syncRefund(Number(data.refundId));
      if (status === 'pending') throw new Error(`refund ${data.refundId} still pending`);
    } else if (job.name === 'sandbox-refund-settle') {
      await p.settleSandboxRefund(String(data.outRefundNo));
    } else {
      throw new Error(`payment queue: unknown job ${job.name}`);
    }
  };
}

export function paymentCronJobs(p: PaymentInternals): CronJobDef[] {
  return [
    p.reconciliation.cronJob,
    {
      name: 'pay-refund-sync',
      schedule: '*/10 * * * *',
      period: 'minute',
      description:
        'Submit or query every refund still pending after 5 minutes (notification or queue job lost)',
      async run(ctx) {
        const r = await p.syncStaleRefunds();
        ctx.count('checked', r.checked);
        ctx.count('pending', r.pending);
      },
    },
  ];
}

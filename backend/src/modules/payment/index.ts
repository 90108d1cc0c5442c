import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import { paymentCronJobs, paymentQueueHandler } from './jobs';
import { createProvider } from './providers';
import { SandboxProvider } from './providers/sandbox';
import { PAYMENT_QUEUE } from './refunds';
import { paymentRoutes } from './routes';
import { createPaymentService, type PaymentInternals, type PaymentService } from './service';

export type { PaymentService, CreatePaymentInput, OnPaidHandler, OnRefundedHandler } from './service';

/** Payments: provider contract (wechatpay, sandbox), notifications, refunds, reconciliation. */
export function paymentModule(
  platform: Platform,
): MallModule & { service: PaymentService; internals: PaymentInternals } {
  const { service, internals } = createPaymentService(platform, createProvider(platform, PAYMENT_QUEUE));
  return {
    name: 'payment',
    service,
    internals,
    routes: paymentRoutes(internals, {
      // the sandbox's "I paid" button must not exist in production, whatever the provider
      sandboxConfirm: !platform.config.isProduction && internals.provider.name === 'sandbox',
      logger: platform.logger,
    }),
    queues: [{ queue: PAYMENT_QUEUE, handler: paymentQueueHandler(internals), concurrency: 4 }],
    cronJobs: paymentCronJobs(internals),
    async init() {
      // the sandbox's RSA key pair is generated (once, for every process) at boot rather than in a request
      if (internals.provider instanceof SandboxProvider) await internals.provider.keys();
    },
  };
}

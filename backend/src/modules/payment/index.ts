import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';

/** Payments: provider contract (wechatpay, sandbox), notifications, refunds, reconciliation. */
export function paymentModule(_platform: Platform): MallModule & { service: Record<string, never> } {
  return { name: 'payment', service: {}, routes: [] };
}
export type PaymentService = ReturnType<typeof paymentModule>['service'];

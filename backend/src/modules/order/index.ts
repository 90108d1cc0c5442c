import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import type { CatalogService } from '../catalog';
import type { PaymentService } from '../payment';
import type { AccountService } from '../account/service';

/** Cart, orders, shipping, after-sales, invoices. */
export function orderModule(
  _platform: Platform,
  _deps: { accounts: AccountService; catalog: CatalogService; payment: PaymentService },
): MallModule & { service: Record<string, never> } {
  return { name: 'order', service: {}, routes: [] };
}
export type OrderService = ReturnType<typeof orderModule>['service'];

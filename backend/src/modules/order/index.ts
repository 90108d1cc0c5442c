import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import type { CatalogService } from '../catalog';
import type { PaymentService } from '../payment';
import type { AccountService } from '../account/service';
import { adminRoutes } from './admin-routes';
import { orderCronJobs } from './jobs';
import type { MarketingService } from '../marketing';
import type { AccountsPort, CatalogPort, PaymentPort, PricingPort } from './ports';
import { createOrderService } from './service';
import { SHIPPING_UPLOAD_QUEUE } from './shipping-upload';
import { shopRoutes } from './shop-routes';

/** Cart, orders, shipping, after-sales, invoices. */
export function orderModule(
  platform: Platform,
  deps: {
    accounts: AccountService;
    catalog: CatalogService;
    payment: PaymentService;
    marketing: MarketingService;
  },
) {
  const accounts: AccountsPort = deps.accounts;
  const catalog: CatalogPort = deps.catalog;
  const payment: PaymentPort = deps.payment;
  const pricing: PricingPort = deps.marketing.pricing;
  const internal = createOrderService(platform, { accounts, catalog, payment, pricing });
  const { parts, register, ...service } = internal;
  const mod: MallModule & { service: typeof service } = {
    name: 'order',
    service,
    routes: [
      ...shopRoutes(parts, { uploadMaxBytes: platform.config.storage.maxBytes }),
      ...adminRoutes(parts),
    ],
    cronJobs: orderCronJobs(parts),
    queues: [{ queue: SHIPPING_UPLOAD_QUEUE, handler: parts.uploads.handler, concurrency: 2 }],
    async init() {
      register();
    },
  };
  return mod;
}
export type OrderService = ReturnType<typeof orderModule>['service'];

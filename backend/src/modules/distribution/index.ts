import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import type { AccountService } from '../account/service';
import type { CatalogService } from '../catalog';
import type { OrderService } from '../order';
import type { ShareService } from '../share';
import { adminRoutes } from './admin-routes';
import { distributionEventHandlers } from './events';
import { distributionCronJobs } from './jobs';
import type { AccountsPort, CatalogPort, OrdersPort, SharePort } from './ports';
import { createDistributionService } from './service';
import { shopRoutes } from './shop-routes';
import { TRANSFER_QUEUE } from './withdrawals';

export type { ActivityCommissionPolicy } from './ports';

/**
 * Distribution (分销, RULES §8): distributors and levels, binding through share scenes, two-level commission
 * driven by order events, the balance ledger, withdrawals paid by WeChat Pay transfer bills.
 */
export function distributionModule(
  platform: Platform,
  deps: { orders: OrderService; accounts: AccountService; catalog: CatalogService; share: ShareService },
) {
  const orders: OrdersPort = deps.orders;
  const accounts: AccountsPort = deps.accounts;
  const catalog: CatalogPort = deps.catalog;
  const share: SharePort = deps.share;
  const internal = createDistributionService(platform, { orders, accounts, catalog, share });
  // what other modules use: activity modules say whether their campaigns pay commission
  const service = {
    registerActivityPolicy: internal.registerActivityPolicy,
    center: internal.queries.center,
  };
  const mod: MallModule & { service: typeof service; internal: typeof internal } = {
    name: 'distribution',
    service,
    internal,
    routes: [
      ...shopRoutes(internal, {
        sandboxConfirm: !platform.config.isProduction && internal.sandbox !== null,
        logger: platform.logger,
      }),
      ...adminRoutes(internal),
    ],
    eventHandlers: distributionEventHandlers(internal.commissions),
    cronJobs: distributionCronJobs(internal),
    queues: [
      {
        queue: TRANSFER_QUEUE,
        handler: async (job) =>
          internal.withdrawals.transfer((job.data as { withdrawalId: number }).withdrawalId),
        concurrency: 2,
      },
    ],
    async init() {
      internal.register();
    },
  };
  return mod;
}

export type DistributionService = ReturnType<typeof distributionModule>['service'];
export type DistributionModule = ReturnType<typeof distributionModule>;

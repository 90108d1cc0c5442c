import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import type { PointsSource } from '../marketing/ports';
import { pointsEventHandlers } from './events';
import { pointsRoutes } from './routes';
import { createPointsService, type AccountsPort, type OrdersPort } from './service';

/** Points (积分): the ledger, spending at checkout, returns, earning on receipt and clawbacks, settings. */
export function pointsModule(platform: Platform, deps: { orders: OrdersPort; accounts: AccountsPort }) {
  const internal = createPointsService(platform, deps);
  // what other modules use: the PointsSource contract of the pricing engine, and the shopper's ledger
  const service = {
    settings: internal.settings,
    balance: internal.balance,
    spend: internal.spend,
    ledger: internal.shopperLedger,
  };
  const mod: MallModule & { service: typeof service } = {
    name: 'points',
    // the marketing engine's contract: a compile error here means the service no longer offers it
    service: service satisfies PointsSource,
    routes: pointsRoutes(internal),
    eventHandlers: pointsEventHandlers(internal),
    async init() {
      internal.register();
    },
  };
  return mod;
}

export type PointsService = ReturnType<typeof pointsModule>['service'];
export type { PointsShopSettings } from './settings';

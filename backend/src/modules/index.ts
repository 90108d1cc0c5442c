import type { Platform } from '../platform';
import type { MallModule } from '../platform/module';
import { accountModule } from './account';
import { storeModule } from './store';
import { catalogModule } from './catalog';
import { paymentModule } from './payment';
import { orderModule } from './order';

/** Every domain module, in dependency order. A new module is a folder and one line here. */
export function buildModules(platform: Platform): MallModule[] {
  const account = accountModule(platform);
  const store = storeModule(platform, { accounts: account.service });
  const catalog = catalogModule(platform);
  const payment = paymentModule(platform);
  const order = orderModule(platform, {
    accounts: account.service,
    catalog: catalog.service,
    payment: payment.service,
  });
  return [account, store, catalog, payment, order];
}

import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import type { AccountService } from '../account/service';
import { storeRoutes } from './routes';
import { createStoreService, type StoreService } from './service';

/** Physical stores and the staff bound to them (staff log in through the mini-program). */
export function storeModule(
  platform: Platform,
  deps: { accounts: AccountService },
): MallModule & { service: StoreService } {
  const service = createStoreService(platform, deps.accounts);
  return { name: 'store', service, routes: storeRoutes(service) };
}
export type { StoreService };

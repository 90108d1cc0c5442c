import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import type { AccountService } from '../account/service';

/** Physical stores and the staff bound to them (staff log in through the mini-program). */
export function storeModule(_platform: Platform, _deps: { accounts: AccountService }): MallModule & { service: Record<string, never> } {
  return { name: 'store', service: {}, routes: [] };
}
export type StoreService = ReturnType<typeof storeModule>['service'];

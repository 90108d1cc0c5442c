import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import { accountRoutes } from './routes';
import { createAccountService, type AccountService } from './service';

export function accountModule(platform: Platform): MallModule & { service: AccountService } {
  const service = createAccountService(platform);
  return {
    name: 'account',
    service,
    routes: accountRoutes(service, platform.audit, { devLogin: !platform.config.isProduction }),
  };
}

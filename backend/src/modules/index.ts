import type { Platform } from '../platform';
import type { MallModule } from '../platform/module';
import { accountModule } from './account';

/** Every domain module, in dependency order. A new module is a folder and one line here. */
export function buildModules(platform: Platform): MallModule[] {
  return [accountModule(platform)];
}

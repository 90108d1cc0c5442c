import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import type { AccountService } from '../account/service';
import type { CatalogService } from '../catalog';
import { shareRoutes } from './routes';
import { createShareService, type AccountsPort, type CatalogPort } from './service';

export type {
  BindingOutcome,
  OpenHandler,
  OwnSceneView,
  SceneView,
  ShareTargetInfo,
  ShareTargetSource,
} from './service';

/**
 * Share scenes for every tool that shares: short codes resolving to a target and its sharer, posters, and
 * the open hook (distribution binds visitors with it).
 */
export function shareModule(platform: Platform, deps: { catalog: CatalogService; accounts: AccountService }) {
  const catalog: CatalogPort = deps.catalog;
  const accounts: AccountsPort = deps.accounts;
  const internal = createShareService(platform, { catalog, accounts });
  const service = {
    /** a module that owns a shareable kind (group, launch, campaign…) registers how it looks */
    registerTarget: internal.registerTarget,
    /** one handler decides what opening a scene does to the visitor (distribution's binding) */
    setOpenHandler: internal.setOpenHandler,
    createScene: internal.createScene,
    resolve: internal.resolve,
    describe: internal.describe,
  };
  const mod: MallModule & { service: typeof service } = {
    name: 'share',
    service,
    routes: shareRoutes(internal),
  };
  return mod;
}

export type ShareService = ReturnType<typeof shareModule>['service'];

import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import { catalogRoutes } from './routes';
import { createCatalogService, type CatalogService } from './service';

export type { CatalogService, SkuSnapshot, FreightQuoteInput } from './service';
export type { FreightQuote, FreightLine } from './freight';

/** Catalog: categories, products, SKUs, stock, price history, labels, freight templates. */
export function catalogModule(platform: Platform): MallModule & { service: CatalogService } {
  const service = createCatalogService(platform);
  return {
    name: 'catalog',
    service,
    routes: catalogRoutes(service, { uploadMaxBytes: platform.config.storage.maxBytes }),
  };
}

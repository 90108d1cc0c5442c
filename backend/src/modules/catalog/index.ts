import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';

/** Catalog: categories, products, SKUs, stock, price history, labels, freight templates. */
export function catalogModule(_platform: Platform): MallModule & { service: Record<string, never> } {
  return { name: 'catalog', service: {}, routes: [] };
}
export type CatalogService = ReturnType<typeof catalogModule>['service'];

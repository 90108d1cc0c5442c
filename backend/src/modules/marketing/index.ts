import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import type { CatalogService } from '../catalog';
import { createCampaignService } from './campaigns';
import { initMarketingModels } from './models';
import { createToolRegistry, defaultTools } from './engine/registry';
import type { ActivitySource, CouponSource, MemberFactsSource, PointsSource } from './ports';
import { createPricingService, type PricingSources } from './pricing';
import { createProductView } from './product-view';
import { marketingRoutes } from './routes';
import { createUsage } from './usage';

export type { PriceLine, PriceRequest, PricingService } from './pricing';
export type { ActiveCampaign } from './campaigns';
export type { CouponSource, MemberFactsSource, PointsSource, ActivitySource, ActivityQuote } from './ports';
export type * from './engine/types';

/**
 * Campaigns of every pricing tool, the pricing service (facts → the pure engine) and usage limits. Tool modules
 * register their sources here; marketing never imports them.
 */
export function marketingModule(platform: Platform, deps: { catalog: CatalogService }) {
  initMarketingModels(platform.sequelize);
  const tools = defaultTools;
  const campaigns = createCampaignService(platform, tools);
  const usage = createUsage(platform);
  const sources: PricingSources = { activities: new Map() };
  const pricing = createPricingService(platform, {
    campaigns,
    tools,
    registry: createToolRegistry(tools),
    usage,
    sources,
    giftSkus: async (skuIds) =>
      (await deps.catalog.getSkus(skuIds)).map((s) => ({
        skuId: s.skuId,
        productId: s.productId,
        stock: s.stock,
        onSale: s.onSale,
      })),
  });
  const productView = createProductView(platform, {
    campaigns,
    tools,
    product: async (productId) => {
      const view = await deps.catalog.getProduct(productId);
      const skuIds = view.skus.map((s) => s.id);
      const [first] = await deps.catalog.getSkus(skuIds.slice(0, 1));
      return { productId, categoryIds: first?.categoryIds ?? [], skuIds };
    },
  });
  const service = {
    pricing,
    campaigns,
    registerCoupons(source: CouponSource) {
      sources.coupons = source;
    },
    registerPoints(source: PointsSource) {
      sources.points = source;
    },
    registerMembers(source: MemberFactsSource) {
      sources.members = source;
    },
    registerActivity(source: ActivitySource) {
      if (sources.activities.has(source.kind)) throw new Error(`activity ${source.kind} registered twice`);
      sources.activities.set(source.kind, source);
    },
  };
  const mod: MallModule & { service: typeof service } = {
    name: 'marketing',
    service,
    routes: marketingRoutes(campaigns, productView),
    eventHandlers: usage.handlers,
  };
  return mod;
}

export type MarketingService = ReturnType<typeof marketingModule>['service'];

import type { Platform } from '../../platform';
import type { ActiveCampaign, CampaignService } from './campaigns';
import { audienceMatches, inScope } from './engine/calculator';
import { baseShopper } from './engine/shopper';
import type { MarketingTool } from './engine/types';

/** What a product page shows of the campaigns: tags of those that apply to it now, and SKU price tiers. */
export function createProductView(
  platform: Platform,
  deps: {
    campaigns: CampaignService;
    tools: readonly MarketingTool[];
    product: (id: number) => Promise<{ productId: number; categoryIds: number[]; skuIds: number[] }>;
  },
) {
  const toolByKind = new Map(deps.tools.map((t) => [t.kind, t]));
  // a visitor not logged in sees what everyone gets, and what new shoppers get
  const visitor = baseShopper({ isNew: true });

  const running = (c: ActiveCampaign, now: Date) =>
    (!c.startsAt || c.startsAt.getTime() <= now.getTime()) &&
    (!c.endsAt || c.endsAt.getTime() > now.getTime());

  async function forProduct(productId: number) {
    const product = await deps.product(productId);
    const now = platform.clock.now();
    const active = (await deps.campaigns.activeCampaigns()).filter(
      (c) => running(c, now) && inScope(c.scope, product) && audienceMatches(c.audience, visitor),
    );
    return {
      productId,
      campaigns: active.map((c) => {
        const tool = toolByKind.get(c.kind);
        return {
          id: c.id,
          kind: c.kind,
          toolTitle: tool?.title ?? c.kind,
          name: c.name,
          label: tool?.label?.(c.config) ?? tool?.title ?? c.name,
          forNewShoppers: c.audience.type === 'new',
          endsAt: c.endsAt?.toISOString() ?? null,
        };
      }),
      tiers: product.skuIds.flatMap((skuId) =>
        active.flatMap((c) => {
          const tiers = toolByKind.get(c.kind)?.unitTiers?.(c.config, skuId) ?? [];
          return tiers.length ? [{ skuId, campaignId: c.id, tiers }] : [];
        }),
      ),
    };
  }

  return { forProduct };
}

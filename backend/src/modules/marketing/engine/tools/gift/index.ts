import { z } from 'zod';
import type { MarketingTool } from '../../types';
import { distinct, fen, highestTier, sumAmounts, yuanTag } from '../common';

export const giftConfig = z
  .object({
    tiers: z
      .array(
        z
          .object({
            threshold: fen('满多少送（分，按优惠后金额）').min(1),
            skuId: z.number().int().min(1).describe('赠品 SKU'),
            quantity: z.number().int().min(1).max(99).default(1).describe('赠送数量'),
          })
          .strict(),
      )
      .min(1)
      .max(10)
      .describe('档位：达到的最高一档送对应赠品'),
  })
  .strict()
  .superRefine((c, ctx) => distinct(c.tiers, (t) => t.threshold, ctx, ['tiers'], '档位门槛不能重复'))
  .describe('满赠配置');
export type GiftConfig = z.output<typeof giftConfig>;

/**
 * 满赠 (RULES §4): after pricing, the highest tier reached on the in-scope eligible amount after discounts
 * adds its gift; the engine adds it as a 0-fen line only when the gift SKU is on sale with enough stock.
 */
export const giftTool: MarketingTool<GiftConfig> = {
  kind: 'gift',
  title: '满赠',
  configSchema: giftConfig,
  stage: 'gift',
  rank: 10,
  defaults: { priority: 0, exclusive: false, stackGroup: 'gift' },
  apply(campaign, view) {
    const tier = highestTier(campaign.config.tiers, sumAmounts(view.lines));
    if (!tier) return null;
    return { type: 'gifts', gifts: [{ skuId: tier.skuId, quantity: tier.quantity }] };
  },
  giftSkuIds: (config) => config.tiers.map((t) => t.skuId),
  label: (config) => config.tiers.map((t) => `满${yuanTag(t.threshold)}送赠品`).join('，'),
};

import { z } from 'zod';
import type { MarketingTool } from '../../types';
import { distinct, fen } from '../common';

export const tieredPriceConfig = z
  .object({
    skus: z
      .array(
        z
          .object({
            skuId: z.number().int().min(1).describe('SKU'),
            tiers: z
              .array(
                z
                  .object({
                    minQuantity: z.number().int().min(2).max(9999).describe('买满几件'),
                    unitPrice: fen('每件价格（分）'),
                  })
                  .strict(),
              )
              .min(1)
              .max(10)
              .describe('阶梯：买满几件每件多少钱'),
          })
          .strict()
          .superRefine((s, ctx) =>
            distinct(s.tiers, (t) => t.minQuantity, ctx, ['tiers'], '同一 SKU 的件数阶梯不能重复'),
          ),
      )
      .min(1)
      .max(200)
      .describe('参与阶梯价的 SKU'),
  })
  .strict()
  .superRefine((c, ctx) => distinct(c.skus, (s) => s.skuId, ctx, ['skus'], 'SKU 不能重复'))
  .describe('阶梯价配置');
export type TieredPriceConfig = z.output<typeof tieredPriceConfig>;

type TierIndex = Map<number, { minQuantity: number; unitPrice: number }[]>;
/** SKU → tiers, built once per config object (configs are not mutated while campaigns are live). */
const indexes = new WeakMap<TieredPriceConfig, TierIndex>();

function indexOf(config: TieredPriceConfig): TierIndex {
  let index = indexes.get(config);
  if (!index) {
    index = new Map(config.skus.map((s) => [s.skuId, s.tiers]));
    indexes.set(config, index);
  }
  return index;
}

/** 阶梯价 (RULES §4): a SKU's unit price when its quantity reaches a tier (the highest tier reached). */
export const tieredPriceTool: MarketingTool<TieredPriceConfig> = {
  kind: 'tiered_price',
  title: '阶梯价',
  configSchema: tieredPriceConfig,
  stage: 'unit',
  rank: 10,
  defaults: { priority: 0, exclusive: false, stackGroup: 'tiered_price' },
  apply(campaign, view) {
    const index = indexOf(campaign.config);
    const lines: { key: string; unitPrice: number }[] = [];
    for (const l of view.lines) {
      const tiers = index.get(l.skuId);
      if (!tiers) continue;
      let best: { minQuantity: number; unitPrice: number } | null = null;
      for (const t of tiers)
        if (t.minQuantity <= l.quantity && (!best || t.minQuantity > best.minQuantity)) best = t;
      if (best) lines.push({ key: l.key, unitPrice: best.unitPrice });
    }
    return lines.length ? { type: 'unit_price', lines } : null;
  },
  label: () => '多件更优惠',
  unitTiers: (config, skuId) => indexOf(config).get(skuId) ?? [],
};

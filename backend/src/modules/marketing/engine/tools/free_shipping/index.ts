import { z } from 'zod';
import type { MarketingTool } from '../../types';
import { normalizeProvince } from '../../../../catalog/provinces';
import { fen, sumAmounts, sumQuantities, yuanTag } from '../common';

export const freeShippingConfig = z
  .object({
    minAmount: fen('满多少包邮（分，按优惠后金额），空 = 不按金额').min(1).nullable().default(null),
    minItems: z
      .number()
      .int()
      .min(1)
      .max(9999)
      .nullable()
      .default(null)
      .describe('满几件包邮，空 = 不按件数'),
    excludedProvinces: z
      .array(z.string().min(1).max(32))
      .max(40)
      .default([])
      // '新疆维吾尔自治区' and '新疆' are one province; pricing hands the address's province normalized too
      .transform((list) => list.map(normalizeProvince))
      .describe('不包邮的省份（如 新疆维吾尔自治区、西藏自治区）'),
  })
  .strict()
  .describe('满包邮配置：金额和件数都为空时无门槛包邮，都填时满足其一即可');
export type FreeShippingConfig = z.output<typeof freeShippingConfig>;

/**
 * 满包邮 (RULES §4): the freight is waived when the in-scope eligible amount after discounts reaches
 * `minAmount` or their item count reaches `minItems` (either one; neither set = always), except to the
 * excluded provinces.
 */
export const freeShippingTool: MarketingTool<FreeShippingConfig> = {
  kind: 'free_shipping',
  title: '满包邮',
  configSchema: freeShippingConfig,
  stage: 'shipping',
  rank: 10,
  defaults: { priority: 0, exclusive: false, stackGroup: 'shipping' },
  apply(campaign, view) {
    const { minAmount, minItems, excludedProvinces } = campaign.config;
    const freight = view.freight;
    if (!freight.ships || freight.amount <= 0) return null;
    if (freight.province !== null && excludedProvinces.includes(freight.province)) return null;
    const reached =
      (minAmount === null && minItems === null) ||
      (minAmount !== null && sumAmounts(view.lines) >= minAmount) ||
      (minItems !== null && sumQuantities(view.lines) >= minItems);
    return reached ? { type: 'freight_discount', amount: freight.amount } : null;
  },
  label(config) {
    const by = [
      config.minAmount === null ? null : `满${yuanTag(config.minAmount)}`,
      config.minItems === null ? null : `满${config.minItems}件`,
    ].filter(Boolean);
    return by.length ? `${by.join('或')}包邮` : '包邮';
  },
};

import { z } from 'zod';
import { applyPermille } from '../../../../../platform/money';
import type { MarketingTool } from '../../types';
import {
  distinct,
  fen,
  highestTier,
  keysOf,
  permille,
  sumAmounts,
  sumQuantities,
  yuanTag,
  zheTag,
} from '../common';

const threshold = z
  .number()
  .int()
  .min(1)
  .max(1_000_000_000)
  .describe('门槛：满多少（按金额时为分，按件数时为件）');

const amountTier = z
  .object({ threshold, amountOff: fen('减多少（分）').min(1) })
  .strict()
  .describe('满减档位');
const percentTier = z
  .object({ threshold, discountPermille: permille('打几折（千分比，800 = 8 折）') })
  .strict()
  .describe('满折档位');

const tiersMode = z
  .object({
    mode: z.literal('tiers').describe('阶梯满减：达到的最高一档生效'),
    thresholdUnit: z.enum(['fen', 'items']).default('fen').describe('门槛单位：fen 金额（分）、items 件数'),
    tiers: z
      .array(z.union([amountTier, percentTier]))
      .min(1)
      .max(10)
      .describe('档位（最多 10 档）'),
  })
  .strict()
  .superRefine((c, ctx) => {
    distinct(c.tiers, (t) => t.threshold, ctx, ['tiers'], '档位门槛不能重复');
    if (c.thresholdUnit === 'fen')
      c.tiers.forEach((t, i) => {
        if ('amountOff' in t && t.amountOff > t.threshold)
          ctx.addIssue({ code: 'custom', message: '减免金额不能超过门槛', path: ['tiers', i, 'amountOff'] });
      });
  });

const everyMode = z
  .object({
    mode: z.literal('every').describe('每满减：每满 X 元减 Y 元'),
    every: fen('每满多少（分）').min(1),
    off: fen('减多少（分）').min(1),
    cap: fen('最多减多少（分），空 = 不封顶').min(1).nullable().default(null),
  })
  .strict()
  .refine((c) => c.off <= c.every, { message: '每满减的减免不能超过每满金额', path: ['off'] });

export const fullReductionConfig = z.discriminatedUnion('mode', [tiersMode, everyMode]).describe('满减配置');
export type FullReductionConfig = z.output<typeof fullReductionConfig>;

/** 满减 (RULES §4): the highest tier reached, or 每满 with a cap, over the in-scope eligible lines. */
export const fullReductionTool: MarketingTool<FullReductionConfig> = {
  kind: 'full_reduction',
  title: '满减',
  configSchema: fullReductionConfig,
  stage: 'promotion',
  rank: 20,
  defaults: { priority: 0, exclusive: false, stackGroup: 'default' },
  apply(campaign, view) {
    const config = campaign.config;
    const amount = sumAmounts(view.lines);
    let off: number;
    if (config.mode === 'every') {
      off = Math.floor(amount / config.every) * config.off;
      if (config.cap !== null && off > config.cap) off = config.cap;
    } else {
      const reached = config.thresholdUnit === 'items' ? sumQuantities(view.lines) : amount;
      const tier = highestTier(config.tiers, reached);
      if (!tier) return null;
      off = 'amountOff' in tier ? tier.amountOff : amount - applyPermille(amount, tier.discountPermille);
    }
    if (off <= 0) return null;
    return { type: 'discount', amount: off, over: keysOf(view.lines) };
  },
  label(config) {
    if (config.mode === 'every') {
      const cap = config.cap === null ? '' : `，最多减${yuanTag(config.cap)}`;
      return `每满${yuanTag(config.every)}减${yuanTag(config.off)}${cap}`;
    }
    const reach = (n: number) => (config.thresholdUnit === 'items' ? `满${n}件` : `满${yuanTag(n)}`);
    return config.tiers
      .map((t) =>
        'amountOff' in t
          ? `${reach(t.threshold)}减${yuanTag(t.amountOff)}`
          : `${reach(t.threshold)}打${zheTag(t.discountPermille)}`,
      )
      .join('，');
  },
};

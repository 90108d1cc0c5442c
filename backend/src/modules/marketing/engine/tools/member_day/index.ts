import { z } from 'zod';
import { applyPermille } from '../../../../../platform/money';
import type { MarketingTool } from '../../types';
import { shopTime } from '../../time';
import { keysOf, sumAmounts, zheTag } from '../common';

export const memberDayConfig = z
  .object({
    dayOfMonth: z
      .number()
      .int()
      .min(1)
      .max(31)
      .default(18)
      .describe('每月几号（店铺时区），没有这一天的月份不过会员日'),
    discountPermille: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(800)
      .describe('会员额外折扣（千分比，800 = 再打 8 折，1000 = 不打折只翻倍积分）'),
    pointsMultiplier: z.number().int().min(1).max(10).default(2).describe('当天积分倍数（下单收货时发放）'),
  })
  .strict()
  .describe('会员日配置');
export type MemberDayConfig = z.output<typeof memberDayConfig>;

/** Whether `view` is on the member day of `config` for a member (RULES §9: rank above base, or paid). */
export function isMemberDay(config: MemberDayConfig, view: { now: Date; timezone: string }): boolean {
  return shopTime(view.now, view.timezone).day === config.dayOfMonth;
}

/**
 * 会员日 (RULES §9): on that day of the month in shop time, members (level above the base one, or an active
 * paid membership) get an extra order-level discount; the points multiplier is for the points module.
 */
export const memberDayTool: MarketingTool<MemberDayConfig> = {
  kind: 'member_day',
  title: '会员日',
  configSchema: memberDayConfig,
  stage: 'promotion',
  rank: 30,
  defaults: { priority: 0, exclusive: false, stackGroup: 'default' },
  apply(campaign, view) {
    const config = campaign.config;
    if (!(view.shopper.levelRank > 0 || view.shopper.paidMember)) return null;
    if (!isMemberDay(config, view)) return null;
    const amount = sumAmounts(view.lines);
    const off = amount - applyPermille(amount, config.discountPermille);
    if (off <= 0) return null;
    return { type: 'discount', amount: off, over: keysOf(view.lines) };
  },
  label: (config) =>
    `每月${config.dayOfMonth}号会员日${config.discountPermille < 1000 ? `再享${zheTag(config.discountPermille)}` : ''}`,
};

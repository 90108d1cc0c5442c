import type { ShopPoints } from '../../services/api-types';
import { formatFen } from '../../services/money';

/** 千分比 → percent text: 500 → 50%, 125 → 12.5% (digits only). */
export function permilleAsPercent(permille: number): string {
  const whole = Math.floor(permille / 10);
  const tenth = permille % 10;
  return `${whole}${tenth ? `.${tenth}` : ''}%`;
}

/** The shop's points rules in the shopper's words (RULES §9), from GET /api/shop/points. */
export function pointsRules(p: ShopPoints): string[] {
  if (!p.enabled) return ['积分抵扣暂未开放'];
  const rules = [
    `每 ${p.pointsPerYuan} 积分可抵 ${formatFen(100)}，下单时在结算页开启`,
    `每单最多抵扣商品金额（优惠后、不含运费）的 ${permilleAsPercent(p.maxPermille)}`,
  ];
  if (p.minPoints > 0) rules.push(`满 ${p.minPoints} 积分可用`);
  if (p.earnPerYuan > 0) rules.push(`每消费 ${formatFen(100)} 得 ${p.earnPerYuan} 积分，确认收货后到账`);
  return rules;
}

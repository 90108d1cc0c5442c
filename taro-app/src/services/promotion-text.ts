import type { Adjustment, CouponKind, PointsReason } from './api-types';
import { formatFen } from './money';

/**
 * Promotions in the shopper's words: why a coupon cannot be used, what a coupon is worth, what kind of saving
 * an adjustment is. Amounts are only formatted here; every amount comes from the server.
 */

const REFUSAL_TEXT: Record<string, string> = {
  not_started: '未到可用时间',
  expired: '已过期',
  outside_window: '当前时段不可用',
  no_eligible_lines: '订单中没有适用商品',
  below_threshold: '未达到使用门槛',
  not_stackable: '不能与已选优惠券同时使用',
  exclusive_campaign: '与订单中的活动不能同享',
  no_freight: '订单无运费可减免',
};

/** Why a coupon cannot be used on this order; below_threshold names the threshold when there is one. */
export function couponRefusalText(reason: string | null, threshold = 0): string {
  if (reason === 'below_threshold' && threshold > 0) return `未满${formatFen(threshold)}，不可用`;
  return (reason && REFUSAL_TEXT[reason]) ?? '当前订单不可用';
}

/** 千分比 of the price kept → 折: 900 → 9折, 850 → 8.5折, 875 → 8.75折 (digits only, no arithmetic on money). */
export function permilleText(permille: number): string {
  const whole = Math.floor(permille / 100);
  const rest = String(permille % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}折`;
}

interface CouponFaceInput {
  kind: CouponKind;
  threshold: number;
  amountOff: number;
  discountPermille: number;
  maxDiscount?: number | null;
}

/** The big value of a coupon (¥15.00, 9折, 免运费) and its condition (满¥100.00可用, 无门槛, 最高减¥30.00). */
export function couponFace(c: CouponFaceInput): { value: string; condition: string } {
  const value =
    c.kind === 'amount_off'
      ? formatFen(c.amountOff)
      : c.kind === 'percent_off'
        ? permilleText(c.discountPermille)
        : '免运费';
  const parts = [c.threshold > 0 ? `满${formatFen(c.threshold)}可用` : '无门槛'];
  if (c.kind === 'percent_off' && c.maxDiscount != null) parts.push(`最高减${formatFen(c.maxDiscount)}`);
  return { value, condition: parts.join('，') };
}

const CAMPAIGN_TAG: Record<string, string> = {
  full_reduction: '满减',
  buy_n_get_m: '买N送M',
  member_day: '会员日',
  gift: '满赠',
  free_shipping: '包邮',
  tiered_price: '阶梯价',
};

/** The short tag before an adjustment's name: 会员价, 满减, 优惠券, 积分, 运费减免, … */
export function adjustmentTag(a: Pick<Adjustment, 'sourceType' | 'kind' | 'target'>): string {
  if (a.target === 'freight') return '运费减免';
  switch (a.sourceType) {
    case 'member':
      return a.kind === 'paid_member_price' ? '付费会员价' : '会员价';
    case 'coupon':
      return '优惠券';
    case 'points':
      return '积分';
    case 'activity':
      return '活动价';
    case 'campaign':
      return CAMPAIGN_TAG[a.kind] ?? '优惠';
  }
}

const POINTS_REASON: Record<PointsReason, string> = {
  earn: '购物奖励',
  spend: '下单抵扣',
  return_cancel: '订单取消退回',
  return_refund: '退款退回',
  clawback: '退款扣回',
  adjust: '商家调整',
  expire: '积分过期',
};

export const pointsReasonText = (reason: string): string =>
  POINTS_REASON[reason as PointsReason] ?? '积分变动';

import type { MyCoupon } from '../../services/api-types';
import { formatTime } from '../../services/format-time';

/** What a held coupon's card says under its name: its state and validity. */
export function couponLines(c: MyCoupon): string[] {
  switch (c.status) {
    case 'locked':
      return ['待支付订单已使用，取消订单后退回', `${formatTime(c.validTo)} 前有效`];
    case 'used':
      return [c.usedAt ? `已于 ${formatTime(c.usedAt)} 使用` : '已使用'];
    case 'expired':
      return [`已于 ${formatTime(c.validTo)} 过期`];
    case 'unused':
      if (c.notStarted) return [`${formatTime(c.validFrom)} 起可用`, `${formatTime(c.validTo)} 前有效`];
      return [
        c.daysLeft <= 3
          ? `${formatTime(c.validTo)} 前有效 · 仅剩 ${c.daysLeft} 天`
          : `${formatTime(c.validTo)} 前有效`,
      ];
  }
}

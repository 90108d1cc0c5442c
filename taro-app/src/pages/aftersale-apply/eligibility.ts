import type { AfterSaleType, OrderDetail, OrderDetailLine } from '../../services/api-types';
import { isOpenAfterSale } from '../../services/aftersale-status';

/** Order states in which the server takes after-sale requests (backend AFTERSALE_ORDER_STATES). */
const AFTERSALE_ORDER_STATES = ['paid', 'grouping', 'to_ship', 'to_verify', 'shipped', 'received'];

/** Whether the order still takes after-sales at `now`: its state, and the window that receipt opened. */
export function afterSaleWindowOpen(order: OrderDetail, now = Date.now()): boolean {
  if (!AFTERSALE_ORDER_STATES.includes(order.status)) return false;
  return order.aftersaleUntil === null || new Date(order.aftersaleUntil).getTime() > now;
}

export interface LineEligibility {
  /** units the shopper may still ask for */
  left: number;
  /** why nothing can be asked, in Chinese; undefined when something can */
  blocked?: string;
  /** goods can be sent back: physical and at least one unit shipped */
  returnable: boolean;
}

/** One open after-sale per line; gift lines none; units held by after-sales (open or refunded) cannot be asked again. */
export function lineEligibility(order: OrderDetail, line: OrderDetailLine): LineEligibility {
  const left = line.quantity - line.aftersaleQuantity;
  const returnable = line.kind === 'physical' && line.shippedQuantity > 0;
  // a 满赠 gift goes back with the goods it came with, never on its own (the server: BUSINESS_RULE gift_line)
  if (line.isGift) return { left: 0, returnable, blocked: '赠品不单独售后' };
  const open = order.afterSales.some((a) => a.orderLineId === line.id && isOpenAfterSale(a));
  if (open) return { left, returnable, blocked: '售后处理中' };
  if (left <= 0) return { left: 0, returnable, blocked: '已全部申请售后' };
  return { left, returnable };
}

export const REASONS: Record<AfterSaleType, string[]> = {
  refund_only: [
    '不想要了',
    '拍错/多拍了',
    '未按约定时间发货',
    '商品破损',
    '质量问题',
    '与商品描述不符',
    '少件/漏发',
    '其他',
  ],
  return_refund: ['不想要了', '尺码/规格不合适', '商品破损', '质量问题', '与商品描述不符', '发错货', '其他'],
};

/** The API's limits (backend modules/order/schemas.ts afterSaleBody). */
export const MAX_PHOTOS = 9;
export const MAX_DESCRIPTION = 500;

import type { AfterSale, AfterSaleStatus, AfterSaleType } from './api-types';

/** After-sale states as the shopper reads them (the server's machine: backend modules/order/state.ts). */
const STATUS_TEXT: Record<AfterSaleStatus, string> = {
  requested: '待商家处理',
  approved: '商家已同意',
  awaiting_return: '待寄回商品',
  returned: '商家已收货',
  refunding: '退款中',
  refunded: '退款成功',
  rejected: '商家已拒绝',
  withdrawn: '已撤销',
};

/** What happens next, in one sentence. */
const STATUS_HINT: Record<AfterSaleStatus, string> = {
  requested: '商家会尽快审核你的申请',
  approved: '商家已同意，将为你发起退款',
  awaiting_return: '请将商品寄回，并填写退货快递单号',
  returned: '商家已收到退货，将为你发起退款',
  refunding: '退款已发起，款项将原路退回',
  refunded: '款项已原路退回，请留意支付账户',
  rejected: '商家未同意此次申请',
  withdrawn: '你已撤销此次申请',
};

export const TYPE_TEXT: Record<AfterSaleType, string> = {
  refund_only: '仅退款',
  return_refund: '退货退款',
};

export const afterSaleStatusText = (s: AfterSaleStatus): string => STATUS_TEXT[s] ?? s;
export const afterSaleStatusHint = (s: AfterSaleStatus): string => STATUS_HINT[s] ?? '';

/** Holds its line: the server allows one open after-sale per order line. */
export const isOpenAfterSale = (a: Pick<AfterSale, 'status'>): boolean =>
  !['refunded', 'rejected', 'withdrawn'].includes(a.status);

/** The shopper may withdraw until the refund starts (the machine's `withdraw` sources). */
export const canWithdraw = (a: Pick<AfterSale, 'status'>): boolean =>
  ['requested', 'approved', 'awaiting_return'].includes(a.status);

/** Where the refund amount is final: committed to the payment provider, or paid. */
export const isAmountFixed = (a: Pick<AfterSale, 'status'>): boolean =>
  a.status === 'refunding' || a.status === 'refunded';

export interface AfterSaleStep {
  title: string;
  at: string | null;
  done: boolean;
}

/**
 * The after-sale's progress from its timestamps: 提交申请 → 商家处理 → (寄回 → 商家收货) → 退款中 → 退款成功,
 * or ending in 已拒绝 / 已撤销. Steps not reached yet are listed undone, so the shopper sees what comes.
 */
export function afterSaleSteps(a: AfterSale): AfterSaleStep[] {
  const steps: AfterSaleStep[] = [{ title: '提交申请', at: a.requestedAt, done: true }];
  if (a.status === 'rejected' || a.status === 'withdrawn') {
    if (a.approvedAt) steps.push({ title: '商家同意', at: a.approvedAt, done: true });
    if (a.returnCarrier) steps.push({ title: '已寄回商品', at: null, done: true });
    steps.push({ title: afterSaleStatusText(a.status), at: a.closedAt, done: true });
    return steps;
  }
  steps.push({
    title: a.approvedAt ? '商家同意' : '商家审核',
    at: a.approvedAt,
    done: a.approvedAt !== null,
  });
  if (a.type === 'return_refund') {
    steps.push({ title: '寄回商品', at: null, done: a.returnCarrier !== null || a.returnedAt !== null });
    steps.push({ title: '商家收货', at: a.returnedAt, done: a.returnedAt !== null });
  }
  steps.push({ title: '退款中', at: a.refundStartedAt, done: a.refundStartedAt !== null });
  steps.push({ title: '退款成功', at: a.refundedAt, done: a.refundedAt !== null });
  return steps;
}

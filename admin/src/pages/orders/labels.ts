import type { AfterSaleStatus, OrderStatus } from '../../api/models';

/** Chinese names of the order states; a Record so that a new backend state breaks the build. */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: '待付款',
  paid: '已付款',
  grouping: '拼团中',
  to_ship: '待发货',
  to_verify: '待核销',
  shipped: '已发货',
  received: '已收货',
  completed: '已完成',
  cancelled: '已取消',
  cancelled_refunded: '已取消（已退款）',
};

export const ORDER_STATUS_COLORS: Partial<Record<OrderStatus, string>> = {
  pending_payment: 'orange',
  paid: 'blue',
  to_ship: 'blue',
  shipped: 'cyan',
  received: 'green',
  completed: 'green',
  cancelled: 'default',
  cancelled_refunded: 'default',
};

export const AFTER_SALE_STATUS_LABELS: Record<AfterSaleStatus, string> = {
  requested: '待审核',
  approved: '已同意',
  awaiting_return: '待买家退货',
  returned: '已收到退货',
  refunding: '退款中',
  refunded: '已退款',
  rejected: '已拒绝',
  withdrawn: '已撤销',
};

export const AFTER_SALE_TYPE_LABELS = { refund_only: '仅退款', return_refund: '退货退款' } as const;

/** Orders whose units may still be put into packages. */
export const SHIPPABLE: readonly OrderStatus[] = ['paid', 'to_ship'];

/** Chinese names of the timeline's actions (order transitions, packages, after-sale steps). */
const TIMELINE_ACTIONS: Record<string, string> = {
  place: '下单',
  pay: '付款',
  cancel: '取消',
  await_group: '等待成团',
  group_failed: '拼团失败',
  await_shipment: '等待发货',
  await_verification: '等待核销',
  deliver: '交付',
  package: '发出包裹',
  ship: '全部发货',
  verify: '核销',
  receive: '确认收货',
  complete: '完成',
  close_refunded: '退款关闭',
  'aftersale.request': '申请售后',
  'aftersale.approve': '同意售后',
  'aftersale.await_return': '等待退货',
  'aftersale.return_sent': '买家寄回',
  'aftersale.receive_return': '收到退货',
  'aftersale.start_refund': '发起退款',
  'aftersale.refund_done': '退款成功',
  'aftersale.reject': '拒绝售后',
  'aftersale.withdraw': '撤销售后',
};

export const timelineActionLabel = (action: string): string => TIMELINE_ACTIONS[action] ?? action;

/** A product line as people read it: the title, and its specs in brackets when it has any. */
export const lineLabel = (line: { title: string; specText: string }): string =>
  line.specText ? `${line.title}（${line.specText}）` : line.title;

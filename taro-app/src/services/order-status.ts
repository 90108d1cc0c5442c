/** Order states as the shopper reads them. */
const STATUS_TEXT: Record<string, string> = {
  pending_payment: '待付款',
  paid: '待发货',
  grouping: '拼团中',
  to_ship: '待发货',
  to_verify: '待使用',
  shipped: '待收货',
  received: '已收货',
  completed: '已完成',
  cancelled: '已取消',
  cancelled_refunded: '已退款关闭',
};

export const orderStatusText = (status: string): string => STATUS_TEXT[status] ?? status;

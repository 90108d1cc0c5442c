/** The server's order tabs (`GET /api/shop/orders?tab=`), in the order the shopper sees them. */
export const ORDER_TABS = [
  { key: '', title: '全部' },
  { key: 'to_pay', title: '待付款' },
  { key: 'to_ship', title: '待发货' },
  { key: 'to_receive', title: '待收货' },
  { key: 'done', title: '已完成' },
  { key: 'closed', title: '已关闭' },
] as const;

export type OrderTabKey = (typeof ORDER_TABS)[number]['key'];

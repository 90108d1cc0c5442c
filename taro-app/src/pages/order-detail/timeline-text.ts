/** Timeline actions as the shopper reads them; an unknown action shows its target state instead. */
const ACTION_TEXT: Record<string, string> = {
  place: '提交订单',
  pay: '支付成功',
  await_shipment: '等待商家发货',
  package: '包裹已发出',
  ship: '全部发货',
  receive: '确认收货',
  complete: '订单完成',
  cancel: '订单取消',
  close_refunded: '退款关闭',
};

export const timelineText = (
  action: string,
  toStatus: string | null,
  statusText: (s: string) => string,
): string => ACTION_TEXT[action] ?? (toStatus ? statusText(toStatus) : action);

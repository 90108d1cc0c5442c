import Taro from '@tarojs/taro';
import type { OrderDetail } from '../../services/api-types';
import { confirmReceipt } from '../../services/shop-api';

const canUse = (api: string): boolean => typeof Taro.canIUse === 'function' && Taro.canIUse(api);

/** What WeChat's confirm-receipt view reports when the shopper comes back (App onShow referrerInfo). */
function waitForReturn(): { result: Promise<string | undefined>; cancel: () => void } {
  let listener: ((res: Taro.onAppShow.CallbackResult) => void) | undefined;
  const result = new Promise<string | undefined>((resolve) => {
    listener = (res) => {
      Taro.offAppShow(listener!);
      const extra = res.referrerInfo?.extraData as { status?: unknown } | undefined;
      resolve(typeof extra?.status === 'string' ? extra.status : undefined);
    };
    Taro.onAppShow(listener);
  });
  return { result, cancel: () => listener && Taro.offAppShow(listener) };
}

/**
 * 确认收货 in the mini-program. Orders paid with WeChat Pay are confirmed in WeChat's own confirm-receipt
 * view (`openBusinessView` with businessType `weappOrderConfirm` and the payment's transaction id), which
 * WeChat requires for the merchant's funds to settle; when the shopper comes back with `status: 'success'`,
 * the server records the receipt. Without a transaction id (the shop API does not give it to shoppers yet,
 * or the order was not paid through WeChat Pay) or on an older base library, a plain confirmation asks instead.
 */
export async function confirmReceiptFlow(order: OrderDetail): Promise<void> {
  if (order.transactionId && canUse('openBusinessView')) {
    const back = waitForReturn();
    let opened = true;
    try {
      // Taro's typings only know the WeChat Pay score views; the confirm-receipt view takes a transaction id
      const option = {
        businessType: 'weappOrderConfirm',
        extraData: { transaction_id: order.transactionId },
      } as unknown as Taro.openBusinessView.Option;
      await Taro.openBusinessView(option);
    } catch {
      opened = false;
      back.cancel();
    }
    if (opened) {
      if ((await back.result) === 'success') await confirmReceipt(order.id);
      return;
    }
  }
  const { confirm } = await Taro.showModal({
    title: '确认收货',
    content: '请确认已收到全部商品。确认后开始计算售后期限。',
    confirmText: '确认收货',
    confirmColor: '#fa2c19',
  });
  if (confirm) await confirmReceipt(order.id);
}

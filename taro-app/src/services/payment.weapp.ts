import Taro from '@tarojs/taro';
import { ROUTES } from './navigation';
import { startPayment } from './shop-api';

type WechatPayParams = Pick<
  Taro.requestPayment.Option,
  'timeStamp' | 'nonceStr' | 'package' | 'signType' | 'paySign'
>;

/** Asks the server for wx.requestPayment's parameters, lets WeChat take the money, then shows the result. */
export async function payForOrder(orderId: number): Promise<void> {
  const start = await startPayment(orderId);
  try {
    await Taro.requestPayment(start.payParams as WechatPayParams);
  } catch {
    // Cancelled or failed in WeChat's sheet: the result page reads the order and shows it still unpaid.
  }
  await Taro.redirectTo({ url: `${ROUTES.payResult}?orderId=${orderId}` });
}

import Taro from '@tarojs/taro';
import { ROUTES } from './navigation';
import { startPayment } from './shop-api';

/** In the browser there is no WeChat Pay: the sandbox page stands in for WeChat's payment sheet. */
export async function payForOrder(orderId: number): Promise<void> {
  const start = await startPayment(orderId);
  await Taro.redirectTo({ url: `${ROUTES.paySandbox}?orderId=${orderId}&paymentId=${start.paymentId}` });
}

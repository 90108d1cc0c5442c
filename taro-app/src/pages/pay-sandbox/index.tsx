import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { isApiError } from '../../services/api-error';
import { formatFen } from '../../services/money';
import { ROUTES } from '../../services/navigation';
import { confirmSandboxPayment, fetchOrder } from '../../services/shop-api';
import './index.scss';

/**
 * H5 only (reached from services/payment.h5.ts): stands in for WeChat's payment sheet. The server's sandbox
 * provider sends the same signed notification a real payment would.
 */
export default function PaySandboxPage() {
  const params = useRouter().params;
  const orderId = Number(params.orderId);
  const paymentId = Number(params.paymentId);
  const order = useAsync(() => fetchOrder(orderId), [orderId]);
  const [paying, setPaying] = useState(false);

  const showResult = () => void Taro.redirectTo({ url: `${ROUTES.payResult}?orderId=${orderId}` });

  const pay = async () => {
    setPaying(true);
    try {
      await confirmSandboxPayment(paymentId);
      showResult();
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '支付失败', icon: 'none' });
      setPaying(false);
    }
  };

  if (order.status === 'loading') return <LoadingState />;
  if (order.status === 'error') return <ErrorState message={order.error.message} onRetry={order.reload} />;
  return (
    <View className="pay-sandbox">
      <Text className="pay-sandbox__note">测试环境 · 模拟微信支付，不会真实扣款</Text>
      <Text className="pay-sandbox__label">支付金额</Text>
      <Text className="pay-sandbox__amount">{formatFen(order.data.payAmount)}</Text>
      <Text className="pay-sandbox__order">订单号 {order.data.orderNo}</Text>
      <Button
        className="pay-sandbox__confirm"
        type="primary"
        block
        loading={paying}
        onClick={() => void pay()}
      >
        确认支付
      </Button>
      <Button className="pay-sandbox__cancel" fill="none" block onClick={showResult}>
        暂不支付
      </Button>
    </View>
  );
}

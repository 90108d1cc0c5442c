import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { formatFen } from '../../services/money';
import { ROUTES } from '../../services/navigation';
import { orderStatusText } from '../../services/order-status';
import { fetchOrder } from '../../services/shop-api';
import './index.scss';

/** After paying (or not): what the server says the order now is, never what the payment sheet said. */
export default function PayResultPage() {
  const orderId = Number(useRouter().params.orderId);
  const order = useAsync(() => fetchOrder(orderId), [orderId]);
  if (order.status === 'loading') return <LoadingState />;
  if (order.status === 'error') return <ErrorState message={order.error.message} onRetry={order.reload} />;
  const unpaid = order.data.status === 'pending_payment';
  return (
    <View className="pay-result">
      <View className={`pay-result__mark${unpaid ? ' pay-result__mark--waiting' : ''}`}>
        {unpaid ? '!' : '✓'}
      </View>
      <Text className="pay-result__title">{unpaid ? '订单待支付' : '支付成功'}</Text>
      <Text className="pay-result__amount">{formatFen(order.data.payAmount)}</Text>
      <Text className="pay-result__status">订单状态：{orderStatusText(order.data.status)}</Text>
      <Text className="pay-result__order">订单号 {order.data.orderNo}</Text>
      {unpaid ? (
        <Button type="primary" fill="outline" onClick={order.reload}>
          刷新支付结果
        </Button>
      ) : null}
      <Button
        className="pay-result__home"
        type="primary"
        onClick={() => void Taro.switchTab({ url: ROUTES.home })}
      >
        继续逛逛
      </Button>
    </View>
  );
}

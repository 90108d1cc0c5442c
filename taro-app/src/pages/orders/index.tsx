import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import type { Order } from '../../services/api-types';
import { formatFen } from '../../services/money';
import { ROUTES } from '../../services/navigation';
import { orderStatusText } from '../../services/order-status';
import { fetchOrders } from '../../services/shop-api';
import { ORDER_TABS, type OrderTabKey } from './tabs';
import { imageUrl } from '../../services/image-url';
import './index.scss';

function OrderCard({ order }: { order: Order }) {
  const units = order.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <View
      className="order-card"
      onClick={() => void Taro.navigateTo({ url: `${ROUTES.orderDetail}?id=${order.id}` })}
    >
      <View className="order-card__head">
        <Text className="order-card__no">订单号 {order.orderNo}</Text>
        <Text className="order-card__status">{orderStatusText(order.status)}</Text>
      </View>
      {order.lines.map((line) => (
        <View key={line.id} className="order-card__line">
          {line.image ? (
            <Image className="order-card__image" src={imageUrl(line.image)} mode="aspectFill" />
          ) : null}
          <View className="order-card__line-body">
            <Text className="order-card__title">{line.title}</Text>
            <Text className="order-card__spec">
              {line.specText} ×{line.quantity}
            </Text>
          </View>
        </View>
      ))}
      <Text className="order-card__total">
        共 {units} 件 实付 {formatFen(order.payAmount)}
      </Text>
    </View>
  );
}

export default function OrdersPage() {
  const [tab, setTab] = useState<OrderTabKey>((useRouter().params.tab ?? '') as OrderTabKey);
  const orders = useAsync(() => fetchOrders({ tab: tab || undefined, pageSize: 20 }), [tab]);
  useDidShow(() => orders.reload());
  return (
    <View className="orders-page">
      <View className="orders-page__tabs">
        {ORDER_TABS.map((t) => (
          <Text
            key={t.key}
            className={`orders-page__tab${t.key === tab ? ' orders-page__tab--active' : ''}`}
            onClick={() => setTab(t.key)}
          >
            {t.title}
          </Text>
        ))}
      </View>
      {orders.status === 'loading' ? <LoadingState /> : null}
      {orders.status === 'error' ? (
        <ErrorState message={orders.error.message} onRetry={orders.reload} />
      ) : null}
      {orders.status === 'success' && orders.data.items.length === 0 ? (
        <EmptyState title="暂无订单" description="这里会显示你的订单" />
      ) : null}
      {orders.status === 'success'
        ? orders.data.items.map((order) => <OrderCard key={order.id} order={order} />)
        : null}
    </View>
  );
}

import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import type { OrderDetail } from '../../services/api-types';
import { isApiError } from '../../services/api-error';
import { formatFen } from '../../services/money';
import { orderStatusText } from '../../services/order-status';
import { payForOrder } from '../../services/payment';
import { cancelOrder, confirmReceipt, fetchOrder } from '../../services/shop-api';
import { timelineText } from './timeline-text';
import './index.scss';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className="order-detail__row">
      <Text className="order-detail__key">{label}</Text>
      <Text>{value}</Text>
    </View>
  );
}

function Detail({ order, act }: { order: OrderDetail; act: (task: () => Promise<unknown>) => void }) {
  return (
    <View className="order-detail">
      <View className="order-detail__status">{orderStatusText(order.status)}</View>

      {order.address ? (
        <View className="order-detail__card">
          <Text className="order-detail__who">
            {order.address.name} {order.address.phone}
          </Text>
          <Text className="order-detail__where">
            {order.address.province}
            {order.address.city}
            {order.address.district}
            {order.address.detail}
          </Text>
        </View>
      ) : null}

      <View className="order-detail__card">
        {order.lines.map((line) => (
          <View key={line.id} className="order-detail__line">
            {line.image ? <Image className="order-detail__image" src={line.image} mode="aspectFill" /> : null}
            <View className="order-detail__line-body">
              <Text>{line.title}</Text>
              <Text className="order-detail__spec">{line.specText}</Text>
              <Text className="order-detail__spec">
                {formatFen(line.unitPrice)} ×{line.quantity}
              </Text>
            </View>
          </View>
        ))}
        <Row label="商品金额" value={formatFen(order.goodsAmount)} />
        <Row label="运费" value={`+${formatFen(order.freightAmount)}`} />
        <Row label="优惠" value={`-${formatFen(order.discountAmount)}`} />
        <Row label="实付款" value={formatFen(order.payAmount)} />
        {order.refundedAmount > 0 ? <Row label="已退款" value={formatFen(order.refundedAmount)} /> : null}
      </View>

      {order.packages.length > 0 ? (
        <View className="order-detail__card">
          <Text className="order-detail__heading">包裹（{order.packages.length}）</Text>
          {order.packages.map((p, i) => (
            <Row key={p.id} label={`包裹 ${i + 1}`} value={`${p.carrier} ${p.trackingNo}`} />
          ))}
        </View>
      ) : null}

      <View className="order-detail__card">
        <Text className="order-detail__heading">订单进度</Text>
        {order.timeline.map((t, i) => (
          <Row key={i} label={when(t.at)} value={timelineText(t.action, t.toStatus, orderStatusText)} />
        ))}
        <Row label="订单号" value={order.orderNo} />
        {order.remark ? <Row label="备注" value={order.remark} /> : null}
      </View>

      <View className="order-detail__actions">
        {order.status === 'pending_payment' ? (
          <>
            <Button fill="outline" onClick={() => act(() => cancelOrder(order.id))}>
              取消订单
            </Button>
            <Button type="primary" onClick={() => act(() => payForOrder(order.id))}>
              去支付
            </Button>
          </>
        ) : null}
        {order.status === 'shipped' ? (
          <Button type="primary" onClick={() => act(() => confirmReceipt(order.id))}>
            确认收货
          </Button>
        ) : null}
      </View>
    </View>
  );
}

export default function OrderDetailPage() {
  const id = Number(useRouter().params.id);
  const order = useAsync(() => fetchOrder(id), [id]);
  const [busy, setBusy] = useState(false);

  const act = (task: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    task()
      .then(
        () => order.reload(),
        (e: unknown) => void Taro.showToast({ title: isApiError(e) ? e.message : '操作失败', icon: 'none' }),
      )
      .finally(() => setBusy(false));
  };

  if (order.status === 'loading') return <LoadingState />;
  if (order.status === 'error') return <ErrorState message={order.error.message} onRetry={order.reload} />;
  return <Detail order={order.data} act={act} />;
}

import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRef, useState } from 'react';
import { AdjustmentLines } from '../../components/adjustment-lines';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import type { OrderDetail } from '../../services/api-types';
import { isApiError } from '../../services/api-error';
import { formatFen } from '../../services/money';
import { orderStatusText } from '../../services/order-status';
import { payForOrder } from '../../services/payment';
import { cancelOrder, fetchOrder } from '../../services/shop-api';
import { afterSaleStatusText, isOpenAfterSale, TYPE_TEXT } from '../../services/aftersale-status';
import { ROUTES } from '../../services/navigation';
import { afterSaleWindowOpen, lineEligibility } from '../aftersale-apply/eligibility';
import { confirmReceiptFlow } from './confirm-receipt';
import { timelineText } from './timeline-text';
import { imageUrl } from '../../services/image-url';
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

const open = (url: string) => void Taro.navigateTo({ url });

/** 退款/售后 of this order: each after-sale with its state and amount, opening its detail. */
function AfterSales({ order }: { order: OrderDetail }) {
  if (order.afterSales.length === 0) return null;
  const titleOf = (lineId: number) => order.lines.find((l) => l.id === lineId)?.title ?? '商品';
  return (
    <View className="order-detail__card order-detail__aftersales">
      <Text className="order-detail__heading">退款/售后（{order.afterSales.length}）</Text>
      {order.afterSales.map((a) => (
        <View
          key={a.id}
          className="order-detail__row order-detail__aftersale"
          onClick={() => open(`${ROUTES.afterSaleDetail}?id=${a.id}`)}
        >
          <Text className="order-detail__aftersale-what">
            {titleOf(a.orderLineId)} · {TYPE_TEXT[a.type]} ×{a.quantity}
          </Text>
          <Text>
            {afterSaleStatusText(a.status)} {formatFen(a.refundAmount)} ›
          </Text>
        </View>
      ))}
    </View>
  );
}

function Detail({ order, act }: { order: OrderDetail; act: (task: () => Promise<unknown>) => void }) {
  const windowOpen = afterSaleWindowOpen(order);
  const canApply = windowOpen && order.lines.some((l) => !lineEligibility(order, l).blocked);
  const paid = !['pending_payment', 'cancelled'].includes(order.status);
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
            {line.image ? (
              <Image className="order-detail__image" src={imageUrl(line.image)} mode="aspectFill" />
            ) : null}
            <View className="order-detail__line-body">
              <Text>
                {line.isGift ? <Text className="order-detail__gift">赠品</Text> : null}
                {line.title}
              </Text>
              <Text className="order-detail__spec">{line.specText}</Text>
              <Text className="order-detail__spec">
                {formatFen(line.unitPrice)} ×{line.quantity}
              </Text>
              <View className="order-detail__line-tags">
                {line.refundedQuantity > 0 ? (
                  <Text className="order-detail__tag">
                    已退款 {line.refundedQuantity} 件 {formatFen(line.refundedAmount)}
                  </Text>
                ) : null}
                {order.afterSales.some((a) => a.orderLineId === line.id && isOpenAfterSale(a)) ? (
                  <Text className="order-detail__tag">售后中</Text>
                ) : null}
                {windowOpen && !lineEligibility(order, line).blocked ? (
                  <Text
                    className="order-detail__line-action"
                    onClick={() => open(`${ROUTES.afterSaleApply}?orderId=${order.id}&lineId=${line.id}`)}
                  >
                    申请售后
                  </Text>
                ) : null}
              </View>
            </View>
          </View>
        ))}
        <Row label="商品金额" value={formatFen(order.goodsAmount)} />
        <Row label="运费" value={`+${formatFen(order.freightAmount)}`} />
        <Row label="优惠" value={`-${formatFen(order.discountAmount)}`} />
        {order.pointsAmount > 0 ? <Row label="积分抵扣" value={`-${formatFen(order.pointsAmount)}`} /> : null}
        <Row label="实付款" value={formatFen(order.payAmount)} />
        {order.refundedAmount > 0 ? <Row label="已退款" value={formatFen(order.refundedAmount)} /> : null}
      </View>

      {order.adjustments.length > 0 ? (
        <View className="order-detail__card order-detail__adjustments">
          <Text className="order-detail__heading">优惠明细</Text>
          <AdjustmentLines adjustments={order.adjustments} />
        </View>
      ) : null}

      <AfterSales order={order} />

      {paid ? (
        <View className="order-detail__card">
          <View
            className="order-detail__row order-detail__invoice"
            onClick={() => open(`${ROUTES.invoice}?orderId=${order.id}`)}
          >
            <Text className="order-detail__key">发票</Text>
            <Text>申请开票 / 查看发票 ›</Text>
          </View>
        </View>
      ) : null}

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
        {canApply ? (
          <Button fill="outline" onClick={() => open(`${ROUTES.afterSaleApply}?orderId=${order.id}`)}>
            申请售后
          </Button>
        ) : null}
        {order.status === 'shipped' ? (
          <Button type="primary" onClick={() => act(() => confirmReceiptFlow(order))}>
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
  // back from an after-sale or the invoice page: show what changed
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) order.reload();
    shown.current = true;
  });

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

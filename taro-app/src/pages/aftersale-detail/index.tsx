import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRef, useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import {
  afterSaleStatusHint,
  afterSaleStatusText,
  afterSaleSteps,
  canWithdraw,
  isAmountFixed,
  TYPE_TEXT,
} from '../../services/aftersale-status';
import { isApiError } from '../../services/api-error';
import type { AfterSale } from '../../services/api-types';
import { carrierName } from '../../services/carriers';
import { formatTime } from '../../services/format-time';
import { formatFen } from '../../services/money';
import { ROUTES } from '../../services/navigation';
import { fetchAfterSale, withdrawAfterSale } from '../../services/shop-api';
import { ReturnParcelForm } from './return-parcel';
import { imageUrl } from '../../services/image-url';
import './index.scss';

function Row({ label, value, name }: { label: string; value: string; name?: string }) {
  return (
    <View className={`aftersale-detail__row${name ? ` aftersale-detail__row--${name}` : ''}`}>
      <Text className="aftersale-detail__key">{label}</Text>
      <Text className="aftersale-detail__value">{value}</Text>
    </View>
  );
}

/** What goes back to the shopper: the refunded amount once paid, otherwise the amount the server holds now. */
function Money({ a }: { a: AfterSale }) {
  const refunded = a.status === 'refunded';
  return (
    <View className="aftersale-detail__card">
      <View className="aftersale-detail__money">
        <Text className="aftersale-detail__money-label">{refunded ? '已退款' : '退款金额'}</Text>
        <Text className={`aftersale-detail__amount${refunded ? ' aftersale-detail__refunded' : ''}`}>
          {formatFen(a.refundAmount)}
        </Text>
      </View>
      {a.freightAmount > 0 ? <Row label="其中运费" value={formatFen(a.freightAmount)} /> : null}
      <Text className="aftersale-detail__note">
        {refunded
          ? '已原路退回你的支付账户'
          : isAmountFixed(a)
            ? '退款已发起，将原路退回你的支付账户'
            : '按商品实付金额逐件分摊计算，以商家退款时为准'}
      </Text>
    </View>
  );
}

function Detail({ a, reload }: { a: AfterSale; reload: () => void }) {
  const [busy, setBusy] = useState(false);
  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤销申请',
      content: '撤销后本次售后关闭，商品可在售后期内再次申请。确定撤销吗？',
      confirmText: '撤销',
      confirmColor: '#fa2c19',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await withdrawAfterSale(a.id);
      void Taro.showToast({ title: '已撤销', icon: 'success' });
      reload();
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '撤销失败', icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="aftersale-detail">
      <View className="aftersale-detail__status">
        <Text className="aftersale-detail__status-text">{afterSaleStatusText(a.status)}</Text>
        <Text className="aftersale-detail__hint">{afterSaleStatusHint(a.status)}</Text>
      </View>

      <Money a={a} />

      {a.status === 'rejected' && a.rejectReason ? (
        <View className="aftersale-detail__card">
          <Row label="拒绝原因" value={a.rejectReason} />
        </View>
      ) : null}

      {a.status === 'awaiting_return' && !a.returnCarrier ? (
        <ReturnParcelForm afterSaleId={a.id} onSent={reload} />
      ) : null}

      <View className="aftersale-detail__card">
        <Text className="aftersale-detail__heading">售后进度</Text>
        {afterSaleSteps(a).map((s, i) => (
          <View key={i} className={`aftersale-step${s.done ? ' aftersale-step--done' : ''}`}>
            <View className="aftersale-step__dot" />
            <Text className="aftersale-step__title">{s.title}</Text>
            <Text className="aftersale-step__at">{s.at ? formatTime(s.at) : ''}</Text>
          </View>
        ))}
      </View>

      <View className="aftersale-detail__card">
        <Text className="aftersale-detail__heading">售后信息</Text>
        <View className="aftersale-detail__line">
          {a.line?.image ? (
            <Image className="aftersale-detail__image" src={imageUrl(a.line.image)} mode="aspectFill" />
          ) : null}
          <View className="aftersale-detail__line-body">
            <Text>{a.line?.title ?? '商品'}</Text>
            {a.line?.specText ? <Text className="aftersale-detail__spec">{a.line.specText}</Text> : null}
          </View>
        </View>
        <Row label="售后类型" value={TYPE_TEXT[a.type]} />
        <Row label="申请数量" value={`${a.quantity} 件`} />
        <Row label="售后原因" value={a.reason} />
        {a.description ? <Row label="问题描述" value={a.description} /> : null}
        <Row label="凭证照片" value={a.photos.length ? `${a.photos.length} 张` : '无'} name="photos" />
        {a.returnCarrier ? (
          <Row label="退货物流" value={`${carrierName(a.returnCarrier)} ${a.returnTrackingNo ?? ''}`} />
        ) : null}
        <Row label="售后单号" value={a.afterSaleNo} />
        {a.orderNo ? (
          <View
            className="aftersale-detail__row aftersale-detail__link"
            onClick={() => void Taro.navigateTo({ url: `${ROUTES.orderDetail}?id=${a.orderId}` })}
          >
            <Text className="aftersale-detail__key">订单号</Text>
            <Text className="aftersale-detail__value">{a.orderNo} ›</Text>
          </View>
        ) : null}
      </View>

      {canWithdraw(a) ? (
        <View className="aftersale-detail__actions">
          <Button fill="outline" loading={busy} onClick={() => void withdraw()}>
            撤销申请
          </Button>
        </View>
      ) : null}
    </View>
  );
}

export default function AfterSaleDetailPage() {
  const id = Number(useRouter().params.id);
  const afterSale = useAsync(() => fetchAfterSale(id), [id]);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) afterSale.reload();
    shown.current = true;
  });
  if (afterSale.status === 'loading') return <LoadingState />;
  if (afterSale.status === 'error')
    return <ErrorState message={afterSale.error.message} onRetry={afterSale.reload} />;
  return <Detail a={afterSale.data} reload={afterSale.reload} />;
}

import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import { Button, InputNumber } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { PhotoUploader, type PhotoUploadState } from '../../components/photo-uploader';
import { useAsync } from '../../hooks/use-async';
import { TYPE_TEXT } from '../../services/aftersale-status';
import { isApiError } from '../../services/api-error';
import type { AfterSale, AfterSaleType, OrderDetail } from '../../services/api-types';
import { formatFen } from '../../services/money';
import { ROUTES } from '../../services/navigation';
import { fetchOrder, requestAfterSale } from '../../services/shop-api';
import { afterSaleWindowOpen, lineEligibility, MAX_DESCRIPTION, MAX_PHOTOS, REASONS } from './eligibility';
import { imageUrl } from '../../services/image-url';
import './index.scss';

const TYPE_HINT: Record<AfterSaleType, string> = {
  refund_only: '未收到货，或已与商家协商不用退货',
  return_refund: '已收到货，需要将商品寄回',
};

function ApplyForm({ order, preselect }: { order: OrderDetail; preselect?: number }) {
  const eligible = new Map(order.lines.map((l) => [l.id, lineEligibility(order, l)]));
  const [type, setType] = useState<AfterSaleType>('refund_only');
  const [picked, setPicked] = useState<Record<number, number>>(() => {
    const e = preselect === undefined ? undefined : eligible.get(preselect);
    return e && !e.blocked ? { [preselect!]: e.left } : {};
  });
  const [reason, setReason] = useState('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PhotoUploadState>({ keys: [], uploading: false });
  const [submitting, setSubmitting] = useState(false);

  const usable = (lineId: number, t: AfterSaleType) => {
    const e = eligible.get(lineId)!;
    return !e.blocked && (t === 'refund_only' || e.returnable);
  };
  const anyReturnable = order.lines.some((l) => usable(l.id, 'return_refund'));
  const chosen = order.lines.filter((l) => picked[l.id] !== undefined && usable(l.id, type));

  const toggle = (lineId: number) => {
    if (!usable(lineId, type)) return;
    setPicked(({ [lineId]: current, ...rest }) =>
      current === undefined ? { ...rest, [lineId]: eligible.get(lineId)!.left } : rest,
    );
  };
  const pickType = (t: AfterSaleType) => {
    if (t === 'return_refund' && !anyReturnable) return;
    setType(t);
    setReason('');
  };

  const submit = async () => {
    if (chosen.length === 0) return void Taro.showToast({ title: '请选择要售后的商品', icon: 'none' });
    if (!reason) return void Taro.showToast({ title: '请选择售后原因', icon: 'none' });
    if (photos.uploading) return void Taro.showToast({ title: '图片还在上传，请稍候', icon: 'none' });
    setSubmitting(true);
    const created: AfterSale[] = [];
    try {
      // the API takes one line per after-sale: one request per chosen line
      for (const line of chosen) {
        created.push(
          await requestAfterSale(order.id, {
            orderLineId: line.id,
            type,
            quantity: picked[line.id]!,
            reason,
            description: description.trim() || undefined,
            photos: photos.keys.length ? photos.keys : undefined,
          }),
        );
      }
    } catch (e) {
      const message = isApiError(e) ? e.message : '提交失败';
      void Taro.showToast({ title: created.length ? `部分提交失败：${message}` : message, icon: 'none' });
    } finally {
      setSubmitting(false);
    }
    if (created.length === 1) {
      void Taro.redirectTo({ url: `${ROUTES.afterSaleDetail}?id=${created[0]!.id}` });
    } else if (created.length > 1) {
      void Taro.redirectTo({ url: `${ROUTES.afterSales}?orderId=${order.id}` });
    }
  };

  return (
    <View className="aftersale-apply">
      <View className="aftersale-apply__card">
        <Text className="aftersale-apply__heading">售后类型</Text>
        <View className="aftersale-apply__options">
          {(['refund_only', 'return_refund'] as const).map((t) => {
            const disabled = t === 'return_refund' && !anyReturnable;
            return (
              <View
                key={t}
                className={`aftersale-apply__type${t === type ? ' aftersale-apply__type--active' : ''}${
                  disabled ? ' aftersale-apply__type--disabled' : ''
                }`}
                aria-disabled={disabled}
                onClick={() => pickType(t)}
              >
                <Text className="aftersale-apply__type-name">{TYPE_TEXT[t]}</Text>
                <Text className="aftersale-apply__type-hint">
                  {disabled ? '商品发货后可选' : TYPE_HINT[t]}
                </Text>
              </View>
            );
          })}
        </View>
      </View>

      <View className="aftersale-apply__card">
        <Text className="aftersale-apply__heading">选择商品和数量</Text>
        {order.lines.map((line) => {
          const e = eligible.get(line.id)!;
          const ok = usable(line.id, type);
          const selected = ok && picked[line.id] !== undefined;
          const note = e.blocked ?? (ok ? `可申请 ${e.left} 件` : '未发货，不能退货');
          return (
            <View
              key={line.id}
              className={`aftersale-apply__line${selected ? ' aftersale-apply__line--selected' : ''}${
                ok ? '' : ' aftersale-apply__line--disabled'
              }`}
            >
              <View className="aftersale-apply__line-main" onClick={() => toggle(line.id)}>
                <View className={`aftersale-apply__check${selected ? ' aftersale-apply__check--on' : ''}`} />
                {line.image ? (
                  <Image className="aftersale-apply__image" src={imageUrl(line.image)} mode="aspectFill" />
                ) : null}
                <View className="aftersale-apply__line-body">
                  <Text className="aftersale-apply__title">{line.title}</Text>
                  <Text className="aftersale-apply__spec">{line.specText}</Text>
                  <Text className="aftersale-apply__spec">
                    实付 {formatFen(line.payAmount)}（共 {line.quantity} 件） · {note}
                  </Text>
                </View>
              </View>
              {selected ? (
                <View className="aftersale-apply__quantity">
                  <Text>申请数量</Text>
                  <InputNumber
                    value={picked[line.id]}
                    min={1}
                    max={e.left}
                    onChange={(v) => setPicked((p) => ({ ...p, [line.id]: Number(v) }))}
                  />
                </View>
              ) : null}
            </View>
          );
        })}
      </View>

      <View className="aftersale-apply__card">
        <Text className="aftersale-apply__heading">售后原因</Text>
        <View className="aftersale-apply__reasons">
          {REASONS[type].map((r) => (
            <Text
              key={r}
              className={`aftersale-apply__reason${r === reason ? ' aftersale-apply__reason--active' : ''}`}
              onClick={() => setReason(r)}
            >
              {r}
            </Text>
          ))}
        </View>
      </View>

      <View className="aftersale-apply__card">
        <Text className="aftersale-apply__heading">问题描述</Text>
        <Textarea
          className="aftersale-apply__description"
          placeholder="选填，请描述遇到的问题，便于商家尽快处理"
          maxlength={MAX_DESCRIPTION}
          value={description}
          onInput={(e) => setDescription(e.detail.value)}
        />
        <Text className="aftersale-apply__heading aftersale-apply__heading--photos">
          上传凭证（选填，最多 {MAX_PHOTOS} 张）
        </Text>
        <PhotoUploader max={MAX_PHOTOS} onChange={setPhotos} />
      </View>

      <View className="aftersale-apply__card aftersale-apply__money">
        <Text className="aftersale-apply__heading">退款金额</Text>
        <Text className="aftersale-apply__note">
          按商品实付金额逐件分摊计算，退回原支付账户；提交后显示本次的退款金额，以商家退款时为准。
        </Text>
        {chosen.map((l) => (
          <Text key={l.id} className="aftersale-apply__note">
            {l.title}：实付 {formatFen(l.payAmount)}，共 {l.quantity} 件，申请 {picked[l.id]} 件
          </Text>
        ))}
      </View>

      <View className="aftersale-apply__bar">
        <Button
          block
          type="primary"
          loading={submitting}
          disabled={photos.uploading}
          onClick={() => void submit()}
        >
          提交申请
        </Button>
      </View>
    </View>
  );
}

export default function AfterSaleApplyPage() {
  const params = useRouter().params;
  const orderId = Number(params.orderId);
  const lineId = params.lineId ? Number(params.lineId) : undefined;
  const order = useAsync(() => fetchOrder(orderId), [orderId]);

  if (order.status === 'loading') return <LoadingState />;
  if (order.status === 'error') return <ErrorState message={order.error.message} onRetry={order.reload} />;
  if (!afterSaleWindowOpen(order.data))
    return (
      <EmptyState title="该订单当前不能申请售后" description="未支付、已关闭或已超过售后期限的订单不能申请" />
    );
  if (order.data.lines.every((l) => lineEligibility(order.data, l).blocked))
    return (
      <EmptyState
        title="没有可申请售后的商品"
        description="订单中的商品都已在售后中或已申请"
        actionText="查看售后记录"
        onAction={() => void Taro.redirectTo({ url: `${ROUTES.afterSales}?orderId=${orderId}` })}
      />
    );
  return <ApplyForm order={order.data} preselect={lineId} />;
}

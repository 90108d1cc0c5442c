import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useMemo, useRef, useState } from 'react';
import { AdjustmentLines } from '../../components/adjustment-lines';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import type { Address, CheckoutBody, CheckoutItem, CheckoutPreview } from '../../services/api-types';
import { type ApiError, isApiError } from '../../services/api-error';
import { imageUrl } from '../../services/image-url';
import { formatFen } from '../../services/money';
import { ROUTES } from '../../services/navigation';
import { payForOrder } from '../../services/payment';
import {
  fetchAddresses,
  fetchMyCoupons,
  fetchPoints,
  placeOrder,
  previewCheckout,
} from '../../services/shop-api';
import { AddressForm } from './address-form';
import { CouponPicker } from './coupon-picker';
import { newIdempotencyKey } from './idempotency-key';
import { CouponRow, PointsRow } from './offers';
import './index.scss';

/** `?skuId=&quantity=` is 立即购买; without them the cart's selected lines are ordered. */
function useDirectItems(): CheckoutItem[] | undefined {
  const { skuId, quantity } = useRouter().params;
  return useMemo(
    () => (skuId ? [{ skuId: Number(skuId), quantity: Number(quantity ?? 1) }] : undefined),
    [skuId, quantity],
  );
}

function AddressPicker(props: {
  addresses: Address[];
  selectedId: number | undefined;
  onSelect: (id: number) => void;
  onAdd: () => void;
}) {
  return (
    <View className="checkout-card address-picker">
      {props.addresses.map((a) => (
        <View
          key={a.id}
          className={`address-picker__item${a.id === props.selectedId ? ' address-picker__item--selected' : ''}`}
          onClick={() => props.onSelect(a.id)}
        >
          <Text className="address-picker__who">
            {a.name} {a.phone}
            {a.isDefault ? <Text className="address-picker__default">默认</Text> : null}
          </Text>
          <Text className="address-picker__where">
            {a.province}
            {a.city}
            {a.district}
            {a.detail}
          </Text>
        </View>
      ))}
      <View className="address-picker__links">
        <Text className="address-picker__add" onClick={props.onAdd}>
          ＋ 新增收货地址
        </Text>
        <Text
          className="address-picker__manage"
          onClick={() => void Taro.navigateTo({ url: ROUTES.addresses })}
        >
          管理收货地址 ›
        </Text>
      </View>
    </View>
  );
}

function AmountRow({
  name,
  label,
  fen,
  sign = '',
  was,
}: {
  name: string;
  label: string;
  fen: number;
  sign?: string;
  /** struck through before the value: the freight before 包邮 */
  was?: number;
}) {
  return (
    <View className={`checkout-amounts__row checkout-amounts__${name}`}>
      <Text>{label}</Text>
      <View className="checkout-amounts__right">
        {was !== undefined ? <Text className="checkout-amounts__was">{formatFen(was)}</Text> : null}
        <Text className="checkout-amounts__value">
          {sign}
          {formatFen(fen)}
        </Text>
      </View>
    </View>
  );
}

/** Every amount the shopper pays, as the server computed it: goods + freight − discount − points = to pay. */
function Amounts({ preview }: { preview: CheckoutPreview }) {
  return (
    <View className="checkout-card checkout-amounts">
      <AmountRow name="goods" label="商品金额" fen={preview.goodsAmount} />
      <AmountRow
        name="freight"
        label="运费"
        fen={preview.freightAmount}
        sign="+"
        was={preview.freightDiscount > 0 ? preview.freightBase : undefined}
      />
      <AmountRow name="discount" label="优惠" fen={preview.discountAmount} sign="-" />
      {preview.pointsAmount > 0 ? (
        <AmountRow name="points" label="积分抵扣" fen={preview.pointsAmount} sign="-" />
      ) : null}
      <AmountRow name="pay" label="实付款" fen={preview.payAmount} />
    </View>
  );
}

const UNIT_SOURCE_TEXT: Partial<Record<CheckoutPreview['lines'][number]['unitSource'], string>> = {
  member_price: '会员价',
  paid_member_price: '付费会员价',
  tiered_price: '多件优惠价',
  activity: '活动价',
};

function Lines({ preview }: { preview: CheckoutPreview }) {
  return (
    <View className="checkout-card">
      {preview.lines.map((line) => (
        <View
          key={`${line.skuId}-${line.isGift ? 'gift' : 'buy'}`}
          className={`checkout-line${line.isGift ? ' checkout-line--gift' : ''}`}
        >
          {line.image ? (
            <Image className="checkout-line__image" src={imageUrl(line.image)} mode="aspectFill" />
          ) : null}
          <View className="checkout-line__body">
            <Text className="checkout-line__title">
              {line.isGift ? <Text className="checkout-line__gift">赠品</Text> : null}
              {line.title}
            </Text>
            <Text className="checkout-line__spec">{line.specText}</Text>
            <View className="checkout-line__foot">
              <View className="checkout-line__price">
                <Text>{formatFen(line.unitPrice)}</Text>
                {line.listPrice > line.unitPrice ? (
                  <Text className="checkout-line__was">{formatFen(line.listPrice)}</Text>
                ) : null}
                {UNIT_SOURCE_TEXT[line.unitSource] && !line.isGift ? (
                  <Text className="checkout-line__source">{UNIT_SOURCE_TEXT[line.unitSource]}</Text>
                ) : null}
              </View>
              <Text className="checkout-line__quantity">×{line.quantity}</Text>
            </View>
          </View>
        </View>
      ))}
    </View>
  );
}

/** Errors after which the amounts changed on the server: say so and price again. */
const REPRICE_CODES = new Set(['COUPON_UNAVAILABLE', 'CAMPAIGN_LIMIT_REACHED', 'POINTS_INSUFFICIENT']);

const refusedCoupon = (e: ApiError): number | undefined => {
  const id = (e.details as { instanceId?: unknown } | undefined)?.instanceId;
  return typeof id === 'number' ? id : undefined;
};

export default function CheckoutPage() {
  const items = useDirectItems();
  const [chosenAddressId, setChosenAddressId] = useState<number>();
  const [adding, setAdding] = useState(false);
  const [remark, setRemark] = useState('');
  const [submitting, setSubmitting] = useState(false);
  /** undefined: the server picks the best coupon; []: none; otherwise the chosen instances */
  const [couponIds, setCouponIds] = useState<number[]>();
  const [usePoints, setUsePoints] = useState(false);
  const [picking, setPicking] = useState(false);
  /** why the amounts were priced again after a refused order */
  const [notice, setNotice] = useState<string>();
  // One key per order request: a repeated 提交订单 with the same body (double tap, retry) is one order; a
  // changed body (another coupon after a refusal) is a new request and needs a new key.
  const idempotency = useRef<{ body: string; key: string }>({ body: '', key: newIdempotencyKey() });

  const addresses = useAsync(fetchAddresses, []);
  const list = addresses.status === 'success' ? addresses.data : undefined;
  // a chosen address deleted meanwhile (on the address page) falls back to the default
  const addressId =
    list?.find((a) => a.id === chosenAddressId)?.id ?? list?.find((a) => a.isDefault)?.id ?? list?.[0]?.id;
  const points = useAsync(fetchPoints, []);
  // which coupons may be used together: the template's `stackable`, from my coupons
  const mine = useAsync(() => fetchMyCoupons({ status: 'unused', pageSize: 100 }), []);
  const myCoupons = mine.status === 'success' ? mine.data.items : undefined;
  const stackable = useMemo(
    () => new Set((myCoupons ?? []).filter((c) => c.stackable).map((c) => c.id)),
    [myCoupons],
  );
  // back from 管理收货地址: the list may have changed
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) addresses.reload();
    shown.current = true;
  });

  const couponKey = couponIds === undefined ? 'auto' : couponIds.join(',');
  const preview = useAsync(
    () => previewCheckout({ items, addressId, couponIds, points: usePoints ? 'max' : 0 }),
    [items, addressId, couponKey, usePoints],
    list !== undefined,
  );
  const pointsBalance = points.status === 'success' && points.data.enabled ? points.data.balance : 0;
  // while the switch is off, what 'max' would give, so that the row can say it (the server's numbers)
  const probe = useAsync(
    () => previewCheckout({ items, addressId, couponIds, points: 'max' }),
    [items, addressId, couponKey],
    list !== undefined && !usePoints && pointsBalance > 0,
  );

  /** Prices again with the same choices (the server's state changed: a coupon taken, a limit reached). */
  const reprice = () => {
    preview.reload();
    if (!usePoints && pointsBalance > 0) probe.reload();
  };

  // keep the last priced order on screen while a new preview runs (no flashing); submit waits for it
  const last = useRef<CheckoutPreview>();
  if (preview.status === 'success') last.current = preview.data;
  if (preview.status === 'error') last.current = undefined;
  const shownPreview = preview.status === 'success' ? preview.data : last.current;
  const pricing = preview.status === 'loading';

  const submit = async () => {
    if (addressId === undefined) {
      void Taro.showToast({ title: '请先添加收货地址', icon: 'none' });
      return;
    }
    if (preview.status !== 'success') return;
    // exactly what the shopper sees: the coupons and points of this preview
    const body: CheckoutBody = {
      items,
      addressId,
      remark: remark.trim() || undefined,
      couponIds: preview.data.coupons.filter((c) => c.selected).map((c) => c.instanceId),
      points: preview.data.pointsUsed,
    };
    const bodyText = JSON.stringify(body);
    if (idempotency.current.body !== bodyText) {
      idempotency.current = {
        body: bodyText,
        key: idempotency.current.body === '' ? idempotency.current.key : newIdempotencyKey(),
      };
    }
    setSubmitting(true);
    setNotice(undefined);
    try {
      const order = await placeOrder(body, idempotency.current.key);
      await payForOrder(order.id);
    } catch (e) {
      if (isApiError(e) && REPRICE_CODES.has(e.code)) {
        setNotice(`${e.message}，已按最新情况重新计算金额，请确认后再提交`);
        if (e.code === 'COUPON_UNAVAILABLE') {
          const refused = refusedCoupon(e);
          // a coupon the shopper chose is dropped; the server's own choice is simply made again
          if (couponIds && refused !== undefined) setCouponIds(couponIds.filter((id) => id !== refused));
          else reprice();
          mine.reload();
        } else {
          if (e.code === 'POINTS_INSUFFICIENT') points.reload();
          reprice();
        }
      } else {
        void Taro.showToast({ title: isApiError(e) ? e.message : '下单失败', icon: 'none' });
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (addresses.status === 'loading') return <LoadingState />;
  if (addresses.status === 'error')
    return <ErrorState message={addresses.error.message} onRetry={addresses.reload} />;

  return (
    <View className="checkout-page" aria-busy={pricing}>
      {adding || addresses.data.length === 0 ? (
        <View className="checkout-card">
          <AddressForm
            onSaved={(a) => {
              setAdding(false);
              setChosenAddressId(a.id);
              addresses.reload();
            }}
            onCancel={addresses.data.length > 0 ? () => setAdding(false) : undefined}
          />
        </View>
      ) : (
        <AddressPicker
          addresses={addresses.data}
          selectedId={addressId}
          onSelect={setChosenAddressId}
          onAdd={() => setAdding(true)}
        />
      )}

      {pricing && !shownPreview ? <LoadingState text="正在计算金额…" /> : null}
      {preview.status === 'error' ? (
        <ErrorState message={preview.error.message} onRetry={preview.reload} />
      ) : null}
      {shownPreview && shownPreview.lines.length === 0 ? <EmptyState title="没有要结算的商品" /> : null}
      {shownPreview && shownPreview.lines.length > 0 ? (
        <>
          <Lines preview={shownPreview} />
          <View className="checkout-card checkout-offers">
            <CouponRow preview={shownPreview} chosen={couponIds} onOpen={() => setPicking(true)} />
            <PointsRow
              points={points}
              on={usePoints}
              preview={shownPreview}
              probe={probe}
              onChange={setUsePoints}
            />
          </View>
          {shownPreview.adjustments.length > 0 ? (
            <View className="checkout-card checkout-adjustments">
              <Text className="checkout-card__heading">优惠明细</Text>
              <AdjustmentLines adjustments={shownPreview.adjustments} />
            </View>
          ) : null}
          {notice ? (
            <View className="checkout-card checkout-notice" role="alert">
              <Text>{notice}</Text>
            </View>
          ) : null}
          <Amounts preview={shownPreview} />
          <View className="checkout-card checkout-remark">
            <Text className="checkout-remark__label">订单备注</Text>
            <Input
              className="checkout-remark__input"
              placeholder="选填，200 字以内"
              maxlength={200}
              value={remark}
              onInput={(e) => setRemark(e.detail.value)}
            />
          </View>
          <View className="checkout-page__bar">
            <Text className="checkout-page__total">
              实付{' '}
              <Text className="checkout-page__pay">
                {pricing ? '计算中…' : formatFen(shownPreview.payAmount)}
              </Text>
            </Text>
            <Button
              type="primary"
              loading={submitting}
              disabled={addressId === undefined || adding || pricing}
              onClick={() => void submit()}
            >
              提交订单
            </Button>
          </View>
          <CouponPicker
            visible={picking}
            coupons={shownPreview.coupons}
            stackable={stackable}
            onClose={() => setPicking(false)}
            onConfirm={(ids) => {
              setPicking(false);
              setNotice(undefined);
              setCouponIds(ids);
            }}
          />
        </>
      ) : null}
    </View>
  );
}

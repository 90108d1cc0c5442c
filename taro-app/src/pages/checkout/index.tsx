import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useMemo, useRef, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import type { Address, CheckoutItem, CheckoutPreview } from '../../services/api-types';
import { isApiError } from '../../services/api-error';
import { formatFen } from '../../services/money';
import { ROUTES } from '../../services/navigation';
import { payForOrder } from '../../services/payment';
import { fetchAddresses, placeOrder, previewCheckout } from '../../services/shop-api';
import { AddressForm } from './address-form';
import { newIdempotencyKey } from './idempotency-key';
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
}: {
  name: string;
  label: string;
  fen: number;
  sign?: string;
}) {
  return (
    <View className={`checkout-amounts__row checkout-amounts__${name}`}>
      <Text>{label}</Text>
      <Text className="checkout-amounts__value">
        {sign}
        {formatFen(fen)}
      </Text>
    </View>
  );
}

/** Every amount the shopper pays, as the server computed it: goods + freight − discount = to pay. */
function Amounts({ preview }: { preview: CheckoutPreview }) {
  return (
    <View className="checkout-card checkout-amounts">
      <AmountRow name="goods" label="商品金额" fen={preview.goodsAmount} />
      <AmountRow name="freight" label="运费" fen={preview.freightAmount} sign="+" />
      <AmountRow name="discount" label="优惠" fen={preview.discountAmount} sign="-" />
      <AmountRow name="pay" label="实付款" fen={preview.payAmount} />
    </View>
  );
}

function Lines({ preview }: { preview: CheckoutPreview }) {
  return (
    <View className="checkout-card">
      {preview.lines.map((line) => (
        <View key={line.skuId} className="checkout-line">
          {line.image ? <Image className="checkout-line__image" src={line.image} mode="aspectFill" /> : null}
          <View className="checkout-line__body">
            <Text className="checkout-line__title">{line.title}</Text>
            <Text className="checkout-line__spec">{line.specText}</Text>
            <View className="checkout-line__foot">
              <Text>{formatFen(line.unitPrice)}</Text>
              <Text className="checkout-line__quantity">×{line.quantity}</Text>
            </View>
          </View>
        </View>
      ))}
    </View>
  );
}

export default function CheckoutPage() {
  const items = useDirectItems();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [chosenAddressId, setChosenAddressId] = useState<number>();
  const [adding, setAdding] = useState(false);
  const [remark, setRemark] = useState('');
  const [submitting, setSubmitting] = useState(false);

  const addresses = useAsync(fetchAddresses, []);
  const list = addresses.status === 'success' ? addresses.data : undefined;
  // a chosen address deleted meanwhile (on the address page) falls back to the default
  const addressId =
    list?.find((a) => a.id === chosenAddressId)?.id ?? list?.find((a) => a.isDefault)?.id ?? list?.[0]?.id;
  // back from 管理收货地址: the list may have changed
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) addresses.reload();
    shown.current = true;
  });
  const preview = useAsync(
    () => previewCheckout({ items, addressId }),
    [items, addressId],
    list !== undefined,
  );

  const submit = async () => {
    if (addressId === undefined) {
      void Taro.showToast({ title: '请先添加收货地址', icon: 'none' });
      return;
    }
    setSubmitting(true);
    try {
      const order = await placeOrder(
        { items, addressId, remark: remark.trim() || undefined },
        idempotencyKey,
      );
      await payForOrder(order.id);
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '下单失败', icon: 'none' });
    } finally {
      setSubmitting(false);
    }
  };

  if (addresses.status === 'loading') return <LoadingState />;
  if (addresses.status === 'error')
    return <ErrorState message={addresses.error.message} onRetry={addresses.reload} />;

  return (
    <View className="checkout-page">
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

      {preview.status === 'loading' ? <LoadingState text="正在计算金额…" /> : null}
      {preview.status === 'error' ? (
        <ErrorState message={preview.error.message} onRetry={preview.reload} />
      ) : null}
      {preview.status === 'success' && preview.data.lines.length === 0 ? (
        <EmptyState title="没有要结算的商品" />
      ) : null}
      {preview.status === 'success' && preview.data.lines.length > 0 ? (
        <>
          <Lines preview={preview.data} />
          <Amounts preview={preview.data} />
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
              实付 <Text className="checkout-page__pay">{formatFen(preview.data.payAmount)}</Text>
            </Text>
            <Button
              type="primary"
              loading={submitting}
              disabled={addressId === undefined || adding}
              onClick={() => void submit()}
            >
              提交订单
            </Button>
          </View>
        </>
      ) : null}
    </View>
  );
}

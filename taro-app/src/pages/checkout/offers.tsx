import { Text, View } from '@tarojs/components';
import { Switch } from '@nutui/nutui-react-taro';
import type { AsyncState } from '../../hooks/use-async';
import type { CheckoutPreview, ShopPoints } from '../../services/api-types';
import { formatFen } from '../../services/money';
import { couponRefusalText } from '../../services/promotion-text';

/** 优惠券 row: what the order uses now, or how many could be used; opens the picker. */
export function CouponRow(props: {
  preview: CheckoutPreview;
  chosen: number[] | undefined;
  onOpen: () => void;
}) {
  const { preview, chosen } = props;
  const selected = preview.coupons.filter((c) => c.selected);
  const usable = preview.coupons.filter((c) => c.usable).length;
  // a coupon the shopper chose that the server did not take (not stackable with another, …)
  const refused = chosen ? preview.coupons.filter((c) => chosen.includes(c.instanceId) && !c.selected) : [];
  const saving =
    selected.length === 1
      ? preview.adjustments.find((a) => a.sourceType === 'coupon' && a.sourceId === selected[0].instanceId)
      : undefined;
  let value: string;
  if (selected.length === 1)
    value = saving ? `${selected[0].name} -${formatFen(saving.amount)}` : selected[0].name;
  else if (selected.length > 1) value = `已选 ${selected.length} 张`;
  else if (usable > 0) value = `${usable} 张可用`;
  else value = preview.coupons.length > 0 ? '暂无可用' : '暂无优惠券';
  return (
    <View className="checkout-offers__item">
      <View className="checkout-offers__row checkout-offers__coupon" onClick={props.onOpen}>
        <Text className="checkout-offers__key">优惠券</Text>
        <Text
          className={`checkout-offers__value${selected.length || usable ? ' checkout-offers__value--active' : ''}`}
        >
          {value} ›
        </Text>
      </View>
      {refused.map((c) => (
        <Text key={c.instanceId} className="checkout-offers__note">
          {c.name}：{couponRefusalText(c.reason, c.threshold)}
        </Text>
      ))}
    </View>
  );
}

/**
 * 积分 row: "可用X积分抵¥Y" from the server — while the switch is off, from a second preview that asks for
 * 'max' (the probe); while it is on, from the order's own preview.
 */
export function PointsRow(props: {
  points: AsyncState<ShopPoints>;
  on: boolean;
  preview: CheckoutPreview;
  probe: AsyncState<CheckoutPreview> | undefined;
  onChange: (on: boolean) => void;
}) {
  const { points, on, preview, probe } = props;
  if (points.status !== 'success' || !points.data.enabled) return null;
  const balance = points.data.balance;
  let text: string;
  let usable = true;
  if (on) {
    text =
      preview.pointsUsed > 0
        ? `使用${preview.pointsUsed}积分抵${formatFen(preview.pointsAmount)}`
        : '本单暂不满足积分抵扣条件';
  } else if (balance <= 0) {
    text = '暂无可用积分';
    usable = false;
  } else if (probe?.status === 'success') {
    usable = probe.data.pointsUsed > 0;
    text = usable
      ? `可用${probe.data.pointsUsed}积分抵${formatFen(probe.data.pointsAmount)}`
      : `共${balance}积分，本单暂不可用`;
  } else {
    text = `共${balance}积分`;
  }
  return (
    <View className="checkout-offers__row checkout-offers__points">
      <Text className="checkout-offers__key">积分</Text>
      <Text className="checkout-offers__points-text">{text}</Text>
      <Switch
        className="checkout-offers__switch"
        checked={on}
        disabled={!on && !usable}
        onChange={(value) => props.onChange(value)}
      />
    </View>
  );
}

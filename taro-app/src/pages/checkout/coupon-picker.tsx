import { ScrollView, Text, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { CheckoutCoupon } from '../../services/api-types';
import { formatTime } from '../../services/format-time';
import { formatFen } from '../../services/money';
import { couponFace, couponRefusalText } from '../../services/promotion-text';
import { nextSelection } from './coupon-selection';

interface CouponPickerProps {
  visible: boolean;
  /** every coupon the shopper holds, as the last preview judged it on this order */
  coupons: CheckoutCoupon[];
  /** instance ids the template marks stackable (several may be used together) */
  stackable: ReadonlySet<number>;
  onClose: () => void;
  /** the chosen instances; [] = no coupon */
  onConfirm: (instanceIds: number[]) => void;
}

/**
 * 选择优惠券: usable coupons first with what each saves on this order, then the unusable ones greyed with the
 * reason. One coupon at a time, except that stackable ones can be chosen together. The amounts after the
 * choice are the server's: 确定 previews again.
 */
export function CouponPicker({ visible, coupons, stackable, onClose, onConfirm }: CouponPickerProps) {
  const [chosen, setChosen] = useState<number[]>([]);
  // each opening starts from what the order uses now
  useEffect(() => {
    if (visible) setChosen(coupons.filter((c) => c.selected).map((c) => c.instanceId));
  }, [visible, coupons]);

  const usable = coupons.filter((c) => c.usable);
  const unusable = coupons.filter((c) => !c.usable);

  return (
    <Popup
      visible={visible}
      position="bottom"
      round
      closeable
      title="选择优惠券"
      onClose={onClose}
      className="coupon-picker"
    >
      <ScrollView scrollY className="coupon-picker__list">
        {usable.length === 0 ? <Text className="coupon-picker__empty">暂无可用优惠券</Text> : null}
        {usable.map((c) => {
          const selected = chosen.includes(c.instanceId);
          return (
            <CouponItem
              key={c.instanceId}
              coupon={c}
              selected={selected}
              stackable={stackable.has(c.instanceId)}
              onTap={() => setChosen((now) => nextSelection(now, c.instanceId, stackable))}
            />
          );
        })}
        {unusable.length > 0 ? (
          <Text className="coupon-picker__section">不可用优惠券（{unusable.length}）</Text>
        ) : null}
        {unusable.map((c) => (
          <CouponItem key={c.instanceId} coupon={c} selected={false} stackable={false} />
        ))}
      </ScrollView>
      <View className="coupon-picker__actions">
        <Button className="coupon-picker__none" fill="outline" onClick={() => onConfirm([])}>
          不使用优惠券
        </Button>
        <Button className="coupon-picker__confirm" type="primary" onClick={() => onConfirm(chosen)}>
          确定
        </Button>
      </View>
    </Popup>
  );
}

function CouponItem(props: {
  coupon: CheckoutCoupon;
  selected: boolean;
  stackable: boolean;
  onTap?: () => void;
}) {
  const { coupon: c, selected } = props;
  const face = couponFace(c);
  return (
    <View
      className={`coupon-option${c.usable ? '' : ' coupon-option--disabled'}${
        selected ? ' coupon-option--selected' : ''
      }`}
      aria-disabled={!c.usable}
      aria-checked={selected}
      onClick={props.onTap}
    >
      <View className="coupon-option__face">
        <Text className="coupon-option__value">{face.value}</Text>
        <Text className="coupon-option__condition">{face.condition}</Text>
      </View>
      <View className="coupon-option__body">
        <Text className="coupon-option__name">{c.name}</Text>
        <Text className="coupon-option__valid">{formatTime(c.validTo)} 前有效</Text>
        {c.usable ? (
          <Text className="coupon-option__saving">
            本单可省 {formatFen(c.discount)}
            {props.stackable ? ' · 可叠加' : ''}
          </Text>
        ) : (
          <Text className="coupon-option__reason">{couponRefusalText(c.reason, c.threshold)}</Text>
        )}
      </View>
      {c.usable ? (
        <View className={`coupon-option__check${selected ? ' coupon-option__check--on' : ''}`} />
      ) : null}
    </View>
  );
}

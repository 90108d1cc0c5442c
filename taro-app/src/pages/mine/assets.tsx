import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useRef } from 'react';
import { type AsyncState, useAsync } from '../../hooks/use-async';
import { ROUTES } from '../../services/navigation';
import { fetchCouponSummary, fetchPoints } from '../../services/shop-api';

/** 我的 → 优惠券 and 积分 at a glance, each opening its page; counts again each time 我的 shows. */
export function Assets() {
  const coupons = useAsync(async () => (await fetchCouponSummary()).unused, []);
  const points = useAsync(async () => (await fetchPoints()).balance, []);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) {
      coupons.reload();
      points.reload();
    }
    shown.current = true;
  });
  const shownValue = (state: AsyncState<number>) =>
    state.status === 'success' ? String(state.data) : state.status === 'error' ? '--' : '…';
  return (
    <View className="mine-assets">
      <View
        className="mine-assets__item mine-assets__coupons"
        onClick={() => void Taro.navigateTo({ url: ROUTES.myCoupons })}
      >
        <Text className="mine-assets__value">{shownValue(coupons)}</Text>
        <Text className="mine-assets__label">优惠券</Text>
      </View>
      <View
        className="mine-assets__item mine-assets__points"
        onClick={() => void Taro.navigateTo({ url: ROUTES.points })}
      >
        <Text className="mine-assets__value">{shownValue(points)}</Text>
        <Text className="mine-assets__label">积分</Text>
      </View>
    </View>
  );
}

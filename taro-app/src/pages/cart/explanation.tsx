import { Text, View } from '@tarojs/components';
import { AdjustmentLines } from '../../components/adjustment-lines';
import type { AsyncState } from '../../hooks/use-async';
import type { CheckoutPreview } from '../../services/api-types';
import { formatFen } from '../../services/money';

export type CartPreviewState = AsyncState<CheckoutPreview> & { reload: () => void };

/**
 * 优惠明细 under the selected lines: what a checkout preview of the selection answers (the best coupon chosen by
 * the server, no points, freight to the default address). Without an address the server prices everything but
 * the freight (`freightQuoted: false`), which checkout quotes.
 */
export function CartExplanation({ state }: { state: CartPreviewState | undefined }) {
  if (!state) return null;
  if (state.status === 'loading')
    return (
      <View className="cart-explain cart-explain--loading">
        <Text className="cart-explain__hint">正在计算优惠…</Text>
      </View>
    );
  if (state.status === 'error') {
    return (
      <View className="cart-explain cart-explain--error" onClick={state.reload}>
        <Text className="cart-explain__hint">{state.error.message}，点击重试</Text>
      </View>
    );
  }
  const p = state.data;
  return (
    <View className="cart-explain">
      <Text className="cart-explain__heading">优惠明细</Text>
      <View className="cart-explain__row cart-explain__goods">
        <Text>商品金额</Text>
        <Text className="cart-explain__value">{formatFen(p.goodsAmount)}</Text>
      </View>
      {p.adjustments.length > 0 ? (
        <AdjustmentLines adjustments={p.adjustments} />
      ) : (
        <Text className="cart-explain__hint">暂无可用优惠</Text>
      )}
      <View className="cart-explain__row cart-explain__freight">
        <Text>运费</Text>
        <Text className="cart-explain__value">
          {p.freightQuoted ? `+${formatFen(p.freightAmount)}` : '结算时按收货地址计算'}
        </Text>
      </View>
      <View className="cart-explain__row cart-explain__total">
        <Text>{p.freightQuoted ? '优惠后合计' : '优惠后合计（不含运费）'}</Text>
        <Text className="cart-explain__value">{formatFen(p.payAmount)}</Text>
      </View>
    </View>
  );
}

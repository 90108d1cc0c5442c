import { Text, View } from '@tarojs/components';
import type { AsyncState } from '../../hooks/use-async';
import type { ProductPromotions } from '../../services/api-types';
import { formatTime } from '../../services/format-time';
import { formatFen } from '../../services/money';

/**
 * 促销: the tags of the campaigns that apply to this product now (GET /api/shop/products/:id/promotions).
 * Nothing while they load or when there are none; a failure leaves a retry line and never blocks buying.
 */
export function Promotions({ state }: { state: AsyncState<ProductPromotions> & { reload: () => void } }) {
  if (state.status === 'loading') return null;
  if (state.status === 'error')
    return (
      <View className="product-page__card promotions promotions--error" onClick={state.reload}>
        <Text className="promotions__retry">优惠信息加载失败，点击重试</Text>
      </View>
    );
  const { campaigns } = state.data;
  if (campaigns.length === 0) return null;
  return (
    <View className="product-page__card promotions">
      <Text className="promotions__heading">促销</Text>
      {campaigns.map((c) => (
        <View key={c.id} className="promotions__item">
          <Text className="promotions__tool">{c.toolTitle}</Text>
          <View className="promotions__body">
            <Text className="promotions__label">
              {c.forNewShoppers ? <Text className="promotions__new">新人专享</Text> : null}
              {c.label}
            </Text>
            <Text className="promotions__name">
              {c.name}
              {c.endsAt ? ` · ${formatTime(c.endsAt)} 结束` : ''}
            </Text>
          </View>
        </View>
      ))}
    </View>
  );
}

/** 阶梯价 of the chosen SKU: "满3件 每件¥13.00", one row per tier, as the server answers them. */
export function TierTable({
  promotions,
  skuId,
}: {
  promotions: ProductPromotions;
  skuId: number | undefined;
}) {
  if (promotions.tiers.length === 0) return null;
  if (skuId === undefined) return <Text className="tier-table__hint">选择规格后查看多件优惠价</Text>;
  const rows = promotions.tiers.filter((t) => t.skuId === skuId);
  if (rows.length === 0) return null;
  return (
    <View className="tier-table">
      <Text className="tier-table__heading">多件优惠</Text>
      {rows.flatMap((r) =>
        r.tiers.map((t) => (
          <View key={`${r.campaignId}-${t.minQuantity}`} className="tier-table__row">
            <Text className="tier-table__quantity">满{t.minQuantity}件</Text>
            <Text className="tier-table__price">每件{formatFen(t.unitPrice)}</Text>
          </View>
        )),
      )}
    </View>
  );
}

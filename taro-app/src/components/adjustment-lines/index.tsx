import { Text, View } from '@tarojs/components';
import type { Adjustment } from '../../services/api-types';
import { formatFen } from '../../services/money';
import { adjustmentTag } from '../../services/promotion-text';
import './index.scss';

/**
 * Every saving of a priced cart or an order on its own line, as the server answers them: a tag (会员价, 满减,
 * 优惠券, 积分, 运费减免), the campaign or coupon name, and the amount. Unit savings (member, tiered and activity
 * prices) are already in the unit prices, which the line says.
 */
export function AdjustmentLines({ adjustments }: { adjustments: Adjustment[] }) {
  return (
    <View className="adjustment-lines">
      {adjustments.map((a, i) => (
        <View
          key={`${a.sourceType}-${a.sourceId ?? ''}-${a.kind}-${a.target}-${i}`}
          className={`adjustment-line adjustment-line--${a.sourceType} adjustment-line--${a.target}`}
        >
          <Text className="adjustment-line__tag">{adjustmentTag(a)}</Text>
          <View className="adjustment-line__body">
            <Text className="adjustment-line__name">{a.name}</Text>
            {a.target === 'unit' ? <Text className="adjustment-line__note">已计入商品单价</Text> : null}
            {a.pointsUsed ? <Text className="adjustment-line__note">使用 {a.pointsUsed} 积分</Text> : null}
          </View>
          <Text className="adjustment-line__amount">-{formatFen(a.amount)}</Text>
        </View>
      ))}
    </View>
  );
}

import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { CouponTerms } from '../../services/api-types';
import { couponFace } from '../../services/promotion-text';
import './index.scss';

interface CouponCardProps {
  coupon: Pick<CouponTerms, 'name' | 'kind' | 'threshold' | 'amountOff' | 'discountPermille' | 'maxDiscount'>;
  /** validity, state, … under the name */
  lines: ReactNode[];
  /** the button or stamp on the right */
  action?: ReactNode;
  /** greyed: used, expired, sold out */
  dim?: boolean;
  onClick?: () => void;
  className?: string;
}

/** A coupon as a ticket: its value and threshold on the left, name and validity, an action on the right. */
export function CouponCard({ coupon, lines, action, dim, onClick, className }: CouponCardProps) {
  const face = couponFace(coupon);
  return (
    <View
      className={`coupon-card${dim ? ' coupon-card--dim' : ''}${className ? ` ${className}` : ''}`}
      onClick={onClick}
    >
      <View className="coupon-card__face">
        <Text className="coupon-card__value">{face.value}</Text>
        <Text className="coupon-card__condition">{face.condition}</Text>
      </View>
      <View className="coupon-card__body">
        <Text className="coupon-card__name">{coupon.name}</Text>
        {lines.map((line, i) => (
          <Text key={i} className="coupon-card__line">
            {line}
          </Text>
        ))}
      </View>
      {action ? <View className="coupon-card__action">{action}</View> : null}
    </View>
  );
}

import { Text, View } from '@tarojs/components';
import { formatFen } from '../../services/money';
import './index.scss';

interface PriceProps {
  price: number;
  /** struck through only when the server gives one: it is a real former price */
  originalPrice?: number | null;
  large?: boolean;
}

export function Price({ price, originalPrice, large }: PriceProps) {
  return (
    <View className={`price${large ? ' price--large' : ''}`}>
      <Text className="price__now">{formatFen(price)}</Text>
      {originalPrice != null && originalPrice > price ? (
        <Text className="price__was">{formatFen(originalPrice)}</Text>
      ) : null}
    </View>
  );
}

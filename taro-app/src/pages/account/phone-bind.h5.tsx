import { Text } from '@tarojs/components';
import type { ShopperProfile } from '../../services/api-types';

/**
 * The number comes only from WeChat's phone-number button (the server takes no typed numbers, RULES §15),
 * which exists in the mini-program alone: the browser says so.
 */
export function PhoneBind(_props: { bound: boolean; onBound: (me: ShopperProfile) => void }) {
  return <Text className="phone-bind phone-bind--h5">请在微信小程序中绑定</Text>;
}

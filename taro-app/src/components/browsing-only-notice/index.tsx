import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { openPrivacyPage } from '../../services/navigation';
import './index.scss';

/** Shown to a shopper who declined the privacy guide: what they can do, and the way back to it. */
export function BrowsingOnlyNotice() {
  return (
    <View className="browsing-only-notice">
      <Text className="browsing-only-notice__text">
        你未同意隐私保护指引，目前只能浏览商品；登录、下单、购物车等功能需同意后使用。
      </Text>
      <Button className="browsing-only-notice__action" type="primary" size="small" onClick={openPrivacyPage}>
        查看隐私保护指引
      </Button>
    </View>
  );
}

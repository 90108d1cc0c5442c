import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { BrowsingOnlyNotice } from '../../components/browsing-only-notice';
import { EmptyState } from '../../components/empty-state';
import { usePrivacyGate } from '../../hooks/use-privacy-gate';
import { ROUTES } from '../../services/navigation';
import { useSession } from '../../store/session';

export default function CartPage() {
  usePrivacyGate();
  const session = useSession();
  if (session.status === 'browsing-only') return <BrowsingOnlyNotice />;
  return (
    <View className="cart-page">
      <EmptyState
        title="购物车还是空的"
        description="挑几件喜欢的商品吧"
        actionText="去逛逛"
        onAction={() => void Taro.switchTab({ url: ROUTES.home })}
      />
    </View>
  );
}

import { Text, View } from '@tarojs/components';
import { BrowsingOnlyNotice } from '../../components/browsing-only-notice';
import { EmptyState } from '../../components/empty-state';
import { usePrivacyGate } from '../../hooks/use-privacy-gate';
import { useSession } from '../../store/session';
import './index.scss';

export default function HomePage() {
  usePrivacyGate();
  const session = useSession();
  return (
    <View className="home-page">
      <View className="home-page__banner">
        <Text className="home-page__title">欢迎光临</Text>
        <Text className="home-page__subtitle">好物精选 · 放心购</Text>
      </View>
      {session.status === 'browsing-only' ? <BrowsingOnlyNotice /> : null}
      <EmptyState title="商品即将上架" description="店铺正在准备商品，敬请期待" />
    </View>
  );
}

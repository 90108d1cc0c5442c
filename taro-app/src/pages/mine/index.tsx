import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { BrowsingOnlyNotice } from '../../components/browsing-only-notice';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { usePrivacyGate } from '../../hooks/use-privacy-gate';
import { openPrivacyPage, ROUTES } from '../../services/navigation';
import { ORDER_TABS } from '../orders/tabs';
import { restoreSession } from '../../services/session';
import { useSession } from '../../store/session';
import { Assets } from './assets';
import { ProfileCard } from './profile-card';
import './index.scss';

/** 我的 → the shopper's services beyond orders. */
const SERVICES = [
  { key: 'coupon-center', title: '领券中心', url: ROUTES.couponCenter },
  { key: 'coupons', title: '我的优惠券', url: ROUTES.myCoupons },
  { key: 'points', title: '我的积分', url: ROUTES.points },
  { key: 'aftersales', title: '退款/售后', url: ROUTES.afterSales },
  { key: 'addresses', title: '收货地址', url: ROUTES.addresses },
  { key: 'account', title: '账号与隐私', url: ROUTES.account },
] as const;

export default function MinePage() {
  usePrivacyGate();
  const session = useSession();
  switch (session.status) {
    case 'starting':
      return <LoadingState />;
    case 'needs-privacy':
      return (
        <EmptyState
          title="尚未登录"
          description="同意隐私保护指引后即可登录"
          actionText="查看隐私保护指引"
          onAction={openPrivacyPage}
        />
      );
    case 'browsing-only':
      return <BrowsingOnlyNotice />;
    case 'frozen':
      return <ErrorState message={session.message} />;
    case 'failed':
      return <ErrorState message={session.error.message} onRetry={() => void restoreSession()} />;
    case 'ready':
      return (
        <View className="mine-page">
          <ProfileCard shopperId={session.shopper.id} />
          <Assets />
          <View className="mine-page__orders">
            {ORDER_TABS.map((t) => (
              <Text
                key={t.key}
                className="mine-page__order-tab"
                onClick={() => void Taro.navigateTo({ url: `${ROUTES.orders}?tab=${t.key}` })}
              >
                {t.key === '' ? '我的订单' : t.title}
              </Text>
            ))}
          </View>
          <View className="mine-page__services">
            {SERVICES.map((item) => (
              <View
                key={item.key}
                className={`mine-page__service mine-page__service--${item.key}`}
                onClick={() => void Taro.navigateTo({ url: item.url })}
              >
                <Text>{item.title}</Text>
                <Text className="mine-page__arrow">›</Text>
              </View>
            ))}
          </View>
        </View>
      );
  }
}

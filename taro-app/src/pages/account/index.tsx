import Taro from '@tarojs/taro';
import { Image, Switch, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { isApiError } from '../../services/api-error';
import type { ShopperProfile } from '../../services/api-types';
import { openPrivacyPage, ROUTES } from '../../services/navigation';
import { fetchMe, updateSettings } from '../../services/shop-api';
import { useSession } from '../../store/session';
import { maskPhone } from '../mine/profile-card/mask-phone';
import { DataExport } from './data-export';
import { PhoneBind } from './phone-bind';
import { imageUrl } from '../../services/image-url';
import './index.scss';

function Item({
  name,
  title,
  children,
  onClick,
}: {
  name: string;
  title: string;
  children: React.ReactNode;
  onClick?: () => void;
}) {
  return (
    <View className={`account-item account-item--${name}`} onClick={onClick}>
      <Text className="account-item__title">{title}</Text>
      <View className="account-item__extra">{children}</View>
    </View>
  );
}

function Account({ initial }: { initial: ShopperProfile }) {
  const [me, setMe] = useState(initial);
  const [saving, setSaving] = useState(false);

  const toggleRecommendations = async (on: boolean) => {
    setSaving(true);
    try {
      setMe(await updateSettings({ personalizedRecommendations: on }));
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '设置失败', icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="account-page">
      <View className="account-page__card account-page__who">
        {me.avatarUrl ? (
          <Image className="account-page__avatar" src={imageUrl(me.avatarUrl)} mode="aspectFill" />
        ) : (
          <View className="account-page__avatar">{[...(me.nickname ?? '')][0] ?? '我'}</View>
        )}
        <View className="account-page__identity">
          <Text className="account-page__nickname">{me.nickname}</Text>
          <Text className="account-page__note">ID：{me.id}</Text>
        </View>
      </View>

      <View className="account-page__card">
        <Item name="phone" title="手机号">
          <Text className="account-item__value">{me.phone ? maskPhone(me.phone) : '未绑定'}</Text>
          <PhoneBind bound={me.phone !== null} onBound={setMe} />
        </Item>
        <Item name="recommendations" title="个性化推荐">
          <Switch
            className="account-item__switch"
            checked={me.personalizedRecommendations}
            color="#fa2c19"
            disabled={saving}
            onChange={(e) => void toggleRecommendations(e.detail.value)}
          />
        </Item>
        <Text className="account-page__note">关闭后，商品推荐将不基于你的浏览和购买记录。</Text>
        <Item
          name="privacy"
          title="隐私保护指引"
          onClick={() => void Taro.navigateTo({ url: ROUTES.privacyPolicy })}
        >
          <Text className="account-item__value">
            {me.privacyVersion ? `已同意 ${me.privacyVersion} 版` : '已同意'} ›
          </Text>
        </Item>
        <Item
          name="addresses"
          title="收货地址"
          onClick={() => void Taro.navigateTo({ url: ROUTES.addresses })}
        >
          <Text className="account-item__value">管理 ›</Text>
        </Item>
      </View>

      <DataExport />

      <View className="account-page__card">
        <Item
          name="delete"
          title="注销账号"
          onClick={() => void Taro.navigateTo({ url: ROUTES.accountDelete })}
        >
          <Text className="account-item__value">注销后无法恢复 ›</Text>
        </Item>
      </View>
    </View>
  );
}

/** 账号与隐私: phone, recommendations, the privacy guide, the data export and deletion (RULES §15). */
export default function AccountPage() {
  const session = useSession();
  const ready = session.status === 'ready';
  const me = useAsync(fetchMe, [], ready);
  if (session.status === 'needs-privacy' || session.status === 'browsing-only')
    return (
      <EmptyState
        title="尚未登录"
        description="同意隐私保护指引后即可管理账号"
        actionText="查看隐私保护指引"
        onAction={openPrivacyPage}
      />
    );
  if (!ready || me.status === 'loading') return <LoadingState />;
  if (me.status === 'error') return <ErrorState message={me.error.message} onRetry={me.reload} />;
  return <Account initial={me.data} />;
}

import { Text, View } from '@tarojs/components';
import { Avatar, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { ErrorState } from '../../../components/error-state';
import { LoadingState } from '../../../components/loading-state';
import { useAsync } from '../../../hooks/use-async';
import { fetchMe } from '../../../services/shop-api';
import { maskPhone } from './mask-phone';
import { imageUrl } from '../../../services/image-url';
import './index.scss';

/** The shopper as the server knows them now (GET /api/shop/me), not the copy from login. */
export function ProfileCard({ shopperId }: { shopperId: number }) {
  const me = useAsync(fetchMe, [shopperId]);
  if (me.status === 'loading') return <LoadingState />;
  if (me.status === 'error') return <ErrorState message={me.error.message} onRetry={me.reload} />;
  const shopper = me.data;
  return (
    <View className="profile-card">
      <View className="profile-card__header">
        <Avatar size="large" src={imageUrl(shopper.avatarUrl) ?? ''} />
        <View className="profile-card__identity">
          <Text className="profile-card__nickname">{shopper.nickname}</Text>
          <Text className="profile-card__id">ID：{shopper.id}</Text>
        </View>
      </View>
      <CellGroup>
        <Cell title="手机号" extra={shopper.phone ? maskPhone(shopper.phone) : '未绑定'} />
        <Cell
          title="隐私保护指引"
          extra={shopper.privacyVersion ? `已同意（${shopper.privacyVersion} 版）` : '已同意'}
        />
      </CellGroup>
    </View>
  );
}

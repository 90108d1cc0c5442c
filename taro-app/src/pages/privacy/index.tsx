import Taro, { useReady, useUnload } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRef, useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { isApiError } from '../../services/api-error';
import { leavePrivacyPage } from '../../services/navigation';
import { agreeButtonProps, announcePlatformPrivacy } from '../../services/platform-privacy';
import { acceptPrivacy, declinePrivacy } from '../../services/session';
import { fetchPrivacyGuide } from '../../services/shop-api';
import { getSession } from '../../store/session';
import './index.scss';

export default function PrivacyPage() {
  const guide = useAsync(fetchPrivacyGuide, []);
  const [accepting, setAccepting] = useState(false);
  const decided = useRef(false);

  useReady(announcePlatformPrivacy);
  // Leaving without a choice counts as 拒绝, so that the gate does not reopen the guide at once.
  useUnload(() => {
    if (!decided.current) declinePrivacy();
  });

  if (guide.status === 'loading') return <LoadingState />;
  if (guide.status === 'error') return <ErrorState message={guide.error.message} onRetry={guide.reload} />;
  const { version, title, text } = guide.data;

  const accept = async () => {
    setAccepting(true);
    try {
      await acceptPrivacy(version);
      decided.current = true;
      void Taro.showToast({ title: '已同意', icon: 'success' });
      leavePrivacyPage();
    } catch (e) {
      if (getSession().status === 'frozen') {
        decided.current = true;
        leavePrivacyPage();
        return;
      }
      void Taro.showToast({ title: isApiError(e) ? e.message : '操作失败，请重试', icon: 'none' });
    } finally {
      setAccepting(false);
    }
  };

  const decline = () => {
    decided.current = true;
    declinePrivacy();
    leavePrivacyPage();
  };

  return (
    <View className="privacy-page">
      <ScrollView className="privacy-page__body" scrollY>
        <Text className="privacy-page__title">{title}</Text>
        {text.split('\n').map((paragraph, i) => (
          <Text key={i} className="privacy-page__paragraph">
            {paragraph}
          </Text>
        ))}
        <Text className="privacy-page__version">版本：{version}</Text>
      </ScrollView>
      <View className="privacy-page__actions">
        <Button className="privacy-page__button" fill="outline" onClick={decline} disabled={accepting}>
          拒绝
        </Button>
        <Button
          {...agreeButtonProps}
          className="privacy-page__button"
          type="primary"
          loading={accepting}
          onClick={() => void accept()}
        >
          同意
        </Button>
      </View>
    </View>
  );
}

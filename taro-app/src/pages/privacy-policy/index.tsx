import { Text, View } from '@tarojs/components';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { fetchPrivacyGuide } from '../../services/shop-api';
import { useSession } from '../../store/session';
import './index.scss';

/**
 * The current privacy guide to read again (from 账号与隐私). Consent itself is given on pages/privacy, which
 * the app opens when a guide is still to be accepted; this page only shows it and what was accepted.
 */
export default function PrivacyPolicyPage() {
  const guide = useAsync(fetchPrivacyGuide, []);
  const session = useSession();
  if (guide.status === 'loading') return <LoadingState />;
  if (guide.status === 'error') return <ErrorState message={guide.error.message} onRetry={guide.reload} />;
  const { title, text, version } = guide.data;
  return (
    <View className="privacy-policy">
      <Text className="privacy-policy__title">{title}</Text>
      {text.split('\n').map((paragraph, i) => (
        <Text key={i} className="privacy-policy__paragraph">
          {paragraph}
        </Text>
      ))}
      <Text className="privacy-policy__version">
        版本：{version}
        {session.status === 'ready' && session.shopper.privacyAccepted ? '（你已同意）' : ''}
      </Text>
    </View>
  );
}

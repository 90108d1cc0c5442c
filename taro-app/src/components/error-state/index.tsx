import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import './index.scss';

interface ErrorStateProps {
  /** Already in Chinese: ApiError.message is. */
  message: string;
  onRetry?: () => void;
}

export function ErrorState({ message, onRetry }: ErrorStateProps) {
  return (
    <View className="error-state" role="alert">
      <View className="error-state__mark">!</View>
      <Text className="error-state__message">{message}</Text>
      {onRetry ? (
        <Button className="error-state__retry" type="primary" size="small" onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  );
}

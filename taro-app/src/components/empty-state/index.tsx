import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import './index.scss';

interface EmptyStateProps {
  title: string;
  description?: string;
  actionText?: string;
  onAction?: () => void;
}

/** A page or list with nothing to show yet; drawn in CSS so that nothing loads from a CDN. */
export function EmptyState({ title, description, actionText, onAction }: EmptyStateProps) {
  return (
    <View className="empty-state">
      <View className="empty-state__art" />
      <Text className="empty-state__title">{title}</Text>
      {description ? <Text className="empty-state__description">{description}</Text> : null}
      {actionText && onAction ? (
        <Button className="empty-state__action" type="primary" fill="outline" size="small" onClick={onAction}>
          {actionText}
        </Button>
      ) : null}
    </View>
  );
}

import { View } from '@tarojs/components';
import { Loading } from '@nutui/nutui-react-taro';
import './index.scss';

export function LoadingState({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="loading-state" aria-busy="true">
      <Loading direction="vertical">{text}</Loading>
    </View>
  );
}

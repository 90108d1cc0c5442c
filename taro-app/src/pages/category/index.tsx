import { View } from '@tarojs/components';
import { EmptyState } from '../../components/empty-state';
import { usePrivacyGate } from '../../hooks/use-privacy-gate';

export default function CategoryPage() {
  usePrivacyGate();
  return (
    <View className="category-page">
      <EmptyState title="暂无分类" description="商品分类整理中，稍后再来看看" />
    </View>
  );
}

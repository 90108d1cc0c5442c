import { ScrollView, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { ProductList } from '../../components/product-list';
import { useAsync } from '../../hooks/use-async';
import { usePrivacyGate } from '../../hooks/use-privacy-gate';
import { fetchCategoryTree } from '../../services/shop-api';
import { useSession } from '../../store/session';
import './index.scss';

/** Top-level categories on the left; on the right their sub-categories and the products of the chosen one. */
export default function CategoryPage() {
  usePrivacyGate();
  const session = useSession();
  const chosen = session.status === 'ready' || session.status === 'browsing-only';
  const tree = useAsync(fetchCategoryTree, [], chosen);
  const [topId, setTopId] = useState<number>();
  const [subId, setSubId] = useState<number>();
  const [bottom, setBottom] = useState(0);

  if (!chosen || tree.status === 'loading') return <LoadingState />;
  if (tree.status === 'error') return <ErrorState message={tree.error.message} onRetry={tree.reload} />;
  if (tree.data.length === 0)
    return <EmptyState title="暂无分类" description="商品分类整理中，稍后再来看看" />;

  const top = tree.data.find((c) => c.id === topId) ?? tree.data[0]!;
  const pickTop = (id: number) => {
    setTopId(id);
    setSubId(undefined);
  };
  return (
    <View className="category-page">
      <ScrollView className="category-page__side" scrollY>
        {tree.data.map((c) => (
          <View
            key={c.id}
            className={`category-page__top${c.id === top.id ? ' category-page__top--active' : ''}`}
            onClick={() => pickTop(c.id)}
          >
            {c.name}
          </View>
        ))}
      </ScrollView>
      <ScrollView
        className="category-page__main"
        scrollY
        lowerThreshold={100}
        onScrollToLower={() => setBottom((n) => n + 1)}
      >
        {top.children.length > 0 ? (
          <View className="category-page__subs">
            <Text
              className={`category-page__sub${subId === undefined ? ' category-page__sub--active' : ''}`}
              onClick={() => setSubId(undefined)}
            >
              全部
            </Text>
            {top.children.map((c) => (
              <Text
                key={c.id}
                className={`category-page__sub${c.id === subId ? ' category-page__sub--active' : ''}`}
                onClick={() => setSubId(c.id)}
              >
                {c.name}
              </Text>
            ))}
          </View>
        ) : null}
        <ProductList
          query={{ categoryId: subId ?? top.id }}
          emptyText="这个分类还没有商品"
          bottomSignal={bottom}
        />
      </ScrollView>
    </View>
  );
}

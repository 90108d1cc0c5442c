import { View } from '@tarojs/components';
import { useAsync } from '../../hooks/use-async';
import { fetchProducts, type ProductQuery } from '../../services/shop-api';
import { EmptyState } from '../empty-state';
import { ErrorState } from '../error-state';
import { LoadingState } from '../loading-state';
import { ProductCard } from '../product-card';
import './index.scss';

/** Products matching a query, with loading, empty and error states. */
export function ProductList({ query, emptyText }: { query: ProductQuery; emptyText: string }) {
  const { keyword, categoryId } = query;
  const list = useAsync(() => fetchProducts({ pageSize: 20, keyword, categoryId }), [keyword, categoryId]);
  if (list.status === 'loading') return <LoadingState />;
  if (list.status === 'error') return <ErrorState message={list.error.message} onRetry={list.reload} />;
  if (list.data.items.length === 0) return <EmptyState title={emptyText} description="换个条件试试" />;
  return (
    <View className="product-list">
      {list.data.items.map((p) => (
        <ProductCard key={p.id} product={p} />
      ))}
    </View>
  );
}

import { View } from '@tarojs/components';
import { useEffect } from 'react';
import { usePaged } from '../../hooks/use-paged';
import { fetchProducts, type ProductQuery } from '../../services/shop-api';
import { EmptyState } from '../empty-state';
import { ErrorState } from '../error-state';
import { LoadingState } from '../loading-state';
import { LoadMore } from '../load-more';
import { ProductCard } from '../product-card';
import './index.scss';

/** Cards per page: the API's own default for shop lists. */
export const PRODUCT_PAGE_SIZE = 10;

interface ProductListProps {
  query: ProductQuery;
  emptyText: string;
  /**
   * Changes each time the shopper scrolls to the bottom (the page's useReachBottom, or a ScrollView's
   * onScrollToLower): the next page is loaded then.
   */
  bottomSignal?: number;
}

/** Products matching a query, page by page (infinite scroll), with loading, empty and error states. */
export function ProductList({ query, emptyText, bottomSignal = 0 }: ProductListProps) {
  const { keyword, categoryId } = query;
  const list = usePaged(
    (page) => fetchProducts({ page, pageSize: PRODUCT_PAGE_SIZE, keyword, categoryId }),
    [keyword, categoryId],
  );
  const { loadMore } = list;
  useEffect(() => {
    if (bottomSignal > 0) loadMore();
  }, [bottomSignal, loadMore]);

  if (list.status === 'loading') return <LoadingState />;
  if (list.status === 'error') return <ErrorState message={list.error.message} onRetry={list.reload} />;
  if (list.items.length === 0) return <EmptyState title={emptyText} description="换个条件试试" />;
  return (
    <View className="product-list">
      {list.items.map((p) => (
        <ProductCard key={p.id} product={p} />
      ))}
      <LoadMore
        hasMore={list.hasMore}
        loading={list.loadingMore}
        error={list.moreError}
        onLoadMore={list.loadMore}
      />
    </View>
  );
}

import Taro, { useReachBottom } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { BrowsingOnlyNotice } from '../../components/browsing-only-notice';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { LoadMore } from '../../components/load-more';
import { ProductCard } from '../../components/product-card';
import { PRODUCT_PAGE_SIZE } from '../../components/product-list';
import { useAsync } from '../../hooks/use-async';
import { usePaged } from '../../hooks/use-paged';
import { usePrivacyGate } from '../../hooks/use-privacy-gate';
import { ROUTES } from '../../services/navigation';
import type { CategoryNode } from '../../services/api-types';
import { fetchCategoryTree, fetchProducts } from '../../services/shop-api';
import { useSession } from '../../store/session';
import { HomeBanner } from './banner';
import { imageUrl } from '../../services/image-url';
import './index.scss';

const openSearch = (query = '') => void Taro.navigateTo({ url: `${ROUTES.search}${query}` });

function CategoryEntries({ categories }: { categories: CategoryNode[] }) {
  return (
    <View className="home-page__entries">
      {categories.slice(0, 8).map((c) => (
        <View
          key={c.id}
          className="home-page__entry"
          onClick={() => openSearch(`?categoryId=${c.id}&title=${encodeURIComponent(c.name)}`)}
        >
          {c.iconUrl ? (
            <Image className="home-page__entry-icon" src={imageUrl(c.iconUrl)} mode="aspectFill" />
          ) : (
            <View className="home-page__entry-icon">{c.name.slice(0, 1)}</View>
          )}
          <Text className="home-page__entry-name">{c.name}</Text>
        </View>
      ))}
    </View>
  );
}

export default function HomePage() {
  usePrivacyGate();
  const session = useSession();
  // Not before the privacy choice: nothing at all is requested until the shopper has seen the guide.
  const chosen = session.status === 'ready' || session.status === 'browsing-only';
  const feed = usePaged((page) => fetchProducts({ page, pageSize: PRODUCT_PAGE_SIZE }), [], chosen);
  const categories = useAsync(fetchCategoryTree, [], chosen);
  useReachBottom(feed.loadMore);
  return (
    <View className="home-page">
      <View className="home-page__search" onClick={() => openSearch()}>
        搜索商品
      </View>
      <HomeBanner enabled={chosen} />
      {session.status === 'browsing-only' ? <BrowsingOnlyNotice /> : null}
      {categories.status === 'success' ? <CategoryEntries categories={categories.data} /> : null}
      {feed.status === 'loading' ? <LoadingState /> : null}
      {feed.status === 'error' ? <ErrorState message={feed.error.message} onRetry={feed.reload} /> : null}
      {feed.status === 'success' && feed.items.length === 0 ? (
        <EmptyState title="商品即将上架" description="店铺正在准备商品，敬请期待" />
      ) : null}
      {feed.status === 'success' && feed.items.length > 0 ? (
        <View className="home-page__feed">
          {feed.items.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
          <LoadMore
            hasMore={feed.hasMore}
            loading={feed.loadingMore}
            error={feed.moreError}
            onLoadMore={feed.loadMore}
          />
        </View>
      ) : null}
    </View>
  );
}

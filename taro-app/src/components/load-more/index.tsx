import { Text, View } from '@tarojs/components';
import type { ApiError } from '../../services/api-error';
import './index.scss';

interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  error: ApiError | undefined;
  onLoadMore: () => void;
}

/**
 * The foot of an infinite list: scrolling to the bottom loads the next page (the page calls `onLoadMore`
 * from useReachBottom or a ScrollView's onScrollToLower); tapping here does the same, and retries a failure.
 */
export function LoadMore({ hasMore, loading, error, onLoadMore }: LoadMoreProps) {
  if (loading) return <View className="load-more">加载中…</View>;
  if (error)
    return (
      <View className="load-more load-more--error" onClick={onLoadMore}>
        <Text>{error.message}，点击重试</Text>
      </View>
    );
  if (hasMore)
    return (
      <View className="load-more load-more--more" onClick={onLoadMore}>
        上拉或点击加载更多
      </View>
    );
  return <View className="load-more load-more--end">没有更多了</View>;
}

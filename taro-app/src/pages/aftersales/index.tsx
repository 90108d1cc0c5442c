import Taro, { useDidShow, useReachBottom, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { useRef } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { LoadMore } from '../../components/load-more';
import { usePaged } from '../../hooks/use-paged';
import { afterSaleStatusText, TYPE_TEXT } from '../../services/aftersale-status';
import type { AfterSale } from '../../services/api-types';
import { formatFen } from '../../services/money';
import { ROUTES } from '../../services/navigation';
import { fetchAfterSales } from '../../services/shop-api';
import { imageUrl } from '../../services/image-url';
import './index.scss';

function AfterSaleCard({ a }: { a: AfterSale }) {
  return (
    <View
      className="aftersale-card"
      onClick={() => void Taro.navigateTo({ url: `${ROUTES.afterSaleDetail}?id=${a.id}` })}
    >
      <View className="aftersale-card__head">
        <Text className="aftersale-card__no">售后单 {a.afterSaleNo}</Text>
        <Text className="aftersale-card__status">{afterSaleStatusText(a.status)}</Text>
      </View>
      <View className="aftersale-card__line">
        {a.line?.image ? (
          <Image className="aftersale-card__image" src={imageUrl(a.line.image)} mode="aspectFill" />
        ) : null}
        <View className="aftersale-card__body">
          <Text className="aftersale-card__title">{a.line?.title ?? '商品'}</Text>
          <Text className="aftersale-card__spec">
            {a.line?.specText ? `${a.line.specText} · ` : ''}
            {TYPE_TEXT[a.type]} ×{a.quantity}
          </Text>
        </View>
      </View>
      <Text className="aftersale-card__amount">
        {a.status === 'refunded' ? '已退款' : '退款金额'} {formatFen(a.refundAmount)}
      </Text>
    </View>
  );
}

/** The shopper's after-sales, newest first; `?orderId=` shows one order's. */
export default function AfterSalesPage() {
  const params = useRouter().params;
  const orderId = params.orderId ? Number(params.orderId) : undefined;
  const list = usePaged((page) => fetchAfterSales({ page, pageSize: 10, orderId }), [orderId]);
  useReachBottom(list.loadMore);
  // back from a detail (withdrawn, parcel sent): show the fresh states
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) list.reload();
    shown.current = true;
  });

  if (list.status === 'loading') return <LoadingState />;
  if (list.status === 'error') return <ErrorState message={list.error.message} onRetry={list.reload} />;
  if (list.items.length === 0)
    return <EmptyState title="暂无售后记录" description="在订单详情中可以申请退款或退货" />;
  return (
    <View className="aftersales-page">
      {list.items.map((a) => (
        <AfterSaleCard key={a.id} a={a} />
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

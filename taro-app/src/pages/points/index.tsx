import Taro, { useDidShow, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useRef } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadMore } from '../../components/load-more';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { usePaged } from '../../hooks/use-paged';
import type { PointsLedgerEntry } from '../../services/api-types';
import { formatTime } from '../../services/format-time';
import { ROUTES } from '../../services/navigation';
import { pointsReasonText } from '../../services/promotion-text';
import { fetchPoints, fetchPointsLedger } from '../../services/shop-api';
import { pointsRules } from './rules-text';
import './index.scss';

function LedgerRow({ entry }: { entry: PointsLedgerEntry }) {
  const order = entry.refType === 'order' && entry.refId !== null ? entry.refId : undefined;
  return (
    <View
      className="points-ledger__row"
      onClick={
        order === undefined
          ? undefined
          : () => void Taro.navigateTo({ url: `${ROUTES.orderDetail}?id=${order}` })
      }
    >
      <View className="points-ledger__what">
        <Text className="points-ledger__reason">{pointsReasonText(entry.reason)}</Text>
        {entry.note ? <Text className="points-ledger__note">{entry.note}</Text> : null}
        <Text className="points-ledger__time">{formatTime(entry.createdAt)}</Text>
      </View>
      <View className="points-ledger__numbers">
        <Text className={`points-ledger__delta points-ledger__delta--${entry.delta > 0 ? 'in' : 'out'}`}>
          {entry.delta > 0 ? `+${entry.delta}` : entry.delta}
        </Text>
        <Text className="points-ledger__after">余额 {entry.balanceAfter}</Text>
      </View>
    </View>
  );
}

/** 我的积分: the balance and the shop's rules, then every change, newest first, page by page. */
export default function PointsPage() {
  const points = useAsync(fetchPoints, []);
  const ledger = usePaged((page) => fetchPointsLedger({ page, pageSize: 20 }), []);
  useReachBottom(ledger.loadMore);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) {
      points.reload();
      ledger.reload();
    }
    shown.current = true;
  });

  return (
    <View className="points-page">
      {points.status === 'loading' ? <LoadingState /> : null}
      {points.status === 'error' ? (
        <ErrorState message={points.error.message} onRetry={points.reload} />
      ) : null}
      {points.status === 'success' ? (
        <View className="points-page__card">
          <Text className="points-page__label">当前积分</Text>
          <Text className="points-page__balance">{points.data.balance}</Text>
          {pointsRules(points.data).map((rule) => (
            <Text key={rule} className="points-page__rule">
              · {rule}
            </Text>
          ))}
        </View>
      ) : null}

      <Text className="points-page__heading">积分明细</Text>
      {ledger.status === 'loading' ? <LoadingState /> : null}
      {ledger.status === 'error' ? (
        <ErrorState message={ledger.error.message} onRetry={ledger.reload} />
      ) : null}
      {ledger.status === 'success' && ledger.items.length === 0 ? (
        <EmptyState title="暂无积分记录" description="确认收货后，购物奖励的积分会出现在这里" />
      ) : null}
      {ledger.status === 'success' && ledger.items.length > 0 ? (
        <View className="points-ledger">
          {ledger.items.map((entry) => (
            <LedgerRow key={entry.id} entry={entry} />
          ))}
          <LoadMore
            hasMore={ledger.hasMore}
            loading={ledger.loadingMore}
            error={ledger.moreError}
            onLoadMore={ledger.loadMore}
          />
        </View>
      ) : null}
    </View>
  );
}

import Taro, { useDidShow, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRef, useState } from 'react';
import { CouponCard } from '../../components/coupon-card';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadMore } from '../../components/load-more';
import { LoadingState } from '../../components/loading-state';
import { usePaged } from '../../hooks/use-paged';
import type { CenterCoupon } from '../../services/api-types';
import { isApiError } from '../../services/api-error';
import { openPrivacyPage, ROUTES } from '../../services/navigation';
import { claimCoupon, fetchCouponCenter } from '../../services/shop-api';
import { useSession } from '../../store/session';
import { validityText } from './validity-text';
import './index.scss';

/** What a claim changed for one template: the server's answer, kept until the list is loaded again. */
type Claimed = Pick<CenterCoupon, 'claimed' | 'state'>;

function CenterItem(props: { coupon: CenterCoupon; busy: boolean; onClaim: () => void }) {
  const { coupon: c, busy } = props;
  const action =
    c.state === 'available' ? (
      <Button
        className="coupon-center__claim"
        type="primary"
        size="small"
        loading={busy}
        onClick={props.onClaim}
      >
        立即领取
      </Button>
    ) : (
      <Button className={`coupon-center__state coupon-center__state--${c.state}`} size="small" disabled>
        {c.state === 'claimed_max' ? '已领取' : '已抢光'}
      </Button>
    );
  const lines = [validityText(c.validity)];
  if (c.description) lines.push(c.description);
  if (c.claimed > 0 && c.state === 'available')
    lines.push(`已领 ${c.claimed} 张，每人限领 ${c.perUserLimit} 张`);
  return (
    <CouponCard
      className="coupon-center__item"
      coupon={c}
      lines={lines}
      action={action}
      dim={c.state === 'sold_out'}
    />
  );
}

/** 领券中心: the coupons open for claiming, page by page; a claim is one tap once the shopper has consented. */
export default function CouponCenterPage() {
  const session = useSession();
  const list = usePaged((page) => fetchCouponCenter({ page, pageSize: 10 }), [session.status]);
  const [claimed, setClaimed] = useState<Record<number, Claimed>>({});
  const [busy, setBusy] = useState<number>();
  useReachBottom(list.loadMore);
  // back from my coupons (a coupon used meanwhile does not matter; a new login does): fresh states
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) {
      setClaimed({});
      list.reload();
    }
    shown.current = true;
  });

  const claim = async (c: CenterCoupon) => {
    if (session.status !== 'ready') {
      openPrivacyPage();
      return;
    }
    setBusy(c.templateId);
    try {
      await claimCoupon(c.templateId);
      const count = c.claimed + 1;
      setClaimed((now) => ({
        ...now,
        [c.templateId]: { claimed: count, state: count >= c.perUserLimit ? 'claimed_max' : 'available' },
      }));
      void Taro.showToast({ title: '领取成功', icon: 'success' });
    } catch (e) {
      if (isApiError(e) && (e.code === 'COUPON_SOLD_OUT' || e.code === 'COUPON_LIMIT')) {
        const state = e.code === 'COUPON_SOLD_OUT' ? 'sold_out' : 'claimed_max';
        setClaimed((now) => ({ ...now, [c.templateId]: { claimed: c.claimed, state } }));
      }
      void Taro.showToast({ title: isApiError(e) ? e.message : '领取失败', icon: 'none' });
    } finally {
      setBusy(undefined);
    }
  };

  if (list.status === 'loading') return <LoadingState />;
  if (list.status === 'error') return <ErrorState message={list.error.message} onRetry={list.reload} />;
  if (list.items.length === 0)
    return <EmptyState title="暂时没有可领的优惠券" description="过几天再来看看吧" />;
  return (
    <View className="coupon-center">
      <View className="coupon-center__head">
        <Text className="coupon-center__title">领券中心</Text>
        <Text className="coupon-center__mine" onClick={() => void Taro.navigateTo({ url: ROUTES.myCoupons })}>
          我的优惠券 ›
        </Text>
      </View>
      {list.items.map((item) => {
        const c = { ...item, ...claimed[item.templateId] };
        return (
          <CenterItem
            key={c.templateId}
            coupon={c}
            busy={busy === c.templateId}
            onClaim={() => void claim(c)}
          />
        );
      })}
      <LoadMore
        hasMore={list.hasMore}
        loading={list.loadingMore}
        error={list.moreError}
        onLoadMore={list.loadMore}
      />
    </View>
  );
}

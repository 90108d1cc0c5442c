import Taro, { useDidShow, useReachBottom } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRef, useState } from 'react';
import { CouponCard } from '../../components/coupon-card';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadMore } from '../../components/load-more';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { usePaged } from '../../hooks/use-paged';
import type { MyCoupon, MyCouponTab } from '../../services/api-types';
import { isApiError } from '../../services/api-error';
import { ROUTES } from '../../services/navigation';
import { fetchCouponSummary, fetchMyCoupons, redeemCouponCode } from '../../services/shop-api';
import { couponLines } from './coupon-lines';
import './index.scss';

const TABS: { key: MyCouponTab; title: string }[] = [
  { key: 'unused', title: '未使用' },
  { key: 'used', title: '已使用' },
  { key: 'expired', title: '已过期' },
];

const EMPTY_TEXT: Record<MyCouponTab, string> = {
  unused: '暂无可用优惠券',
  used: '暂无已使用的优惠券',
  expired: '暂无已过期的优惠券',
};

function Redeem({ onRedeemed }: { onRedeemed: (c: MyCoupon) => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (code.trim() === '') {
      void Taro.showToast({ title: '请输入兑换码', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      const coupon = await redeemCouponCode(code.trim());
      setCode('');
      void Taro.showToast({ title: '兑换成功', icon: 'success' });
      onRedeemed(coupon);
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '兑换失败', icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="my-coupons__redeem">
      <Input
        className="my-coupons__code"
        placeholder="输入兑换码"
        maxlength={64}
        value={code}
        onInput={(e) => setCode(e.detail.value)}
        onConfirm={() => void submit()}
      />
      <Button
        className="my-coupons__redeem-go"
        type="primary"
        size="small"
        loading={busy}
        onClick={() => void submit()}
      >
        兑换
      </Button>
    </View>
  );
}

function Item({ c }: { c: MyCoupon }) {
  const dim = c.status === 'used' || c.status === 'expired';
  const openOrder = c.orderId
    ? () => void Taro.navigateTo({ url: `${ROUTES.orderDetail}?id=${c.orderId}` })
    : undefined;
  const action =
    c.status === 'unused' && !c.notStarted ? (
      <Button
        className="my-coupons__use"
        type="primary"
        fill="outline"
        size="small"
        onClick={() => void Taro.switchTab({ url: ROUTES.home })}
      >
        去使用
      </Button>
    ) : (
      <Text className={`my-coupons__stamp my-coupons__stamp--${c.status}`}>
        {{ unused: '未开始', locked: '已锁定', used: '已使用', expired: '已过期' }[c.status]}
      </Text>
    );
  return (
    <CouponCard
      className={`my-coupons__item my-coupons__item--${c.status}`}
      coupon={c}
      lines={[...couponLines(c), ...(c.description ? [c.description] : [])]}
      action={action}
      dim={dim}
      onClick={openOrder}
    />
  );
}

/** 我的优惠券: 未使用 / 已使用 / 已过期 with their counts, page by page; a redemption code on top. */
export default function MyCouponsPage() {
  const [tab, setTab] = useState<MyCouponTab>('unused');
  const summary = useAsync(fetchCouponSummary, []);
  const list = usePaged((page) => fetchMyCoupons({ status: tab, page, pageSize: 10 }), [tab]);
  useReachBottom(list.loadMore);
  // back from an order or the claim center: counts and states may have changed
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) {
      summary.reload();
      list.reload();
    }
    shown.current = true;
  });

  const redeemed = () => {
    summary.reload();
    if (tab === 'unused') list.reload();
    else setTab('unused');
  };

  return (
    <View className="my-coupons">
      <Redeem onRedeemed={redeemed} />
      <View className="my-coupons__tabs">
        {TABS.map((t) => (
          <Text
            key={t.key}
            className={`my-coupons__tab my-coupons__tab--${t.key}${t.key === tab ? ' my-coupons__tab--active' : ''}`}
            onClick={() => setTab(t.key)}
          >
            {t.title}
            {summary.status === 'success' ? `(${summary.data[t.key]})` : ''}
          </Text>
        ))}
      </View>
      {list.status === 'loading' ? <LoadingState /> : null}
      {list.status === 'error' ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {list.status === 'success' && list.items.length === 0 ? (
        <EmptyState
          title={EMPTY_TEXT[tab]}
          actionText={tab === 'unused' ? '去领券中心' : undefined}
          onAction={() => void Taro.navigateTo({ url: ROUTES.couponCenter })}
        />
      ) : null}
      {list.status === 'success' && list.items.length > 0 ? (
        <>
          {list.items.map((c) => (
            <Item key={c.id} c={c} />
          ))}
          <LoadMore
            hasMore={list.hasMore}
            loading={list.loadingMore}
            error={list.moreError}
            onLoadMore={list.loadMore}
          />
        </>
      ) : null}
      <View className="my-coupons__center" onClick={() => void Taro.navigateTo({ url: ROUTES.couponCenter })}>
        领更多好券 ›
      </View>
    </View>
  );
}

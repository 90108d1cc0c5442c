import Taro, { useDidShow } from '@tarojs/taro';
import { Checkbox as NutCheckbox, Button, InputNumber } from '@nutui/nutui-react-taro';
import { Image, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { BrowsingOnlyNotice } from '../../components/browsing-only-notice';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { usePrivacyGate } from '../../hooks/use-privacy-gate';
import type { Cart, CartLine } from '../../services/api-types';
import { isApiError } from '../../services/api-error';
import { formatFen } from '../../services/money';
import { ROUTES } from '../../services/navigation';
import {
  fetchAddresses,
  fetchCart,
  previewCheckout,
  removeCartLine,
  selectAllCartLines,
  updateCartLine,
} from '../../services/shop-api';
import { useSession } from '../../store/session';
import { CartExplanation } from './explanation';
import { imageUrl } from '../../services/image-url';
import './index.scss';

const UNAVAILABLE: Record<Exclude<CartLine['status'], 'available'>, string> = {
  off_shelf: '已下架',
  sold_out: '已售罄',
  insufficient_stock: '库存不足',
  gone: '商品已失效',
};

function LineRow(props: { line: CartLine; change: (task: () => Promise<Cart>) => void }) {
  const { line, change } = props;
  const unavailable = line.status === 'available' ? undefined : UNAVAILABLE[line.status];
  return (
    <View className={`cart-line${unavailable ? ' cart-line--unavailable' : ''}`}>
      <NutCheckbox
        checked={line.selected}
        disabled={line.status !== 'available'}
        onChange={(selected) => change(() => updateCartLine(line.skuId, { selected }))}
      />
      {line.image ? (
        <Image className="cart-line__image" src={imageUrl(line.image)} mode="aspectFill" />
      ) : null}
      <View className="cart-line__body">
        <Text className="cart-line__title">{line.title}</Text>
        <Text className="cart-line__spec">{line.specText}</Text>
        {unavailable ? <Text className="cart-line__unavailable">{unavailable}</Text> : null}
        <View className="cart-line__foot">
          <Text className="cart-line__price">{formatFen(line.unitPrice)}</Text>
          <InputNumber
            value={line.quantity}
            min={1}
            max={Math.max(1, Math.min(line.stock, 99))}
            onChange={(v) => change(() => updateCartLine(line.skuId, { quantity: Number(v) }))}
          />
        </View>
        <Text className="cart-line__remove" onClick={() => change(() => removeCartLine(line.skuId))}>
          删除
        </Text>
      </View>
    </View>
  );
}

/** A checkout preview of the selected lines (the server's amounts), to the default address when there is one. */
function useSelectionPreview(cart: Cart) {
  const addresses = useAsync(fetchAddresses, []);
  const addressId =
    addresses.status === 'success'
      ? (addresses.data.find((a) => a.isDefault) ?? addresses.data[0])?.id
      : undefined;
  const selection = cart.lines
    .filter((l) => l.selected && l.status === 'available')
    .map((l) => `${l.skuId}x${l.quantity}`)
    .join(',');
  const enabled = selection !== '' && addresses.status !== 'loading';
  const preview = useAsync(() => previewCheckout({ addressId }), [selection, addressId], enabled);
  return enabled ? preview : undefined;
}

function CartView({ initial }: { initial: Cart }) {
  const [cart, setCart] = useState(initial);
  useEffect(() => setCart(initial), [initial]);
  const preview = useSelectionPreview(cart);
  const priced = preview?.status === 'success' ? preview.data : undefined;

  const change = (task: () => Promise<Cart>) => {
    task().then(
      setCart,
      (e: unknown) => void Taro.showToast({ title: isApiError(e) ? e.message : '操作失败', icon: 'none' }),
    );
  };

  if (cart.lines.length === 0) {
    return (
      <EmptyState
        title="购物车还是空的"
        description="挑几件喜欢的商品吧"
        actionText="去逛逛"
        onAction={() => void Taro.switchTab({ url: ROUTES.home })}
      />
    );
  }
  const available = cart.lines.filter((l) => l.status === 'available');
  const allSelected = available.length > 0 && available.every((l) => l.selected);
  return (
    <View className="cart-page">
      {cart.lines.map((line) => (
        <LineRow key={line.skuId} line={line} change={change} />
      ))}
      <CartExplanation state={preview} />
      <View className="cart-page__bar">
        <NutCheckbox checked={allSelected} onChange={(v) => change(() => selectAllCartLines(v))}>
          全选
        </NutCheckbox>
        <View className="cart-page__sum">
          <Text className="cart-page__total">
            合计{' '}
            <Text className="cart-page__amount">
              {formatFen(priced ? priced.payAmount : cart.summary.selectedAmount)}
            </Text>
          </Text>
          <Text className="cart-page__caption">
            {priced
              ? `${priced.discountAmount > 0 ? `已优惠${formatFen(priced.discountAmount)} ` : ''}${
                  priced.freightAmount > 0 ? `含运费${formatFen(priced.freightAmount)}` : '免运费'
                }`
              : '不含运费和优惠'}
          </Text>
        </View>
        <Button
          type="primary"
          disabled={cart.summary.selectedUnits === 0}
          onClick={() => void Taro.navigateTo({ url: ROUTES.checkout })}
        >
          去结算({cart.summary.selectedUnits})
        </Button>
      </View>
    </View>
  );
}

export default function CartPage() {
  usePrivacyGate();
  const session = useSession();
  const cart = useAsync(fetchCart, [], session.status === 'ready');
  // back from a product page or a checkout: the cart may have changed
  useDidShow(() => {
    if (session.status === 'ready') cart.reload();
  });
  if (session.status === 'browsing-only') return <BrowsingOnlyNotice />;
  if (session.status !== 'ready' || cart.status === 'loading') return <LoadingState />;
  if (cart.status === 'error') return <ErrorState message={cart.error.message} onRetry={cart.reload} />;
  return <CartView initial={cart.data} />;
}

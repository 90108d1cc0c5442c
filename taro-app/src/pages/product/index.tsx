import Taro, { useRouter } from '@tarojs/taro';
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import { Button, InputNumber } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { Price } from '../../components/price';
import { useAsync } from '../../hooks/use-async';
import type { ProductPromotions, ShopProduct } from '../../services/api-types';
import { isApiError } from '../../services/api-error';
import { openPrivacyPage, ROUTES } from '../../services/navigation';
import { addToCart, fetchProduct, fetchPromotions } from '../../services/shop-api';
import { useSession } from '../../store/session';
import { chosenSku, initialChoice, type SpecChoice, valueAvailable } from './sku-choice';
import { Promotions, TierTable } from './promotions';
import { imageUrl } from '../../services/image-url';
import './index.scss';

/** The catalogue's label for products with a member price (the price itself is worked out at checkout). */
const MEMBER_PRICE_LABEL = '会员专享价';

function ProductView({ product }: { product: ShopProduct }) {
  const session = useSession();
  const promotions = useAsync<ProductPromotions>(() => fetchPromotions(product.id), [product.id]);
  const [choice, setChoice] = useState<SpecChoice>(() => initialChoice(product));
  const [quantity, setQuantity] = useState(1);
  const sku = chosenSku(product, choice);
  const soldOut = product.skus.every((s) => s.stock <= 0);

  const pick = (name: string, value: string) =>
    setChoice(
      (c) => (c[name] === value ? { ...c, [name]: undefined } : { ...c, [name]: value }) as SpecChoice,
    );

  const needSku = (): number | undefined => {
    if (session.status !== 'ready') {
      openPrivacyPage();
      return undefined;
    }
    if (!sku) {
      void Taro.showToast({ title: '请选择规格', icon: 'none' });
      return undefined;
    }
    return sku.id;
  };

  const onAddToCart = async () => {
    const skuId = needSku();
    if (skuId === undefined) return;
    try {
      await addToCart(skuId, quantity);
      void Taro.showToast({ title: '已加入购物车', icon: 'success' });
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '加入失败', icon: 'none' });
    }
  };

  const onBuyNow = () => {
    const skuId = needSku();
    if (skuId === undefined) return;
    void Taro.navigateTo({ url: `${ROUTES.checkout}?skuId=${skuId}&quantity=${quantity}` });
  };

  return (
    <View className="product-page">
      <Swiper className="product-page__gallery" indicatorDots={product.imageUrls.length > 1} circular>
        {product.imageUrls.map((url) => (
          <SwiperItem key={url}>
            <Image className="product-page__image" src={imageUrl(url)} mode="aspectFill" />
          </SwiperItem>
        ))}
      </Swiper>

      <View className="product-page__card">
        <View className="product-page__price">
          <Price
            price={sku ? sku.price : product.price}
            originalPrice={sku ? sku.originalPrice : product.originalPrice}
            large
          />
          {!sku && product.maxPrice > product.price ? <Text className="product-page__from">起</Text> : null}
        </View>
        {product.labels.includes(MEMBER_PRICE_LABEL) ? (
          <Text className="product-page__member-hint">会员专享价：会员下单时按会员价结算</Text>
        ) : null}
        <Text className="product-page__title">{product.title}</Text>
        {product.subtitle ? <Text className="product-page__subtitle">{product.subtitle}</Text> : null}
        <View className="product-page__meta">
          {product.labels.map((label) => (
            <Text key={label} className="product-page__label">
              {label}
            </Text>
          ))}
          {product.soldLabel ? <Text className="product-page__sold">{product.soldLabel}</Text> : null}
        </View>
      </View>

      <Promotions state={promotions} />

      <View className="product-page__card">
        <View className="product-page__row">
          <Text className="product-page__key">运费</Text>
          <Text className="product-page__freight">{product.freight.text}</Text>
        </View>
      </View>

      <View className="product-page__card sku-picker">
        {product.specs.map((spec) => (
          <View key={spec.name} className="sku-picker__spec">
            <Text className="sku-picker__name">{spec.name}</Text>
            <View className="sku-picker__values">
              {spec.values.map((value) => {
                const available = valueAvailable(product, choice, spec.name, value);
                const selected = choice[spec.name] === value;
                return (
                  <View
                    key={value}
                    className={`sku-picker__value${selected ? ' sku-picker__value--selected' : ''}${
                      available ? '' : ' sku-picker__value--disabled'
                    }`}
                    aria-disabled={!available}
                    onClick={() => available && pick(spec.name, value)}
                  >
                    {value}
                  </View>
                );
              })}
            </View>
          </View>
        ))}
        <View className="product-page__row">
          <Text className="product-page__key">数量</Text>
          <InputNumber
            value={quantity}
            min={1}
            max={Math.max(1, Math.min(sku ? sku.stock : 99, 99))}
            onChange={(v) => setQuantity(Number(v))}
          />
        </View>
        <Text className="sku-picker__stock">
          {sku ? `已选：${sku.specText || '默认'}，库存 ${sku.stock} 件` : '请选择规格'}
        </Text>
        {promotions.status === 'success' ? <TierTable promotions={promotions.data} skuId={sku?.id} /> : null}
      </View>

      <View className="product-page__bar">
        {soldOut ? (
          <Button className="product-page__buy" disabled block>
            已售罄
          </Button>
        ) : (
          <>
            <Button className="product-page__cart" type="warning" onClick={() => void onAddToCart()}>
              加入购物车
            </Button>
            <Button className="product-page__buy" type="primary" onClick={onBuyNow}>
              立即购买
            </Button>
          </>
        )}
      </View>
    </View>
  );
}

export default function ProductPage() {
  const id = Number(useRouter().params.id);
  const product = useAsync(() => fetchProduct(id), [id]);
  if (product.status === 'loading') return <LoadingState />;
  if (product.status === 'error')
    return <ErrorState message={product.error.message} onRetry={product.reload} />;
  return <ProductView product={product.data} />;
}

import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { ProductListItem } from '../../services/api-types';
import { ROUTES } from '../../services/navigation';
import { Price } from '../price';
import { imageUrl } from '../../services/image-url';
import './index.scss';

const openProduct = (id: number) => void Taro.navigateTo({ url: `${ROUTES.product}?id=${id}` });

export function ProductCard({ product }: { product: ProductListItem }) {
  return (
    <View className="product-card" onClick={() => openProduct(product.id)}>
      {product.imageUrl ? (
        <Image className="product-card__image" src={imageUrl(product.imageUrl)} mode="aspectFill" lazyLoad />
      ) : (
        <View className="product-card__image" />
      )}
      <View className="product-card__body">
        <Text className="product-card__title">{product.title}</Text>
        {product.labels.length > 0 ? (
          <View className="product-card__labels">
            {product.labels.map((label) => (
              <Text key={label} className="product-card__label">
                {label}
              </Text>
            ))}
          </View>
        ) : null}
        <View className="product-card__foot">
          <Price price={product.price} originalPrice={product.originalPrice} />
          {product.soldLabel ? <Text className="product-card__sold">{product.soldLabel}</Text> : null}
        </View>
      </View>
    </View>
  );
}

import Taro from '@tarojs/taro';
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import { useAsync } from '../../hooks/use-async';
import { ROUTES } from '../../services/navigation';
import { fetchProducts } from '../../services/shop-api';
import { imageUrl } from '../../services/image-url';

const BANNER_COUNT = 5;

function Welcome() {
  return (
    <View className="home-page__banner">
      <Text className="home-page__title">欢迎光临</Text>
      <Text className="home-page__subtitle">好物精选 · 放心购</Text>
    </View>
  );
}

/**
 * The shop has no banner API yet: the banner shows the best sellers that have a picture (sort=sales), each
 * opening its product. While they load, or when none has a picture, the welcome card stands in.
 */
export function HomeBanner({ enabled }: { enabled: boolean }) {
  const top = useAsync(() => fetchProducts({ page: 1, pageSize: BANNER_COUNT, sort: 'sales' }), [], enabled);
  const slides = top.status === 'success' ? top.data.items.filter((p) => p.imageUrl) : [];
  if (slides.length === 0) return <Welcome />;
  return (
    <Swiper
      className="home-banner"
      indicatorDots={slides.length > 1}
      indicatorActiveColor="#fa2c19"
      autoplay
      circular
      interval={4000}
    >
      {slides.map((p) => (
        <SwiperItem key={p.id}>
          <View
            className="home-banner__slide"
            onClick={() => void Taro.navigateTo({ url: `${ROUTES.product}?id=${p.id}` })}
          >
            <Image className="home-banner__image" src={imageUrl(p.imageUrl!)} mode="aspectFill" />
            <View className="home-banner__caption">
              <Text className="home-banner__title">{p.title}</Text>
              {p.subtitle ? <Text className="home-banner__subtitle">{p.subtitle}</Text> : null}
            </View>
          </View>
        </SwiperItem>
      ))}
    </Swiper>
  );
}

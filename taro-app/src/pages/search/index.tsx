import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { ProductList } from '../../components/product-list';
import './index.scss';

/** Keyword search; `?categoryId=&title=` opens it on one category (the 首页 category entries). */
export default function SearchPage() {
  const params = useRouter().params;
  const categoryId = params.categoryId ? Number(params.categoryId) : undefined;
  const [draft, setDraft] = useState('');
  const [keyword, setKeyword] = useState<string>();
  const title = params.title ? decodeURIComponent(params.title) : undefined;
  const [bottom, setBottom] = useState(0);
  useReachBottom(() => setBottom((n) => n + 1));
  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title });
  }, [title]);

  const submit = () => setKeyword(draft.trim() || undefined);
  return (
    <View className="search-page">
      <View className="search-page__bar">
        <Input
          className="search-page__input"
          placeholder="搜索商品"
          confirmType="search"
          value={draft}
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={submit}
        />
        <Text className="search-page__go" onClick={submit}>
          搜索
        </Text>
      </View>
      {keyword === undefined && categoryId === undefined ? (
        <Text className="search-page__hint">输入商品名称，如“洗衣液”</Text>
      ) : (
        <ProductList query={{ keyword, categoryId }} emptyText="没有找到相关商品" bottomSignal={bottom} />
      )}
    </View>
  );
}

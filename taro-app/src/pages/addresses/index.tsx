import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRef, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { isApiError } from '../../services/api-error';
import type { Address } from '../../services/api-types';
import { ROUTES } from '../../services/navigation';
import { deleteAddress, fetchAddresses, updateAddress } from '../../services/shop-api';
import './index.scss';

/** The server keeps at most this many (backend MAX_ADDRESSES). */
const MAX_ADDRESSES = 20;

const openEditor = (id?: number) =>
  void Taro.navigateTo({ url: id ? `${ROUTES.addressEdit}?id=${id}` : ROUTES.addressEdit });

function AddressCard({ a, act }: { a: Address; act: (task: () => Promise<unknown>, done: string) => void }) {
  const remove = async () => {
    const { confirm } = await Taro.showModal({
      title: '删除地址',
      content: `确定删除“${a.name} ${a.province}${a.city}${a.district}${a.detail}”吗？${
        a.isDefault ? '删除后最近使用的另一个地址将成为默认地址。' : ''
      }`,
      confirmText: '删除',
      confirmColor: '#fa2c19',
    });
    if (confirm) act(() => deleteAddress(a.id), '已删除');
  };
  return (
    <View className={`address-card${a.isDefault ? ' address-card--default' : ''}`}>
      <View className="address-card__body" onClick={() => openEditor(a.id)}>
        <Text className="address-card__who">
          {a.name} {a.phone}
          {a.isDefault ? <Text className="address-card__tag">默认</Text> : null}
        </Text>
        <Text className="address-card__where">
          {a.province}
          {a.city}
          {a.district}
          {a.detail}
        </Text>
      </View>
      <View className="address-card__actions">
        {a.isDefault ? (
          <Text className="address-card__is-default">默认地址</Text>
        ) : (
          <Text
            className="address-card__action address-card__set-default"
            onClick={() => act(() => updateAddress(a.id, { isDefault: true }), '已设为默认')}
          >
            设为默认
          </Text>
        )}
        <View className="address-card__buttons">
          <Text className="address-card__action address-card__edit" onClick={() => openEditor(a.id)}>
            编辑
          </Text>
          <Text className="address-card__action address-card__delete" onClick={() => void remove()}>
            删除
          </Text>
        </View>
      </View>
    </View>
  );
}

export default function AddressesPage() {
  const list = useAsync(fetchAddresses, []);
  const [busy, setBusy] = useState(false);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) list.reload();
    shown.current = true;
  });

  const act = (task: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    task()
      .then(
        () => {
          void Taro.showToast({ title: done, icon: 'success' });
          list.reload();
        },
        (e: unknown) => void Taro.showToast({ title: isApiError(e) ? e.message : '操作失败', icon: 'none' }),
      )
      .finally(() => setBusy(false));
  };

  if (list.status === 'loading') return <LoadingState />;
  if (list.status === 'error') return <ErrorState message={list.error.message} onRetry={list.reload} />;
  const full = list.data.length >= MAX_ADDRESSES;
  return (
    <View className="addresses-page">
      {list.data.length === 0 ? (
        <EmptyState title="还没有收货地址" description="添加一个地址，下单时就不用再填写" />
      ) : (
        list.data.map((a) => <AddressCard key={a.id} a={a} act={act} />)
      )}
      <View className="addresses-page__bar">
        {full ? <Text className="addresses-page__full">最多保存 {MAX_ADDRESSES} 个地址</Text> : null}
        <Button block type="primary" disabled={full} onClick={() => openEditor()}>
          新增收货地址
        </Button>
      </View>
    </View>
  );
}

import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { Address, NewAddress } from '../../services/api-types';
import { isApiError } from '../../services/api-error';
import { createAddress } from '../../services/shop-api';

const FIELDS: { key: keyof NewAddress & string; label: string; placeholder: string }[] = [
  { key: 'name', label: '收货人', placeholder: '姓名' },
  { key: 'phone', label: '手机号', placeholder: '11 位手机号' },
  { key: 'province', label: '省份', placeholder: '如 广东省' },
  { key: 'city', label: '城市', placeholder: '如 深圳市' },
  { key: 'district', label: '区县', placeholder: '如 南山区' },
  { key: 'detail', label: '详细地址', placeholder: '街道、门牌号' },
];

const EMPTY: NewAddress = { name: '', phone: '', province: '', city: '', district: '', detail: '' };

/** The add-address form; the server validates (phone format, known province) and its message is shown. */
export function AddressForm({ onSaved, onCancel }: { onSaved: (a: Address) => void; onCancel?: () => void }) {
  const [form, setForm] = useState<NewAddress>(EMPTY);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (FIELDS.some((f) => f.key !== 'district' && String(form[f.key] ?? '').trim() === '')) {
      void Taro.showToast({ title: '请填写完整的收货信息', icon: 'none' });
      return;
    }
    setSaving(true);
    try {
      onSaved(await createAddress(form));
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '保存失败', icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="address-form">
      <Text className="address-form__title">新增收货地址</Text>
      {FIELDS.map((f) => (
        <View key={f.key} className={`address-form__row address-form__${f.key}`}>
          <Text className="address-form__label">{f.label}</Text>
          <Input
            className="address-form__input"
            placeholder={f.placeholder}
            type={f.key === 'phone' ? 'number' : 'text'}
            value={String(form[f.key] ?? '')}
            onInput={(e) => setForm((v) => ({ ...v, [f.key]: e.detail.value }))}
          />
        </View>
      ))}
      <View className="address-form__actions">
        {onCancel ? (
          <Button fill="outline" onClick={onCancel}>
            取消
          </Button>
        ) : null}
        <Button type="primary" loading={saving} onClick={() => void save()}>
          保存地址
        </Button>
      </View>
    </View>
  );
}

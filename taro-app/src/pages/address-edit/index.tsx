import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { LoadingState } from '../../components/loading-state';
import { useAsync } from '../../hooks/use-async';
import { isApiError } from '../../services/api-error';
import type { Address } from '../../services/api-types';
import { createAddress, fetchAddress, updateAddress } from '../../services/shop-api';
import { RegionPicker } from './region-picker';
import { type AddressErrors, type AddressFields, trimmed, validateAddress } from './validate';
import './index.scss';

const FIELDS: { key: keyof AddressFields; label: string; placeholder: string }[] = [
  { key: 'name', label: '收货人', placeholder: '姓名' },
  { key: 'phone', label: '手机号', placeholder: '11 位手机号或带区号固话' },
  { key: 'province', label: '省份', placeholder: '如 广东省' },
  { key: 'city', label: '城市', placeholder: '如 深圳市' },
  { key: 'district', label: '区县', placeholder: '如 南山区（无区县可不填）' },
  { key: 'detail', label: '详细地址', placeholder: '街道、楼栋、门牌号' },
];

const EMPTY: AddressFields = { name: '', phone: '', province: '', city: '', district: '', detail: '' };

function AddressEditor({ address }: { address?: Address }) {
  const [form, setForm] = useState<AddressFields>(() => (address ? { ...address } : EMPTY));
  const [makeDefault, setMakeDefault] = useState(false);
  const [errors, setErrors] = useState<AddressErrors>({});
  const [saving, setSaving] = useState(false);
  const alreadyDefault = address?.isDefault === true;

  const set = (key: keyof AddressFields, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors(({ [key]: _gone, ...rest }) => rest);
  };

  const save = async () => {
    const found = validateAddress(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      void Taro.showToast({ title: Object.values(found)[0]!, icon: 'none' });
      return;
    }
    setSaving(true);
    try {
      const body = { ...trimmed(form), ...(makeDefault ? { isDefault: true } : {}) };
      if (address) await updateAddress(address.id, body);
      else await createAddress(body);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack();
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '保存失败', icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="address-edit">
      <View className="address-edit__card">
        <RegionPicker
          value={[form.province, form.city, form.district]}
          onPick={([province, city, district]) => {
            setForm((f) => ({ ...f, province, city, district }));
            setErrors(({ province: _p, city: _c, district: _d, ...rest }) => rest);
          }}
        />
        {FIELDS.map((f) => (
          <View key={f.key} className={`address-edit__field address-edit__${f.key}`}>
            <View className="address-edit__row">
              <Text className="address-edit__label">{f.label}</Text>
              <Input
                className="address-edit__input"
                placeholder={f.placeholder}
                // text, not number: a landline has a dash (0571-88886666), which number keyboards lack
                type="text"
                maxlength={f.key === 'detail' ? 120 : 32}
                value={form[f.key]}
                onInput={(e) => set(f.key, e.detail.value)}
              />
            </View>
            {errors[f.key] ? <Text className="address-edit__error">{errors[f.key]}</Text> : null}
          </View>
        ))}
        <View
          className={`address-edit__default${makeDefault || alreadyDefault ? ' address-edit__default--on' : ''}`}
          onClick={() => !alreadyDefault && setMakeDefault((v) => !v)}
        >
          <View className="address-edit__check" />
          <Text>{alreadyDefault ? '已是默认地址' : '设为默认地址'}</Text>
        </View>
      </View>
      <View className="address-edit__bar">
        <Button block type="primary" loading={saving} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  );
}

/** `?id=` edits that address; without it a new one is added. */
export default function AddressEditPage() {
  const idParam = useRouter().params.id;
  const id = idParam ? Number(idParam) : undefined;
  const address = useAsync(() => (id ? fetchAddress(id) : Promise.resolve(undefined)), [id]);
  if (address.status === 'loading') return <LoadingState />;
  if (address.status === 'error')
    return <ErrorState message={address.error.message} onRetry={address.reload} />;
  return <AddressEditor address={address.data} />;
}

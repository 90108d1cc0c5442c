import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { isApiError } from '../../services/api-error';
import { CARRIERS, TRACKING_NO } from '../../services/carriers';
import { submitReturnParcel } from '../../services/shop-api';

/** The parcel the goods go back in: carrier (WeChat's code) and tracking number, checked like the API. */
export function ReturnParcelForm({ afterSaleId, onSent }: { afterSaleId: number; onSent: () => void }) {
  const [carrier, setCarrier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [sending, setSending] = useState(false);

  const send = async () => {
    const no = trackingNo.trim();
    if (!carrier) return void Taro.showToast({ title: '请选择快递公司', icon: 'none' });
    if (!TRACKING_NO.test(no))
      return void Taro.showToast({ title: '快递单号为 4–64 位字母、数字或 -', icon: 'none' });
    setSending(true);
    try {
      await submitReturnParcel(afterSaleId, { carrier, trackingNo: no });
      void Taro.showToast({ title: '已提交退货物流', icon: 'success' });
      onSent();
    } catch (e) {
      void Taro.showToast({ title: isApiError(e) ? e.message : '提交失败', icon: 'none' });
    } finally {
      setSending(false);
    }
  };

  return (
    <View className="aftersale-detail__card return-parcel">
      <Text className="aftersale-detail__heading">填写退货物流</Text>
      <View className="return-parcel__carriers">
        {CARRIERS.map((c) => (
          <Text
            key={c.code}
            className={`return-parcel__carrier${c.code === carrier ? ' return-parcel__carrier--active' : ''}`}
            onClick={() => setCarrier(c.code)}
          >
            {c.name}
          </Text>
        ))}
      </View>
      <Input
        className="return-parcel__input"
        placeholder="快递单号"
        value={trackingNo}
        maxlength={64}
        onInput={(e) => setTrackingNo(e.detail.value)}
      />
      <Button type="primary" loading={sending} onClick={() => void send()}>
        提交物流信息
      </Button>
    </View>
  );
}

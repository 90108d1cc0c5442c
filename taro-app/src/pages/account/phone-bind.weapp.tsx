import Taro from '@tarojs/taro';
import { Button } from '@tarojs/components';
import { useState } from 'react';
import { isApiError } from '../../services/api-error';
import type { ShopperProfile } from '../../services/api-types';
import { bindPhone } from '../../services/shop-api';

/**
 * WeChat's phone-number button: the shopper taps, WeChat asks them, and hands us a one-time code that the
 * server exchanges for the number (POST /api/shop/me/phone). A refusal gives no code.
 */
export function PhoneBind({ bound, onBound }: { bound: boolean; onBound: (me: ShopperProfile) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      className="phone-bind"
      size="mini"
      openType="getPhoneNumber"
      loading={busy}
      disabled={busy}
      onGetPhoneNumber={async (e) => {
        const { code } = e.detail;
        if (!code) {
          void Taro.showToast({ title: '未获取到手机号', icon: 'none' });
          return;
        }
        setBusy(true);
        try {
          onBound(await bindPhone(code));
          void Taro.showToast({ title: '手机号已绑定', icon: 'success' });
        } catch (err) {
          void Taro.showToast({ title: isApiError(err) ? err.message : '绑定失败', icon: 'none' });
        } finally {
          setBusy(false);
        }
      }}
    >
      {bound ? '更换' : '绑定'}
    </Button>
  );
}

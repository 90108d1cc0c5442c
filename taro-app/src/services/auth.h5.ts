import Taro from '@tarojs/taro';
import type { LoginResult } from './api-types';
import { devLogin } from './shop-api';

const DEV_OPENID_KEY = 'mall.shop.devOpenid';

/**
 * H5 has no wx.login: it uses the server's development login (absent in production) with an openid
 * generated once per browser, so the same browser stays the same shopper.
 */
export async function platformLogin(): Promise<LoginResult> {
  return devLogin({ openid: devOpenid() });
}

function devOpenid(): string {
  const stored: unknown = Taro.getStorageSync(DEV_OPENID_KEY);
  if (typeof stored === 'string' && stored !== '') return stored;
  const openid = `h5-${randomHex(12)}`;
  Taro.setStorageSync(DEV_OPENID_KEY, openid);
  return openid;
}

function randomHex(bytes: number): string {
  // getRandomValues also works on plain-http pages, where crypto.randomUUID does not exist.
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

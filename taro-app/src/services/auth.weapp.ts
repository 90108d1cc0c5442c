import Taro from '@tarojs/taro';
import type { LoginResult } from './api-types';
import { wechatLogin } from './shop-api';

/** Mini-program login: a one-time code from wx.login, exchanged by the server through code2session. */
export async function platformLogin(): Promise<LoginResult> {
  const { code } = await Taro.login();
  return wechatLogin(code);
}

import Taro from '@tarojs/taro';

const TOKEN_KEY = 'mall.shop.token';

export function readToken(): string | undefined {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY);
  return typeof token === 'string' && token !== '' ? token : undefined;
}

export function saveToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token);
}

export function clearToken(): void {
  Taro.removeStorageSync(TOKEN_KEY);
}

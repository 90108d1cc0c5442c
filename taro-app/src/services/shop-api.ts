import type { LoginResult, PrivacyGuide, ShopperProfile } from './api-types';
import { request } from './request';

export const fetchPrivacyGuide = (): Promise<PrivacyGuide> => request('/api/shop/privacy', { auth: false });

export const acceptPrivacyGuide = (version: string): Promise<ShopperProfile> =>
  request('/api/shop/privacy/accept', { method: 'POST', data: { version } });

export const fetchMe = (): Promise<ShopperProfile> => request('/api/shop/me');

export const wechatLogin = (code: string): Promise<LoginResult> =>
  request('/api/shop/auth/wechat-login', { method: 'POST', data: { code }, auth: false });

export const devLogin = (body: { openid?: string; nickname?: string }): Promise<LoginResult> =>
  request('/api/shop/auth/dev-login', { method: 'POST', data: body, auth: false });

/** Shapes of the shop API (`/api/shop/*`) that the app reads. Money would be integer fen. */

export interface Shopper {
  id: number;
  nickname: string | null;
  avatarUrl: string | null;
  phone: string | null;
  privacyAccepted: boolean;
}

export interface ShopperProfile extends Shopper {
  privacyVersion: string | null;
}

export interface LoginResult {
  token: string;
  expiresIn: number;
  shopper: Shopper;
}

export interface PrivacyGuide {
  version: string;
  title: string;
  text: string;
}

export interface PageMeta {
  page: number;
  pageSize: number;
  total: number;
}

export interface Page<T> {
  items: T[];
  meta: PageMeta;
}

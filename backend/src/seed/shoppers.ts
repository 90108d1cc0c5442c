import type { ApiClient, Caller } from './api-client';

export type ShopperKey = 'lin' | 'chen' | 'zhou';

export interface DemoShopper {
  openid: string;
  nickname: string;
  /** the client IP this shopper's requests come from (TEST-NET-2, never a real address) */
  ip: string;
  address: { name: string; phone: string; province: string; city: string; district: string; detail: string };
}

/** Fixed openids, so the shop app's development login can sign in as any of them. */
export const DEMO_SHOPPERS: Record<ShopperKey, DemoShopper> = {
  lin: {
    openid: 'demo_shopper_1',
    nickname: '林晓',
    ip: '198.51.100.11',
    address: {
      name: '林晓',
      phone: '13800138001',
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      detail: '科技园南区 8 栋 1203',
    },
  },
  chen: {
    openid: 'demo_shopper_2',
    nickname: '陈思远',
    ip: '198.51.100.12',
    address: {
      name: '陈思远',
      phone: '13900139002',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 90 号 3 单元 502',
    },
  },
  zhou: {
    openid: 'demo_shopper_3',
    nickname: '周小雨',
    ip: '198.51.100.13',
    address: {
      name: '周小雨',
      phone: '13700137003',
      province: '北京市',
      city: '北京市',
      district: '朝阳区',
      detail: '望京街 10 号院 2 号楼 1801',
    },
  },
};

export const DEMO_STORE = {
  name: '南山科技园店',
  address: '广东省深圳市南山区科技园南区 8 栋 1 楼',
  phone: '0755-86001234',
  opensAt: '09:00',
  closesAt: '22:00',
};
/** 林晓 works at the store: she can open a staff session from the shop app. */
export const DEMO_STAFF: { shopper: ShopperKey; name: string } = { shopper: 'lin', name: '林店长' };

export interface ShopperSession extends Caller {
  id: number;
  addressId: number;
}

/** Development login, privacy consent and a default address, as the shop app does on first use. */
export async function signInShoppers(api: ApiClient): Promise<Record<ShopperKey, ShopperSession>> {
  const guide = await api.call<{ version: string }>({ ip: DEMO_SHOPPERS.lin.ip }, 'GET', '/api/shop/privacy');
  const sessions = {} as Record<ShopperKey, ShopperSession>;
  for (const [key, s] of Object.entries(DEMO_SHOPPERS) as [ShopperKey, DemoShopper][]) {
    const login = await api.call<{ token: string; shopper: { id: number } }>(
      { ip: s.ip },
      'POST',
      '/api/shop/auth/dev-login',
      { body: { openid: s.openid, nickname: s.nickname } },
    );
    const caller = { token: login.token, ip: s.ip };
    await api.call(caller, 'POST', '/api/shop/privacy/accept', { body: { version: guide.version } });
    const address = await api.call<{ id: number }>(caller, 'POST', '/api/shop/addresses', {
      body: { ...s.address, isDefault: true },
    });
    sessions[key] = { ...caller, id: login.shopper.id, addressId: address.id };
  }
  return sessions;
}

/** One store, with a demo shopper bound to it as staff. */
export async function seedStore(
  api: ApiClient,
  owner: Caller,
  shoppers: Record<ShopperKey, ShopperSession>,
): Promise<void> {
  const store = await api.call<{ id: number }>(owner, 'POST', '/api/admin/stores', { body: DEMO_STORE });
  await api.call(owner, 'POST', `/api/admin/stores/${store.id}/staff`, {
    body: { shopperId: shoppers[DEMO_STAFF.shopper].id, name: DEMO_STAFF.name },
  });
}

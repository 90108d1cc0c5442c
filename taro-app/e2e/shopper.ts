import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { api, mallUrl, readTaroStorage } from './support';

/** Helpers for tests that need a shopper who already bought something (the buying UI is purchase.e2e.ts's). */

/** The storage key of src/services/token-storage.ts. */
export const TOKEN_KEY = 'mall.shop.token';

export const visible = (page: Page, selector: string) => page.locator(selector).filter({ visible: true });
export const button = (page: Page, label: string) =>
  page.locator('.nut-button').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`), visible: true });

/** Written here again on purpose: the tests check the app's formatting, not their own copy of it. */
export const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** A new shopper opens the shop and accepts the privacy guide; answers the token the app stored. */
export async function consent(page: Page): Promise<string> {
  await page.goto(`${mallUrl()}/`);
  await page.waitForFunction(
    () => document.querySelector('.privacy-page')?.getBoundingClientRect().left === 0,
  );
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/shop/privacy/accept')),
    button(page, '同意').click(),
  ]);
  await page.locator('.privacy-page').waitFor({ state: 'detached' });
  const token = await readTaroStorage(page, TOKEN_KEY);
  if (typeof token !== 'string') throw new Error('no token stored after consent');
  return token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Like support.ts's `api`, with every method and extra headers (Idempotency-Key). */
export async function call<T>(
  method: Method,
  pathname: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${mallUrl()}${pathname}`, {
    method,
    headers: { 'content-type': 'application/json', Authorization: `Bearer ${token}`, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const envelope = (await res.json()) as { data?: T; error?: unknown };
  if (!res.ok || envelope.data === undefined) {
    throw new Error(`${method} ${pathname} answered ${res.status}: ${JSON.stringify(envelope)}`);
  }
  return envelope.data;
}

export interface ShopOrder {
  id: number;
  orderNo: string;
  status: string;
  payAmount: number;
  refundedAmount: number;
  lines: { id: number; quantity: number; payAmount: number; specText: string }[];
}

interface ShopProduct {
  id: number;
  title: string;
  skus: { id: number; specText: string; stock: number }[];
}

/** The id of a SKU in stock of the product titled `title` whose spec text matches `spec`. */
export async function skuOf(title: string, spec: RegExp): Promise<number> {
  const list = await api<{ id: number; title: string }[]>(
    'GET',
    `/api/shop/products?keyword=${encodeURIComponent(title)}&pageSize=5`,
  );
  const product = list.find((p) => p.title === title);
  if (!product) throw new Error(`no product ${title}`);
  const detail = await api<ShopProduct>('GET', `/api/shop/products/${product.id}`);
  const sku = detail.skus.find((s) => spec.test(s.specText) && s.stock > 0);
  if (!sku) throw new Error(`no SKU ${spec} of ${title} in stock`);
  return sku.id;
}

/**
 * Buys `quantity` units of a SKU through the shop API as the shopper — an address, the order with an
 * Idempotency-Key, the sandbox payment — and answers the paid order.
 */
export async function buyAndPay(token: string, skuId: number, quantity: number): Promise<ShopOrder> {
  const addresses = await call<{ id: number }[]>('GET', '/api/shop/addresses', token);
  const addressId =
    addresses[0]?.id ??
    (
      await call<{ id: number }>('POST', '/api/shop/addresses', token, {
        name: '王五',
        phone: '13900139000',
        province: '上海市',
        city: '上海市',
        district: '浦东新区',
        detail: '世纪大道 100 号',
      })
    ).id;
  const order = await call<ShopOrder>(
    'POST',
    '/api/shop/orders',
    token,
    { items: [{ skuId, quantity }], addressId },
    { 'Idempotency-Key': `e2e-${randomUUID()}` },
  );
  const { paymentId } = await call<{ paymentId: number }>('POST', `/api/shop/orders/${order.id}/pay`, token);
  await call('POST', `/api/shop/pay/sandbox/${paymentId}/confirm`, token);
  return call<ShopOrder>('GET', `/api/shop/orders/${order.id}`, token);
}

/** A merchant token of one of the demo accounts that embedded mode seeds. */
export async function merchantToken(username: 'owner' | 'operator' | 'finance'): Promise<string> {
  const { token } = await api<{ token: string }>('POST', '/api/admin/auth/login', undefined, {
    username,
    password: `${username}123`,
  });
  return token;
}

/** Asks `read` until `done` says yes (queue jobs settle in the background), at most `ms`. */
export async function poll<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not there after ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

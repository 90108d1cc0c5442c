import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';

/** The server under test: serves the H5 build at `/` and the API at `/api`. */
export function mallUrl(): string {
  const url = process.env.MALL_URL;
  if (!url) throw new Error('Set MALL_URL to the running mall, e.g. MALL_URL=http://127.0.0.1:3100');
  return url.replace(/\/$/, '');
}

const SCREENSHOT_DIR = path.join(__dirname, 'screenshots');

export const launchBrowser = launchChromium;

/** A fresh phone-sized browser profile: its own storage, so a new shopper. */
export function newShopperContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Records `METHOD /api/path STATUS` for every API response the page gets, in order. */
export function recordApiCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('response', (res) => {
    const { pathname } = new URL(res.url());
    if (pathname.startsWith('/api/')) calls.push(`${res.request().method()} ${pathname} ${res.status()}`);
  });
  return calls;
}

/** Calls the API directly, unwrapping the `{ data }` envelope; fails the test on an error envelope. */
export async function api<T>(
  method: 'GET' | 'POST',
  pathname: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${mallUrl()}${pathname}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const envelope = (await res.json()) as { data?: T; error?: unknown };
  if (!res.ok || envelope.data === undefined) {
    throw new Error(`${method} ${pathname} answered ${res.status}: ${JSON.stringify(envelope)}`);
  }
  return envelope.data;
}

/** A merchant token from the demo accounts that embedded mode seeds (override with MALL_ADMIN_USER/PASSWORD). */
export async function adminToken(): Promise<string> {
  const { token } = await api<{ token: string }>('POST', '/api/admin/auth/login', undefined, {
    username: process.env.MALL_ADMIN_USER ?? 'operator',
    password: process.env.MALL_ADMIN_PASSWORD ?? 'operator123',
  });
  return token;
}

/** Overwrites what Taro.setStorageSync keeps under `key` in the H5 build (localStorage, `{ data }`). */
export async function setTaroStorage(page: Page, key: string, value: string): Promise<void> {
  await page.evaluate(([k, v]) => localStorage.setItem(k, JSON.stringify({ data: v })), [
    key,
    value,
  ] as const);
}

export async function readTaroStorage(page: Page, key: string): Promise<unknown> {
  const raw = await page.evaluate((k) => localStorage.getItem(k), key);
  return raw === null ? undefined : (JSON.parse(raw) as { data?: unknown }).data;
}

/** The H5 tab bar that Taro renders for `tabBar` in app.config.ts. */
export const tabBar = (page: Page) => page.locator('.weui-tabbar');

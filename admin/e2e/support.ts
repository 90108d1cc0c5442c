import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';

const mallUrl = process.env.MALL_URL?.replace(/\/$/, '');
if (!mallUrl)
  throw new Error('Set MALL_URL to a running mall (it serves the admin at /admin/ and the API at /api)');

export const MALL_URL = mallUrl;
export const ADMIN_URL = `${MALL_URL}/admin`;
export const TOKEN_STORAGE_KEY = 'mall.admin.token';

/** Demo merchant accounts seeded in embedded mode (backend/src/seed/demo.ts). */
export const DEMO = {
  owner: { username: 'owner', password: 'owner123', displayName: '店主' },
  operator: { username: 'operator', password: 'operator123', displayName: '运营小王' },
  finance: { username: 'finance', password: 'finance123', displayName: '财务小李' },
} as const;

const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

export const launchBrowser = launchChromium;

export interface AdminPage {
  page: Page;
  /** uncaught exceptions in the page; a test asserts there were none */
  errors: Error[];
  close(): Promise<void>;
}

/**
 * A fresh browser context (no stored token). Its clock runs in New York, so a time shown in the browser's
 * zone instead of the shop's (Asia/Shanghai) would be visibly wrong.
 */
export async function openAdminPage(browser: Browser): Promise<AdminPage> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'America/New_York',
    viewport: { width: 1366, height: 860 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  return { page, errors, close: () => context.close() };
}

export async function loginThroughForm(page: Page, username: string, password: string): Promise<void> {
  if (!page.url().includes('/admin/login')) await page.goto(`${ADMIN_URL}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  // antd spaces out two-character Chinese button labels: 登 录
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** The menu entries the side menu shows, in order. */
export async function menuEntries(page: Page): Promise<string[]> {
  const items = page.locator('.ant-pro-sider .ant-menu-item');
  await items.first().waitFor();
  return (await items.allInnerTexts()).map((t) => t.trim());
}

export async function waitForPath(page: Page, path: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === `/admin${path}`);
}

export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).trim();
}

/** Calls the API with the token the page holds: to set up data, or to compare the page with the data. */
export async function apiAsPage<T>(
  page: Page,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const token = await page.evaluate((key) => localStorage.getItem(key), TOKEN_STORAGE_KEY);
  assert.ok(token, 'the page holds no token');
  const res = await fetch(`${MALL_URL}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path} answered ${res.status}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true, animations: 'disabled' });
}

/** Logs in and waits for the dashboard. */
export async function loginAs(page: Page, who: keyof typeof DEMO): Promise<void> {
  await loginThroughForm(page, DEMO[who].username, DEMO[who].password);
  await waitForPath(page, '/dashboard');
  await page.getByText(`欢迎，${DEMO[who].displayName}`).waitFor();
}

/** Confirms the open Popconfirm. */
export async function confirmPopover(page: Page): Promise<void> {
  await page.locator('.ant-popover:visible .ant-popconfirm-buttons .ant-btn-primary').click();
}

/** Picks an option of the open antd Select dropdown. */
export async function pickOption(page: Page, text: string): Promise<void> {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).click();
}

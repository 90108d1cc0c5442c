import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  adminToken,
  api,
  launchBrowser,
  mallUrl,
  newShopperContext,
  readTaroStorage,
  recordApiCalls,
  screenshot,
  setTaroStorage,
  tabBar,
} from './support';

interface PrivacyGuide {
  version: string;
  title: string;
  text: string;
}
interface ShopperProfile {
  id: number;
  nickname: string;
  privacyAccepted: boolean;
  privacyVersion: string | null;
}
interface LoginResult {
  token: string;
  shopper: { id: number; privacyAccepted: boolean };
}

/** The storage key of src/services/token-storage.ts. */
const TOKEN_KEY = 'mall.shop.token';
const LOGIN = 'POST /api/shop/auth/dev-login';
const ACCEPT = 'POST /api/shop/privacy/accept';

/** Taro H5 keeps visited tab pages in the DOM, hidden: look only at what is on screen. */
const visibleText = (page: Page, text: string) => page.getByText(text).filter({ visible: true });

/** A NutUI button by its label (its label element does not take clicks, the button does). */
const button = (page: Page, label: string) =>
  page.locator('.nut-button').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`), visible: true });

async function expectPrivacyStep(page: Page, guide: PrivacyGuide): Promise<void> {
  await page.getByText(guide.title, { exact: true }).waitFor();
  await page.getByText(`版本：${guide.version}`).waitFor();
  await button(page, '同意').waitFor();
  await button(page, '拒绝').waitFor();
  // the page slides in: wait until it has arrived
  await page.waitForFunction(
    () => document.querySelector('.privacy-page')?.getBoundingClientRect().left === 0,
  );
}

/** 同意 on the privacy step; returns the login the app made for it. */
async function accept(page: Page): Promise<LoginResult> {
  const [loginResponse] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/shop/auth/dev-login')),
    page.waitForResponse((r) => r.url().endsWith('/api/shop/privacy/accept')),
    button(page, '同意').click(),
  ]);
  await page.locator('.privacy-page').waitFor({ state: 'detached' });
  return ((await loginResponse.json()) as { data: LoginResult }).data;
}

async function openMineTab(page: Page): Promise<void> {
  await tabBar(page).getByText('我的', { exact: true }).click();
}

describe('shop shell (H5)', () => {
  let browser: Browser;
  let guide: PrivacyGuide;

  before(async () => {
    browser = await launchBrowser();
    guide = await api<PrivacyGuide>('GET', '/api/shop/privacy');
  });
  after(async () => {
    await browser?.close();
  });

  test('first launch: privacy guide before any login, 同意 logs in, tab bar, 我的 shows the shopper', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    const calls = recordApiCalls(page);

    await page.goto(`${mallUrl()}/`);
    await expectPrivacyStep(page, guide);
    await screenshot(page, 'shell-privacy');
    assert.deepEqual(calls, ['GET /api/shop/privacy 200'], 'nothing but the guide is fetched before consent');

    const login = await accept(page);
    assert.deepEqual(calls.slice(1, 3), [`${LOGIN} 200`, `${ACCEPT} 200`], 'login, then consent');
    const me = await api<ShopperProfile>('GET', '/api/shop/me', login.token);
    assert.equal(me.id, login.shopper.id);
    assert.equal(me.privacyAccepted, true);
    assert.equal(me.privacyVersion, guide.version);

    const tabs = tabBar(page);
    assert.deepEqual(
      (await tabs.locator('.weui-tabbar__label').allTextContents()).map((t) => t.trim()),
      ['首页', '分类', '购物车', '我的'],
    );
    await page.locator('.product-card').filter({ visible: true }).first().waitFor();
    await screenshot(page, 'shell-home');

    await openMineTab(page);
    await visibleText(page, me.nickname).waitFor();
    await visibleText(page, `ID：${me.id}`).waitFor();
    await visibleText(page, `已同意（${guide.version} 版）`).waitFor();
    await screenshot(page, 'shell-mine');

    // Same browser, next launch: the same shopper, without the privacy step or a new login.
    const seen = calls.length;
    await page.reload();
    await openMineTab(page);
    await visibleText(page, `ID：${me.id}`).waitFor();
    const afterReload = calls.slice(seen);
    assert.ok(
      afterReload.every((c) => !c.startsWith(LOGIN) && !c.startsWith(ACCEPT)),
      `no new login or consent, saw: ${afterReload.join(', ')}`,
    );
    assert.equal(await page.locator('.privacy-page').count(), 0);
    await context.close();
  });

  test('拒绝 keeps the shopper browsing only, with a note and the way back to the guide', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    const calls = recordApiCalls(page);

    await page.goto(`${mallUrl()}/`);
    await expectPrivacyStep(page, guide);
    await button(page, '拒绝').click();
    await page.locator('.privacy-page').waitFor({ state: 'detached' });

    await visibleText(page, '你未同意隐私保护指引，目前只能浏览商品').waitFor();
    await page.locator('.product-card').filter({ visible: true }).first().waitFor();
    await screenshot(page, 'shell-declined-home');

    await openMineTab(page);
    const reopen = button(page, '查看隐私保护指引');
    await reopen.waitFor();
    assert.deepEqual(
      calls.filter((c) => !/^GET \/api\/shop\/(products|categories) /.test(c)),
      ['GET /api/shop/privacy 200'],
      'a shopper who declined sends nothing personal (the public catalogue aside)',
    );
    await screenshot(page, 'shell-declined-mine');

    await reopen.click();
    await expectPrivacyStep(page, guide);
    await context.close();
  });

  test('an invalid stored token: the app logs in again once, retries, and stays the same shopper', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    const calls = recordApiCalls(page);
    await page.goto(`${mallUrl()}/`);
    await expectPrivacyStep(page, guide);
    const login = await accept(page);

    await setTaroStorage(page, TOKEN_KEY, 'not-a-valid-token');
    const seen = calls.length;
    await page.reload();
    await openMineTab(page);
    await visibleText(page, `ID：${login.shopper.id}`).waitFor();
    assert.deepEqual(calls.slice(seen, seen + 3), [
      'GET /api/shop/me 401',
      `${LOGIN} 200`,
      'GET /api/shop/me 200',
    ]);
    assert.equal(calls.filter((c) => c.startsWith(LOGIN)).length, 2, 'one login at consent, one re-login');
    const renewed = await readTaroStorage(page, TOKEN_KEY);
    assert.ok(typeof renewed === 'string' && renewed !== 'not-a-valid-token', 'the new token is stored');
    await context.close();
  });

  test('a frozen account: a clear message, and the session is cleared', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    await page.goto(`${mallUrl()}/`);
    await expectPrivacyStep(page, guide);
    const login = await accept(page);

    await api('POST', `/api/admin/shoppers/${login.shopper.id}/freeze`, await adminToken(), {
      reason: '浏览器测试',
    });
    await page.reload();
    await visibleText(page, '账号已冻结').waitFor();
    await visibleText(page, '账号已被冻结，如有疑问请联系客服').first().waitFor();
    await screenshot(page, 'shell-frozen');
    assert.equal(await readTaroStorage(page, TOKEN_KEY), undefined, 'the token is gone');

    await page.getByText('知道了', { exact: true }).click();
    await visibleText(page, '账号已冻结').waitFor({ state: 'hidden' });
    await openMineTab(page);
    await visibleText(page, '账号已被冻结，如有疑问请联系客服').waitFor();
    await context.close();
  });
});

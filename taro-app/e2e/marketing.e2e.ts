import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { button, call, consent, poll, visible, yuan } from './shopper';
import { api, launchBrowser, mallUrl, newShopperContext, screenshot, tabBar } from './support';

/**
 * Marketing in the shop (issue 5): the merchant's 满减 campaign on the product page, in the cart and at checkout;
 * coupons claimed in the claim center, chosen automatically and switched in the picker; points at checkout;
 * the amounts the checkout shows are the order's; the coupon is 已使用 afterwards.
 */

interface Adjustment {
  sourceType: string;
  sourceId: number | null;
  kind: string;
  name: string;
  target: string;
  amount: number;
  pointsUsed: number | null;
}
interface Preview {
  goodsAmount: number;
  discountAmount: number;
  freightAmount: number;
  freightBase: number;
  pointsUsed: number;
  pointsAmount: number;
  payAmount: number;
  adjustments: Adjustment[];
  coupons: { instanceId: number; name: string; usable: boolean; discount: number; selected: boolean }[];
}
interface OrderView extends Preview {
  id: number;
  status: string;
}
interface MyCoupon {
  id: number;
  name: string;
  status: string;
}

const RUN = Date.now().toString(36).slice(-5);
const NUTS = '每日坚果礼盒';
const NUTS_SKU = '30 袋礼盒';
const CAMPAIGN = `坚果满100减12 E2E-${RUN}`;
const COUPON_15 = '满100减15';
const COUPON_90 = '全场9折券（最高减30）';
const COUPON_HIGH = `满500减50 E2E-${RUN}`;
const COUPON_ONE = `限量1张 E2E-${RUN}`;
const COUPON_CODE = `兑换券 E2E-${RUN}`;
/** The merchant's requests come from their own address, so that the admin login limit is this suite's own. */
const MERCHANT_IP = '198.51.100.75';

async function merchantLogin(username: 'owner' | 'operator'): Promise<string> {
  const res = await fetch(`${mallUrl()}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': MERCHANT_IP },
    body: JSON.stringify({ username, password: `${username}123` }),
  });
  const body = (await res.json()) as { data?: { token: string } };
  if (!body.data) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return body.data.token;
}

/** A second shopper through the API only: development login and consent. */
async function apiShopper(): Promise<string> {
  const { token } = await api<{ token: string }>('POST', '/api/shop/auth/dev-login', undefined, {
    openid: `e2e-mkt-${randomUUID()}`,
  });
  const guide = await api<{ version: string }>('GET', '/api/shop/privacy');
  await call('POST', '/api/shop/privacy/accept', token, { version: guide.version });
  return token;
}

/** A screenshot once `selector`'s page has slid in and no popup overlay is fading. */
async function shot(page: Page, name: string, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = Array.from(document.querySelectorAll(sel)).find((e) => e.getBoundingClientRect().width > 0);
    const overlay = Array.from(document.querySelectorAll('.nut-overlay')).some(
      (e) => e.getBoundingClientRect().width > 0 && getComputedStyle(e).display !== 'none',
    );
    return el !== undefined && Math.abs(el.getBoundingClientRect().left) < 1 && !overlay;
  }, selector);
  await screenshot(page, name);
}

const coupon = (page: Page, name: string) => visible(page, '.coupon-center__item').filter({ hasText: name });

/** The checkout page has its final amounts: no preview running. */
async function priced(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const pages = Array.from(document.querySelectorAll('.checkout-page')).filter(
      (e) => e.getBoundingClientRect().width > 0,
    );
    return pages.length === 1 && pages[0].getAttribute('aria-busy') === 'false';
  });
}

async function text(page: Page, selector: string): Promise<string> {
  return (await visible(page, selector).first().innerText()).replace(/\s+/g, ' ').trim();
}

/** Each adjustment line as the page shows it: `tag|name|amount`. */
async function adjustmentLines(page: Page, scope: string): Promise<string[]> {
  const rows = visible(page, `${scope} .adjustment-line`);
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const name = (await row.locator('.adjustment-line__name').innerText()).trim();
    const amount = (await row.locator('.adjustment-line__amount').innerText()).trim();
    out.push(`${name}|${amount}`);
  }
  return out.sort();
}

const expectedLines = (adjustments: Adjustment[]) =>
  adjustments.map((a) => `${a.name}|-${yuan(a.amount)}`).sort();

describe('shop marketing (H5)', () => {
  let browser: Browser;
  let operator: string;
  let owner: string;
  let product: { id: number; skus: { id: number; specText: string; price: number }[] };
  let campaignId: number;
  let codeTemplate: number;
  const templates: number[] = [];

  before(async () => {
    browser = await launchBrowser();
    operator = await merchantLogin('operator');
    owner = await merchantLogin('owner');
    const list = await api<{ id: number; title: string }[]>(
      'GET',
      `/api/shop/products?keyword=${encodeURIComponent('坚果')}&pageSize=5`,
    );
    const found = list.find((p) => p.title === NUTS);
    assert.ok(found, `${NUTS} is in the demo catalogue`);
    product = await api('GET', `/api/shop/products/${found.id}`);

    // the operator's 满减 on the nuts, as the admin form sends it
    const campaign = await call<{ id: number }>('POST', '/api/admin/campaigns', operator, {
      kind: 'full_reduction',
      name: CAMPAIGN,
      scope: { mode: 'include', productIds: [product.id], categoryIds: [] },
      config: { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 10000, amountOff: 1200 }] },
    });
    campaignId = campaign.id;

    // claim-center coupons beside the demo ones: one the cart cannot use, one copy only, one for a code
    const template = async (body: Record<string, unknown>) => {
      const t = await call<{ id: number }>('POST', '/api/admin/coupon-templates', operator, {
        validity: { type: 'relative', days: 30 },
        ...body,
      });
      templates.push(t.id);
      return t.id;
    };
    await template({ name: COUPON_HIGH, kind: 'amount_off', threshold: 50000, amountOff: 5000 });
    const oneCopy = await template({
      name: COUPON_ONE,
      kind: 'amount_off',
      amountOff: 100,
      totalQuantity: 1,
    });
    codeTemplate = await template({
      name: COUPON_CODE,
      kind: 'amount_off',
      amountOff: 200,
      channels: ['redemption_code'],
    });
    // the only copy goes to someone else: 已抢光
    await call('POST', `/api/shop/coupon-center/${oneCopy}/claim`, await apiShopper());
  });

  after(async () => {
    if (campaignId)
      await call('POST', `/api/admin/campaigns/${campaignId}/disable`, operator).catch(() => {});
    for (const id of templates) {
      await call('POST', `/api/admin/coupon-templates/${id}/status`, operator, { status: 'disabled' }).catch(
        () => {},
      );
    }
    await browser?.close();
  });

  test('claim coupons, see the 满减 on the product, cart and checkout, switch coupons, use points, pay', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    const token = await consent(page);
    const me = await call<{ id: number }>('GET', '/api/shop/me', token);
    await call('POST', `/api/admin/points/shoppers/${me.id}/adjustments`, owner, {
      delta: 1000,
      reason: 'E2E 积分',
    });
    const address = await call<{ id: number }>('POST', '/api/shop/addresses', token, {
      name: '李四',
      phone: '13800138111',
      province: '上海市',
      city: '上海市',
      district: '徐汇区',
      detail: '漕溪北路 100 号',
    });

    // 我的: coupons 0, points 1000; → 领券中心
    await tabBar(page).getByText('我的', { exact: true }).click();
    await visible(page, '.mine-assets__points .mine-assets__value').getByText('1000').waitFor();
    assert.equal(await text(page, '.mine-assets__coupons .mine-assets__value'), '0');
    await visible(page, '.mine-page__service--coupon-center').click();
    await coupon(page, COUPON_15).waitFor();
    await coupon(page, COUPON_ONE).getByText('已抢光').waitFor();
    assert.equal(await coupon(page, COUPON_15).locator('.nut-button').innerText(), '立即领取');
    for (const name of [COUPON_15, COUPON_90, COUPON_HIGH]) {
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/claim') && r.status() === 201),
        coupon(page, name).locator('.coupon-center__claim').click(),
      ]);
      await coupon(page, name).getByText('已领取').waitFor();
    }
    await shot(page, 'marketing-coupon-center', '.coupon-center');
    const held = await api<MyCoupon[]>('GET', '/api/shop/coupons?status=unused', token);
    assert.deepEqual(held.map((c) => c.name).sort(), [COUPON_15, COUPON_90, COUPON_HIGH].sort());
    const idOf = (name: string) => held.find((c) => c.name === name)!.id;

    // product page: the campaign's tag and the honest price block
    await page.goBack();
    await visible(page, '.mine-page__services').waitFor();
    await tabBar(page).getByText('首页', { exact: true }).click();
    await visible(page, '.home-page__search').click();
    await visible(page, '.search-page__input input').fill('坚果');
    await visible(page, '.search-page__go').click();
    await visible(page, '.search-page .product-card').filter({ hasText: NUTS }).click();
    await visible(page, '.product-page__title').filter({ hasText: NUTS }).waitFor();
    const tag = visible(page, '.promotions__item').filter({ hasText: CAMPAIGN });
    await tag.waitFor();
    assert.equal((await tag.locator('.promotions__tool').innerText()).trim(), '满减');
    assert.equal((await tag.locator('.promotions__label').innerText()).trim(), '满100减12');
    await visible(page, '.promotions__item').filter({ hasText: '满99包邮' }).waitFor();
    await visible(page, '.sku-picker__value')
      .filter({ hasText: new RegExp(`^${NUTS_SKU}$`) })
      .click();
    const sku = product.skus.find((s) => s.specText.includes(NUTS_SKU))!;
    assert.equal(await text(page, '.product-page__price .price__now'), yuan(sku.price));
    await shot(page, 'marketing-product', '.product-page');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/shop/cart/items') && r.status() === 200),
      button(page, '加入购物车').click(),
    ]);

    // 购物车: the explanation is the server's preview of the selection
    // back to the search, then home: each page on screen before the next step (the H5 router is history-based)
    await page.goBack();
    await visible(page, '.search-page__input').waitFor();
    await page.goBack();
    await visible(page, '.home-page__search').waitFor();
    await tabBar(page).getByText('购物车', { exact: true }).click();
    await visible(page, '.cart-line').filter({ hasText: NUTS }).waitFor();
    await visible(page, '.cart-explain__heading').waitFor();
    const cartPreview = await call<Preview>('POST', '/api/shop/checkout/preview', token, {
      addressId: address.id,
    });
    assert.deepEqual(await adjustmentLines(page, '.cart-explain'), expectedLines(cartPreview.adjustments));
    assert.ok(cartPreview.adjustments.some((a) => a.name === CAMPAIGN && a.amount === 1200));
    assert.equal(await text(page, '.cart-explain__total .cart-explain__value'), yuan(cartPreview.payAmount));
    assert.equal(await text(page, '.cart-page__amount'), yuan(cartPreview.payAmount));
    await shot(page, 'marketing-cart', '.cart-page');
    await button(page, '去结算\\(1\\)').click();

    // checkout: the campaign line, the best coupon chosen by the server
    await visible(page, '.checkout-adjustments').waitFor();
    await priced(page);
    const auto = await call<Preview>('POST', '/api/shop/checkout/preview', token, {
      addressId: address.id,
      points: 0,
    });
    assert.equal(auto.coupons.find((c) => c.selected)?.name, COUPON_15, 'the server picks the best coupon');
    assert.match(await text(page, '.checkout-offers__coupon'), new RegExp(`${COUPON_15} -¥15\\.00`));
    assert.deepEqual(await adjustmentLines(page, '.checkout-adjustments'), expectedLines(auto.adjustments));
    const campaignLine = visible(page, '.checkout-adjustments .adjustment-line').filter({
      hasText: CAMPAIGN,
    });
    assert.equal((await campaignLine.locator('.adjustment-line__tag').innerText()).trim(), '满减');
    assert.equal((await campaignLine.locator('.adjustment-line__amount').innerText()).trim(), '-¥12.00');
    assert.equal(await text(page, '.checkout-amounts__pay .checkout-amounts__value'), yuan(auto.payAmount));
    await shot(page, 'marketing-checkout-auto', '.checkout-page');

    // the coupon is taken by another order meanwhile: 提交订单 is refused, the page says so and prices again
    const blocking = await call<{ id: number }>(
      'POST',
      '/api/shop/orders',
      token,
      { items: [{ skuId: sku.id, quantity: 1 }], addressId: address.id, couponIds: [idOf(COUPON_15)] },
      { 'Idempotency-Key': `e2e-${randomUUID()}` },
    );
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/shop/orders') && r.status() === 409),
      button(page, '提交订单').click(),
    ]);
    await visible(page, '.checkout-notice').getByText('优惠券不可用').waitFor();
    await priced(page);
    await visible(page, '.checkout-offers__coupon').getByText(COUPON_90).waitFor();
    await shot(page, 'marketing-checkout-refused', '.checkout-page');
    await call('POST', `/api/shop/orders/${blocking.id}/cancel`, token);
    // the coupon goes back to unused in the outbox handler of the cancel
    await poll(
      () => api<MyCoupon[]>('GET', '/api/shop/coupons?status=unused', token),
      (list) => list.some((c) => c.name === COUPON_15 && c.status === 'unused'),
    );

    // points: the row says what 'max' gives (the server's numbers), the switch turns them on
    const withMax = await call<Preview>('POST', '/api/shop/checkout/preview', token, {
      addressId: address.id,
      points: 'max',
    });
    assert.ok(withMax.pointsUsed > 0, 'the shopper has points to use');
    await visible(page, '.checkout-offers__points')
      .getByText(`可用${withMax.pointsUsed}积分抵${yuan(withMax.pointsAmount)}`)
      .waitFor();
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/shop/checkout/preview')),
      visible(page, '.checkout-offers__switch').click(),
    ]);
    await priced(page);
    // the coupon came back with the cancel: the server's choice is 满100减15 again
    await visible(page, '.checkout-offers__coupon').getByText(COUPON_15).waitFor();
    await visible(page, '.checkout-offers__points')
      .getByText(`使用${withMax.pointsUsed}积分抵${yuan(withMax.pointsAmount)}`)
      .waitFor();

    // the picker: usable ones with their saving, the 满500 one greyed with its reason; switch to 9折
    await visible(page, '.checkout-offers__coupon').click();
    const option = (name: string) => visible(page, '.coupon-option').filter({ hasText: name });
    await option(COUPON_90).waitFor();
    assert.equal(await option(COUPON_15).getAttribute('aria-checked'), 'true');
    assert.match(await option(COUPON_15).innerText(), /本单可省 ¥15\.00/);
    assert.equal(await option(COUPON_HIGH).getAttribute('aria-disabled'), 'true');
    assert.match(await option(COUPON_HIGH).innerText(), /未满¥500\.00，不可用/);
    await page.waitForFunction(() => {
      const sheet = document.querySelector('.coupon-picker');
      return sheet !== null && Math.abs(sheet.getBoundingClientRect().bottom - window.innerHeight) < 1;
    });
    await screenshot(page, 'marketing-coupon-picker');
    await option(COUPON_90).click();
    assert.equal(await option(COUPON_90).getAttribute('aria-checked'), 'true');
    assert.equal(await option(COUPON_15).getAttribute('aria-checked'), 'false', 'one coupon at a time');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/shop/checkout/preview')),
      button(page, '确定').click(),
    ]);
    await priced(page);
    await visible(page, '.checkout-offers__coupon').getByText(COUPON_90).waitFor();
    const chosen = await call<Preview>('POST', '/api/shop/checkout/preview', token, {
      addressId: address.id,
      couponIds: [idOf(COUPON_90)],
      points: 'max',
    });
    assert.notEqual(chosen.discountAmount, withMax.discountAmount, 'another coupon, another discount');

    const shown = {
      goods: await text(page, '.checkout-amounts__goods .checkout-amounts__value'),
      freight: await text(page, '.checkout-amounts__freight .checkout-amounts__value'),
      discount: await text(page, '.checkout-amounts__discount .checkout-amounts__value'),
      points: await text(page, '.checkout-amounts__points .checkout-amounts__value'),
      pay: await text(page, '.checkout-amounts__pay .checkout-amounts__value'),
      adjustments: await adjustmentLines(page, '.checkout-adjustments'),
    };
    await shot(page, 'marketing-checkout', '.checkout-page');
    await button(page, '提交订单').click();
    await button(page, '确认支付').waitFor();
    await button(page, '确认支付').click();
    await visible(page, '.pay-result__title').getByText('支付成功').waitFor();
    const orderId = Number(new URL(page.url().replace('#', '')).searchParams.get('orderId'));
    const order = await call<OrderView>('GET', `/api/shop/orders/${orderId}`, token);
    assert.deepEqual(shown, {
      goods: yuan(order.goodsAmount),
      freight: `+${yuan(order.freightAmount)}`,
      discount: `-${yuan(order.discountAmount)}`,
      points: `-${yuan(order.pointsAmount)}`,
      pay: yuan(order.payAmount),
      adjustments: expectedLines(order.adjustments),
    });
    assert.equal(order.payAmount, chosen.payAmount);
    assert.ok(
      order.adjustments.some((a) => a.name === CAMPAIGN && a.amount === 1200),
      'the 满减 applied',
    );
    assert.ok(order.adjustments.some((a) => a.sourceType === 'coupon' && a.name === COUPON_90));
    assert.ok(
      order.adjustments.some((a) => a.sourceType === 'points' && a.pointsUsed === withMax.pointsUsed),
    );

    // 我的 → 我的订单 → the order's 优惠明细
    await button(page, '继续逛逛').click();
    await tabBar(page).getByText('我的', { exact: true }).click();
    await visible(page, '.mine-page__order-tab').filter({ hasText: '待发货' }).click();
    await visible(page, '.order-card').first().click();
    await visible(page, '.order-detail__adjustments').waitFor();
    assert.deepEqual(
      await adjustmentLines(page, '.order-detail__adjustments'),
      expectedLines(order.adjustments),
    );
    await shot(page, 'marketing-order-detail', '.order-detail');

    // 我的优惠券: the 9折 coupon is 已使用, the others wait; a redemption code adds one
    await page.goBack();
    await visible(page, '.orders-page__tabs').waitFor();
    await page.goBack();
    await visible(page, '.mine-page__service--coupons').click();
    await visible(page, '.my-coupons__item').filter({ hasText: COUPON_15 }).waitFor();
    await visible(page, '.my-coupons__tab--used').click();
    const used = visible(page, '.my-coupons__item').filter({ hasText: COUPON_90 });
    await used.waitFor();
    assert.match(await used.innerText(), /已使用/);
    assert.equal(await visible(page, '.my-coupons__item').count(), 1);
    await shot(page, 'marketing-my-coupons-used', '.my-coupons');
    const usedApi = await api<MyCoupon[]>('GET', '/api/shop/coupons?status=used', token);
    assert.deepEqual(
      usedApi.map((c) => [c.name, c.status]),
      [[COUPON_90, 'used']],
    );

    const batch = await call<{ id: number }>(
      'POST',
      `/api/admin/coupon-templates/${codeTemplate}/code-batches`,
      operator,
      { quantity: 1, name: 'E2E' },
    );
    const csv = await (
      await fetch(`${mallUrl()}/api/admin/coupon-code-batches/${batch.id}/codes.csv`, {
        headers: { Authorization: `Bearer ${operator}` },
      })
    ).text();
    const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(csv)?.[0];
    assert.ok(code, 'the CSV lists the code');
    await visible(page, '.my-coupons__code input').fill(code.toLowerCase());
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/shop/coupons/redeem') && r.status() === 201),
      button(page, '兑换').click(),
    ]);
    await visible(page, '.my-coupons__tab--active').getByText('未使用').waitFor();
    await visible(page, '.my-coupons__item').filter({ hasText: COUPON_CODE }).waitFor();
    await visible(page, '.my-coupons__tab--unused').getByText('未使用(3)').waitFor();
    await shot(page, 'marketing-my-coupons', '.my-coupons');

    // 我的积分: the balance and the ledger (the spend, the grant)
    await page.goBack();
    await visible(page, '.mine-page__services').waitFor();
    await visible(page, '.mine-page__service--points').click();
    const points = await call<{ balance: number }>('GET', '/api/shop/points', token);
    assert.equal(points.balance, 1000 - withMax.pointsUsed);
    await visible(page, '.points-page__balance').getByText(String(points.balance)).waitFor();
    const rows = visible(page, '.points-ledger__row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), new RegExp(`下单抵扣[\\s\\S]*-${withMax.pointsUsed}`));
    assert.match(await rows.nth(1).innerText(), /商家调整[\s\S]*\+1000/);
    await shot(page, 'marketing-points', '.points-page');
    await context.close();
  });

  test('the picker: stackable coupons are chosen together, another coupon replaces them', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    const token = await consent(page);
    const address = await call<{ id: number }>('POST', '/api/shop/addresses', token, {
      name: '赵六',
      phone: '13800138222',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 200 号',
    });
    const stackA = `叠加券A E2E-${RUN}`;
    const stackB = `叠加券B E2E-${RUN}`;
    for (const [name, amountOff] of [
      [stackA, 300],
      [stackB, 200],
    ] as const) {
      const t = await call<{ id: number }>('POST', '/api/admin/coupon-templates', operator, {
        name,
        kind: 'amount_off',
        amountOff,
        stackable: true,
        validity: { type: 'relative', days: 7 },
      });
      templates.push(t.id);
      await call('POST', `/api/shop/coupon-center/${t.id}/claim`, token);
    }
    const center = await api<{ templateId: number; name: string }[]>(
      'GET',
      '/api/shop/coupon-center?pageSize=100',
    );
    const single = center.find((c) => c.name === '新人无门槛5元券')!;
    await call('POST', `/api/shop/coupon-center/${single.templateId}/claim`, token);
    const mine = await api<MyCoupon[]>('GET', '/api/shop/coupons?status=unused', token);
    const idOf = (name: string) => mine.find((c) => c.name === name)!.id;

    // 立即购买 of the nuts (15 袋装)
    const sku = product.skus.find((x) => !x.specText.includes(NUTS_SKU))!;
    await page.goto(`${mallUrl()}/#/pages/checkout/index?skuId=${sku.id}&quantity=1`);
    await visible(page, '.checkout-offers__coupon').waitFor();
    await priced(page);
    await visible(page, '.checkout-offers__coupon').click();
    const option = (name: string) => visible(page, '.coupon-option').filter({ hasText: name });
    await option(stackB).waitFor();
    const checked = async () => {
      const out: string[] = [];
      for (const name of ['新人无门槛5元券', stackA, stackB]) {
        if ((await option(name).getAttribute('aria-checked')) === 'true') out.push(name);
      }
      return out;
    };
    // the server chose the best single coupon (5 元)
    assert.deepEqual(await checked(), ['新人无门槛5元券']);
    assert.match(await option(stackA).innerText(), /可叠加/);
    await option(stackA).click();
    await option(stackB).click();
    assert.deepEqual(await checked(), [stackA, stackB], 'stackable ones together');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/shop/checkout/preview')),
      button(page, '确定').click(),
    ]);
    await priced(page);
    await visible(page, '.checkout-offers__coupon').getByText('已选 2 张').waitFor();
    const both = await call<Preview>('POST', '/api/shop/checkout/preview', token, {
      items: [{ skuId: sku.id, quantity: 1 }],
      addressId: address.id,
      couponIds: [idOf(stackA), idOf(stackB)],
      points: 0,
    });
    assert.deepEqual(
      both.coupons
        .filter((c) => c.selected)
        .map((c) => c.name)
        .sort(),
      [stackA, stackB].sort(),
    );
    assert.deepEqual(await adjustmentLines(page, '.checkout-adjustments'), expectedLines(both.adjustments));
    assert.equal(await text(page, '.checkout-amounts__pay .checkout-amounts__value'), yuan(both.payAmount));
    await shot(page, 'marketing-checkout-stacked', '.checkout-page');

    // a coupon that does not stack replaces the choice
    await visible(page, '.checkout-offers__coupon').click();
    await option(stackA).waitFor();
    await option('新人无门槛5元券').click();
    assert.deepEqual(await checked(), ['新人无门槛5元券']);
    await context.close();
  });
});

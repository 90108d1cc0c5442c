import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  ADMIN_URL,
  MALL_URL,
  apiAsPage,
  confirmPopover,
  launchBrowser,
  loginAs,
  openAdminPage,
  pickOption,
  screenshot,
  textOf,
  waitForPath,
} from './support';
import { button, consent, visible, yuan } from '../../taro-app/e2e/shopper';
import { newShopperContext } from '../../taro-app/e2e/support';

interface AdminProduct {
  id: number;
  title: string;
  skus: { id: number; specText: string; price: number; stock: number; status: string }[];
}
interface Campaign {
  id: number;
  kind: string;
  name: string;
  status: string;
  phase: string;
  startsAt: string | null;
  endsAt: string | null;
  scope: { mode: string; productIds: number[]; categoryIds: number[] };
  config: unknown;
}
interface Adjustment {
  sourceType: string;
  sourceId: number | null;
  kind: string;
  name: string;
  amount: number;
}
interface Preview {
  coupons: { instanceId: number; name: string; usable: boolean; discount: number; selected: boolean }[];
  goodsAmount: number;
  discountAmount: number;
  freightAmount: number;
  payAmount: number;
  adjustments: Adjustment[];
}
interface CouponTemplate {
  id: number;
  name: string;
  kind: string;
  threshold: number;
  amountOff: number;
  discountPermille: number;
  maxDiscount: number | null;
  channels: string[];
  issuedCount: number;
  validity: { type: string; days?: number };
}
interface ShopOrder extends Preview {
  id: number;
  status: string;
}

const RUN = Date.now().toString(36).slice(-5);
const NAME = `保温杯满减 E2E-${RUN}`;
const COUPON = `店铺券 E2E-${RUN}`;
/** the shop's (Asia/Shanghai) calendar, whatever zone this machine runs in */
const shopDate = (offsetDays: number) =>
  new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);
const START_DAY = shopDate(-1);
const END_DAY = shopDate(30);

/**
 * The suite logs in four times (operator, finance). Its browser context says it comes from its own
 * client address (loopback is a trusted proxy), as the seed's shoppers do, so that the admin login limit
 * (10 a minute per IP) is not shared with the other admin suites of the same run.
 */
const CLIENT_IP = '203.0.113.51';

async function openPage(browser: Browser) {
  const opened = await openAdminPage(browser);
  await opened.page.context().setExtraHTTPHeaders({ 'X-Forwarded-For': CLIENT_IP });
  return opened;
}

/** The shopper's own client address (loopback is a trusted proxy): their logins are not the admin's. */
const SHOP_IP = '203.0.113.52';
/** The storage key under which the H5 keeps its development-login openid (taro-app/src/services/auth.h5.ts). */
const DEV_OPENID_KEY = 'mall.shop.devOpenid';

async function shopCall<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${MALL_URL}${path}`, {
    method,
    headers: {
      'X-Forwarded-For': SHOP_IP,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path} answered ${res.status}: ${await res.clone().text()}`);
  return res.status === 204 ? (undefined as T) : ((await res.json()) as { data: T }).data;
}

/**
 * A fresh shopper in the shop H5 (served at `/`) on a phone-sized page. A development login first registers
 * them with a nickname the operator can search for; the page then uses that login's openid (the H5 keeps one
 * per browser) and the shopper accepts the privacy guide on the page, as the shop tests do. Their address is
 * made through the API, so the checkout picks it.
 */
async function openShop(browser: Browser) {
  const openid = `e2e_marketing_${RUN}`;
  const nickname = `满减买家${RUN}`;
  await shopCall('POST', '/api/shop/auth/dev-login', null, { openid, nickname });
  const context = await newShopperContext(browser);
  await context.setExtraHTTPHeaders({ 'X-Forwarded-For': SHOP_IP });
  await context.addInitScript(([key, id]) => localStorage.setItem(key, JSON.stringify({ data: id })), [
    DEV_OPENID_KEY,
    openid,
  ] as const);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  const token = await consent(page);
  const me = await shopCall<{ nickname: string }>('GET', '/api/shop/me', token);
  assert.equal(me.nickname, nickname, 'the page is the shopper of the development login');
  const address = await shopCall<{ id: number }>('POST', '/api/shop/addresses', token, {
    name: '吴测试',
    phone: '13600136004',
    province: '上海市',
    city: '上海市',
    district: '徐汇区',
    detail: '漕溪北路 88 号',
    isDefault: true,
  });
  return {
    page,
    errors,
    close: () => context.close(),
    shop: {
      nickname,
      /** couponIds absent: the best coupon is chosen */
      preview: (items: { skuId: number; quantity: number }[], couponIds?: number[]) =>
        shopCall<Preview>('POST', '/api/shop/checkout/preview', token, {
          items,
          addressId: address.id,
          couponIds,
        }),
      order: (id: number) => shopCall<ShopOrder>('GET', `/api/shop/orders/${id}`, token),
    },
  };
}

/** The checkout has its final amounts (no preview running) and has slid in: a screenshot shows it whole. */
async function checkoutPriced(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const pages = Array.from(document.querySelectorAll('.checkout-page')).filter(
      (e) => e.getBoundingClientRect().width > 0,
    );
    return (
      pages.length === 1 &&
      pages[0].getAttribute('aria-busy') === 'false' &&
      Math.abs(pages[0].getBoundingClientRect().left) < 1
    );
  });
}

const shopText = async (page: Page, selector: string) =>
  (await visible(page, selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** A row's action link (the row's tags may carry the same words: 兑换码, 商家发放). */
const action = (row: Locator, text: string) => row.locator('a').filter({ hasText: new RegExp(`^${text}$`) });

/** Types a shop wall-clock time into the open range picker's focused input and confirms it. */
async function typeRangeInput(page: Page, placeholder: string, text: string) {
  const input = page.getByPlaceholder(placeholder);
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

// Four logins (operator three times, finance once) from their own client address.
describe('marketing: a 满减 campaign through its generated form, bought at the shop H5 checkout', () => {
  let browser: Browser;
  let campaign: Campaign;
  let product: AdminProduct;
  let sku: AdminProduct['skus'][number];
  let orderId: number;
  let shop: Awaited<ReturnType<typeof openShop>>['shop'];

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('operator creates 满100减20 / 满200打9折 in yuan and 折, scoped to one product; the API holds fen', async () => {
    const { page, errors, close } = await openPage(browser);
    try {
      await loginAs(page, 'operator');
      const found = await apiAsPage<{ data: { id: number }[] }>(
        page,
        'GET',
        `/api/admin/products?keyword=${encodeURIComponent('保温杯')}&pageSize=5`,
      );
      assert.ok(found.data[0], 'the demo shop sells a 保温杯');
      product = (
        await apiAsPage<{ data: AdminProduct }>(page, 'GET', `/api/admin/products/${found.data[0].id}`)
      ).data;
      sku = product.skus.find((s) => s.status === 'on_sale' && s.stock >= 5)!;
      assert.ok(sku, 'a 保温杯 SKU with stock');

      await page.locator('.ant-pro-sider .ant-menu-item', { hasText: '营销活动' }).click();
      await waitForPath(page, '/campaigns');
      await page.getByRole('button', { name: /新建活动/ }).click();
      await waitForPath(page, '/campaigns/new');
      // every registered tool is offered
      for (const title of ['满减', '买N送M', '满赠', '满包邮', '阶梯价', '会员日'])
        await page.getByRole('button', { name: `选择${title}` }).waitFor();
      await screenshot(page, 'marketing-tools');
      await page.getByRole('button', { name: '选择满减' }).click();
      await page.getByText('新建满减活动').waitFor();

      await page.getByLabel('活动名称').fill(NAME);
      await page.getByLabel('活动说明').fill('E2E：保温杯满 100 减 20，满 200 打 9 折');

      // 每满减 first, with a reduction larger than its step: only the server knows that rule
      await page.getByText('每满减', { exact: true }).click();
      await page.getByLabel('每满多少', { exact: true }).fill('50');
      await page.getByLabel('减多少', { exact: true }).fill('60');
      await page.getByRole('button', { name: '创建活动' }).click();
      const offItem = page
        .locator('.ant-form-item')
        .filter({ has: page.getByLabel('减多少', { exact: true }) });
      await offItem
        .locator('.ant-form-item-explain-error')
        .getByText('每满减的减免不能超过每满金额')
        .waitFor();
      await screenshot(page, 'marketing-server-field-error');

      // then 阶梯满减: 满 ¥100 减 ¥20, and a second row switched to 满折: 满 ¥200 打 9 折
      await page.getByText('阶梯满减', { exact: true }).click();
      await page.getByLabel('第 1 行 门槛').fill('100');
      await page.getByLabel('第 1 行 减多少').fill('20');
      await page.getByRole('button', { name: '添加档位' }).click();
      await page.getByLabel('第 2 行 门槛').fill('200');
      await page.locator('.ant-select[aria-label="第 2 行 类型"]').click();
      await pickOption(page, '满折');
      await page.getByLabel('第 2 行 打几折').fill('9');
      // the threshold typed before the switch stays
      assert.equal(await page.getByLabel('第 2 行 门槛').inputValue(), '200.00');

      // time window in shop time (the browser runs in New York)
      await typeRangeInput(page, '开始（不限）', `${START_DAY} 00:00:00`);
      await typeRangeInput(page, '结束（不限）', `${END_DAY} 23:59:59`);

      // scoped to the 保温杯 only
      await page.getByText('指定商品/分类参加', { exact: true }).click();
      await page.getByLabel('参加的商品').click();
      await page.getByLabel('参加的商品').fill('保温杯');
      await pickOption(page, product.title);
      await screenshot(page, 'marketing-full-reduction-form');

      await page.getByRole('button', { name: '创建活动' }).click();
      await waitForPath(page, '/campaigns');
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: NAME });
      await row.waitFor();
      assert.match(await textOf(row), /满减/);
      assert.match(await textOf(row), /已启用/);
      assert.match(await textOf(row), /进行中/);
      // shown in shop time again
      assert.match(await textOf(row), new RegExp(`${START_DAY} 00:00:00 ~ ${END_DAY} 23:59:59`));
      await screenshot(page, 'marketing-campaign-list');

      const list = await apiAsPage<{ data: Campaign[] }>(
        page,
        'GET',
        '/api/admin/campaigns?kind=full_reduction&pageSize=50',
      );
      const created = list.data.find((c) => c.name === NAME);
      assert.ok(created, 'the campaign is in the API');
      campaign = created;
      // exactly fen, only the tiers option's keys (the 每满减 values typed first are not sent)
      assert.deepEqual(campaign.config, {
        mode: 'tiers',
        thresholdUnit: 'fen',
        tiers: [
          { threshold: 10000, amountOff: 2000 },
          { threshold: 20000, discountPermille: 900 },
        ],
      });
      assert.deepEqual(campaign.scope, { mode: 'include', productIds: [product.id], categoryIds: [] });
      // 00:00 in Shanghai is 16:00 UTC the day before
      assert.equal(campaign.startsAt, new Date(`${START_DAY}T00:00:00+08:00`).toISOString());
      assert.equal(campaign.endsAt, new Date(`${END_DAY}T23:59:59+08:00`).toISOString());
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('a shopper buys the product in the shop H5: the checkout shows the campaign, the paid order matches', async () => {
    const opened = await openShop(browser);
    const { page } = opened;
    shop = opened.shop;
    try {
      // 2 units reach 满 ¥100 (and not ¥200 unless the price says so): the highest tier reached applies
      const quantity = 2;
      const goods = sku.price * quantity;
      const expected = goods >= 20000 ? goods - Math.round((goods * 900) / 1000) : goods >= 10000 ? 2000 : 0;
      assert.ok(expected > 0, `2 × ${sku.price} fen reaches a tier`);

      // 首页 → search → the product: the campaign's tag is on it
      await visible(page, '.home-page__search').click();
      await visible(page, '.search-page__input input').fill('保温杯');
      await visible(page, '.search-page__go').click();
      await visible(page, '.search-page .product-card').filter({ hasText: product.title }).click();
      await visible(page, '.product-page__title').filter({ hasText: product.title }).waitFor();
      const tag = visible(page, '.promotions__item').filter({ hasText: NAME });
      await tag.waitFor();
      assert.equal((await tag.locator('.promotions__tool').innerText()).trim(), '满减');

      // the operator's SKU, 2 of them, 立即购买
      const values = visible(page, '.sku-picker__value');
      await values.first().waitFor();
      for (let i = 0; i < (await values.count()); i++) {
        const value = values.nth(i);
        const selected = ((await value.getAttribute('class')) ?? '').includes('sku-picker__value--selected');
        if (sku.specText.includes((await value.innerText()).trim()) && !selected) await value.click();
      }
      await visible(page, '.sku-picker__stock').getByText(`已选：${sku.specText}`).waitFor();
      await visible(page, '.product-page .nut-inputnumber-add').click();
      // the stepper's input follows a render later
      await page.waitForFunction(
        (n) =>
          Array.from(
            document.querySelectorAll<HTMLInputElement>('.product-page .nut-inputnumber input'),
          ).some((input) => input.getBoundingClientRect().width > 0 && input.value === n),
        String(quantity),
      );
      await button(page, '立即购买').click();

      // checkout: the address, the campaign's line with its name, tag and amount, and the totals
      await visible(page, '.address-picker__item--selected').getByText('吴测试 13600136004').waitFor();
      await visible(page, '.checkout-adjustments').waitFor();
      await checkoutPriced(page);
      const line = visible(page, '.checkout-adjustments .adjustment-line').filter({ hasText: NAME });
      assert.equal(await line.count(), 1, 'one line for the campaign');
      assert.equal((await line.locator('.adjustment-line__name').innerText()).trim(), NAME);
      assert.equal((await line.locator('.adjustment-line__tag').innerText()).trim(), '满减');
      assert.equal((await line.locator('.adjustment-line__amount').innerText()).trim(), `-${yuan(expected)}`);
      const shown = {
        goods: await shopText(page, '.checkout-amounts__goods .checkout-amounts__value'),
        discount: await shopText(page, '.checkout-amounts__discount .checkout-amounts__value'),
        pay: await shopText(page, '.checkout-amounts__pay .checkout-amounts__value'),
      };
      assert.equal(shown.goods, yuan(goods));
      await screenshot(page, 'marketing-shop-checkout');
      await button(page, '提交订单').click();

      // the sandbox stands in for WeChat Pay
      await button(page, '确认支付').waitFor();
      const sandboxAmount = await shopText(page, '.pay-sandbox__amount');
      await screenshot(page, 'marketing-shop-sandbox');
      await button(page, '确认支付').click();
      await visible(page, '.pay-result__title').getByText('支付成功').waitFor();
      const paidShown = await shopText(page, '.pay-result__amount');
      await screenshot(page, 'marketing-shop-paid');

      const id = Number(new URL(page.url().replace('#', '')).searchParams.get('orderId'));
      const order = await shop.order(id);
      assert.ok(['paid', 'to_ship'].includes(order.status), `a paid order, got ${order.status}`);
      assert.equal(paidShown, yuan(order.payAmount), 'the amount paid on the page is the order’s');
      assert.equal(sandboxAmount, yuan(order.payAmount));
      assert.deepEqual(shown, {
        goods: yuan(order.goodsAmount),
        discount: `-${yuan(order.discountAmount)}`,
        pay: yuan(order.payAmount),
      });
      const used = order.adjustments.filter((x) => x.sourceType === 'campaign' && x.sourceId === campaign.id);
      assert.deepEqual(
        used.map((x) => [x.kind, x.name, x.amount]),
        [['full_reduction', NAME, expected]],
        `the order keeps the campaign: ${JSON.stringify(order.adjustments)}`,
      );
      assert.equal(order.payAmount, order.goodsAmount - order.discountAmount + order.freightAmount);
      assert.deepEqual(opened.errors, []);
      orderId = order.id;
    } finally {
      await opened.close();
    }
  });

  it('operator sees the stats in yuan; deleting a used campaign says to disable it, and disables it', async () => {
    assert.ok(orderId, 'an order used the campaign');
    const { page, errors, close } = await openPage(browser);
    try {
      await loginAs(page, 'operator');
      await page.goto(`${ADMIN_URL}/campaigns`);
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: NAME });
      await row.getByText('数据', { exact: true }).click();
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByText(`活动数据：${NAME}`).waitFor();
      const stats = drawer.locator('.ant-descriptions').first();
      await stats.getByText('¥20.00').waitFor();
      assert.match(await textOf(stats), /订单数\s*1/);
      assert.match(await textOf(stats), /下单买家数\s*1/);
      await screenshot(page, 'marketing-stats');
      await drawer.locator('.ant-drawer-close').click();

      await row.getByText('删除', { exact: true }).click();
      await confirmPopover(page);
      const dialog = page.locator('.ant-modal-confirm');
      await dialog.locator('.ant-modal-confirm-title').getByText('已有订单使用，请停用').waitFor();
      await page.waitForTimeout(500); // the dialog's zoom-in, for the screenshot
      await screenshot(page, 'marketing-delete-used');
      await dialog.getByRole('button', { name: '停用活动' }).click();
      await row.getByText('已停用').waitFor();
      const after = (await apiAsPage<{ data: Campaign }>(page, 'GET', `/api/admin/campaigns/${campaign.id}`))
        .data;
      assert.equal(after.status, 'disabled');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('finance reads campaigns but may not create or change one (403 page and 403 from the API)', async () => {
    const { page, errors, close } = await openPage(browser);
    try {
      await loginAs(page, 'finance');
      await page.locator('.ant-pro-sider .ant-menu-item', { hasText: '营销活动' }).click();
      await waitForPath(page, '/campaigns');
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: NAME });
      await row.waitFor();
      assert.equal(await page.getByRole('button', { name: /新建活动/ }).count(), 0);
      assert.equal(await row.getByText('编辑', { exact: true }).count(), 0);
      assert.equal(await row.getByText('删除', { exact: true }).count(), 0);
      await page.goto(`${ADMIN_URL}/campaigns/new`);
      assert.equal(await textOf(page.locator('.ant-result-title')), '403');
      await screenshot(page, 'marketing-finance-403');
      const token = await page.evaluate(() => localStorage.getItem('mall.admin.token'));
      const res = await fetch(`${MALL_URL}/api/admin/campaigns/${campaign.id}/enable`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': CLIENT_IP },
      });
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'FORBIDDEN');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
  it('operator creates a coupon in yuan, grants it to the shopper, makes codes; checkout uses it', async () => {
    assert.ok(shop, 'the shopper exists');
    const { page, errors, close } = await openPage(browser);
    try {
      await loginAs(page, 'operator');
      await page.locator('.ant-pro-sider .ant-menu-item', { hasText: '优惠券' }).click();
      await waitForPath(page, '/coupons');
      await page.getByRole('button', { name: /新建优惠券/ }).click();
      await waitForPath(page, '/coupons/new');
      // the lazy form page has replaced the list (whose search form has a 名称 field too)
      await page.getByRole('button', { name: '创建优惠券' }).waitFor();
      await page.getByLabel('名称', { exact: true }).fill(COUPON);
      await page.getByLabel('使用门槛').fill('99');
      await page.getByLabel('减免金额').fill('10');
      await page.getByRole('checkbox', { name: '商家发放' }).check();
      await page.getByRole('checkbox', { name: '兑换码' }).check();
      await screenshot(page, 'coupon-template-form');
      await page.getByRole('button', { name: '创建优惠券' }).click();
      await waitForPath(page, '/coupons');
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: COUPON });
      await row.getByText('满99减10', { exact: true }).waitFor();

      const list = await apiAsPage<{ data: CouponTemplate[] }>(
        page,
        'GET',
        `/api/admin/coupon-templates?keyword=${encodeURIComponent(COUPON)}`,
      );
      const template = list.data.find((t) => t.name === COUPON);
      assert.ok(template, 'the template is in the API');
      assert.equal(template.kind, 'amount_off');
      assert.equal(template.threshold, 9900);
      assert.equal(template.amountOff, 1000);
      assert.equal(template.discountPermille, 1000);
      assert.equal(template.maxDiscount, null);
      assert.deepEqual(template.validity, { type: 'relative', days: 7 });
      assert.deepEqual([...template.channels].sort(), ['claim_center', 'merchant_grant', 'redemption_code']);

      // grant it to the shopper of the checkout test, found by nickname
      await action(row, '发放').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.locator('.ant-select[aria-label="买家"]').click();
      await page.keyboard.type(shop.nickname);
      await pickOption(page, shop.nickname);
      await modal.getByRole('button', { name: /发\s*放/ }).click();
      await modal.getByText('发放 1 张，未发 0 位').waitFor();
      await modal.getByText('已发放', { exact: true }).waitFor();
      await screenshot(page, 'coupon-granted');
      await modal.getByRole('button', { name: /完\s*成/ }).click();
      await row.getByText('1 / 不限').waitFor();

      // 5 redemption codes, downloaded as CSV
      await action(row, '兑换码').click();
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByLabel('数量').fill('5');
      await drawer.getByRole('button', { name: '生成兑换码' }).click();
      const batch = drawer.locator('.ant-table-tbody tr.ant-table-row').first();
      await batch.getByText('5', { exact: true }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        batch.getByRole('button', { name: /下载 CSV/ }).click(),
      ]);
      const csv = await readFile((await download.path())!, 'utf8');
      // a header and one line per code
      assert.equal(csv.trim().split(/\r?\n/).length, 6, csv);
      await screenshot(page, 'coupon-codes');
      // closed with Esc: the toasts (已创建, 已发放, 已生成) sit over the drawer's close button, and a pointer
      // moved onto one keeps it open
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      // the shopper's checkout offers the granted coupon and takes it (the campaign was disabled above)
      const items = [{ skuId: sku.id, quantity: 2 }];
      const offered = (await shop.preview(items)).coupons.find((c) => c.name === COUPON);
      assert.ok(offered, 'the checkout offers the granted coupon');
      assert.equal(offered.usable, true);
      assert.equal(offered.discount, 1000);
      const preview = await shop.preview(items, [offered.instanceId]);
      const used = preview.adjustments.find((a) => a.sourceType === 'coupon');
      assert.ok(used, `the preview uses the coupon: ${JSON.stringify(preview.adjustments)}`);
      assert.equal(used.sourceId, offered.instanceId);
      assert.equal(used.name, COUPON);
      assert.equal(used.amount, 1000);
      assert.equal(
        preview.adjustments.some((a) => a.sourceType === 'campaign' && a.sourceId === campaign.id),
        false,
        'a disabled campaign no longer applies',
      );

      await action(row, '数据').click();
      const stats = page.locator('.ant-drawer-content').filter({ hasText: `优惠券数据：${COUPON}` });
      await stats.getByText('已生成 5，已兑换 0').waitFor();
      assert.match(await textOf(stats), /已发放\s*1/);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});

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
  screenshot,
} from './support';

interface Order {
  id: number;
  status: string;
  goodsAmount: number;
  freightAmount: number;
  discountAmount: number;
  payAmount: number;
  address: { name: string; province: string } | null;
  lines: { id: number; specText: string; quantity: number }[];
}

/** The storage key of src/services/token-storage.ts. */
const TOKEN_KEY = 'mall.shop.token';
const TEE = '新疆长绒棉圆领 T 恤';

/** Written here again on purpose: the test checks the app's formatting, not its own copy of it. */
const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

const visible = (page: Page, selector: string) => page.locator(selector).filter({ visible: true });
const button = (page: Page, label: string) =>
  page.locator('.nut-button').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`), visible: true });
const specValue = (page: Page, value: string) =>
  visible(page, '.sku-picker__value').filter({ hasText: new RegExp(`^${value}$`) });

async function consent(page: Page): Promise<void> {
  await page.goto(`${mallUrl()}/`);
  await page.waitForFunction(
    () => document.querySelector('.privacy-page')?.getBoundingClientRect().left === 0,
  );
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/shop/privacy/accept')),
    button(page, '同意').click(),
  ]);
  await page.locator('.privacy-page').waitFor({ state: 'detached' });
}

async function fillAddress(page: Page): Promise<void> {
  const fields: [string, string][] = [
    ['name', '张三'],
    ['phone', '13800138000'],
    ['province', '浙江省'],
    ['city', '杭州市'],
    ['district', '西湖区'],
    ['detail', '文三路 100 号 2 幢 301'],
  ];
  for (const [field, value] of fields) await visible(page, `.address-form__${field} input`).fill(value);
  await button(page, '保存地址').click();
  await visible(page, '.address-picker__item--selected').getByText('张三 13800138000').waitFor();
}

async function amountShown(page: Page, name: string): Promise<string> {
  return (await visible(page, `.checkout-amounts__${name} .checkout-amounts__value`).innerText()).trim();
}

describe('shop purchase (H5)', () => {
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('browse, pick a SKU, check out with a new address, pay in the sandbox: the order is paid', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    await consent(page);

    // 首页: the feed, then the T-shirt
    const card = visible(page, '.product-card').filter({ hasText: TEE });
    await card.waitFor();
    await screenshot(page, 'purchase-home');
    await card.click();

    // detail: 雾霾蓝 XL is sold out, so XL cannot be picked with 雾霾蓝
    await visible(page, '.product-page__title').filter({ hasText: TEE }).waitFor();
    await specValue(page, '雾霾蓝').click();
    assert.equal(await specValue(page, 'XL').getAttribute('aria-disabled'), 'true', '雾霾蓝 XL is sold out');
    await specValue(page, '黑色').click();
    await specValue(page, 'M').click();
    await visible(page, '.sku-picker__stock').getByText('已选：').waitFor();
    assert.match(await visible(page, '.sku-picker__stock').innerText(), /黑色.*M/);
    await screenshot(page, 'purchase-product');
    await button(page, '立即购买').click();

    // checkout: no address yet, so the form; then the amounts from the preview
    await fillAddress(page);
    await visible(page, '.checkout-amounts__pay').waitFor();
    const shown = {
      goods: await amountShown(page, 'goods'),
      freight: await amountShown(page, 'freight'),
      discount: await amountShown(page, 'discount'),
      pay: await amountShown(page, 'pay'),
    };
    await screenshot(page, 'purchase-checkout');
    await button(page, '提交订单').click();

    // the sandbox stands in for WeChat Pay
    await button(page, '确认支付').waitFor();
    const sandboxAmount = (await visible(page, '.pay-sandbox__amount').innerText()).trim();
    await screenshot(page, 'purchase-sandbox');
    await button(page, '确认支付').click();

    await visible(page, '.pay-result__title').getByText('支付成功').waitFor();
    await visible(page, '.pay-result__status').getByText('订单状态：待发货').waitFor();
    await screenshot(page, 'purchase-paid');

    const orderId = Number(new URL(page.url().replace('#', '')).searchParams.get('orderId'));
    const token = await readTaroStorage(page, TOKEN_KEY);
    assert.equal(typeof token, 'string');
    const order = await api<Order>('GET', `/api/shop/orders/${orderId}`, token as string);
    // paid, then straight on to to_ship when nothing (a group buy) holds it: both read 待发货
    assert.ok(['paid', 'to_ship'].includes(order.status), `paid order, got ${order.status}`);
    assert.deepEqual(shown, {
      goods: yuan(order.goodsAmount),
      freight: `+${yuan(order.freightAmount)}`,
      discount: `-${yuan(order.discountAmount)}`,
      pay: yuan(order.payAmount),
    });
    assert.equal(sandboxAmount, yuan(order.payAmount));
    assert.equal(order.goodsAmount, 9900, 'one T-shirt at ¥99.00');
    assert.deepEqual(
      order.lines.map((l) => [l.specText, l.quantity]),
      [[order.lines[0]?.specText, 1]],
    );
    assert.match(order.lines[0]?.specText ?? '', /黑色.*M/);
    assert.equal(order.address?.name, '张三');

    // 我的 → 待发货 → the order's detail
    await button(page, '继续逛逛').click();
    await page.locator('.weui-tabbar').getByText('我的', { exact: true }).click();
    await visible(page, '.mine-page__order-tab').filter({ hasText: '待发货' }).click();
    const orderCard = visible(page, '.order-card').first();
    await orderCard.getByText('待发货').waitFor();
    await screenshot(page, 'purchase-orders');
    await orderCard.click();
    await visible(page, '.order-detail__status').getByText('待发货').waitFor();
    await visible(page, '.order-detail__row')
      .filter({ hasText: '实付款' })
      .getByText(yuan(order.payAmount))
      .waitFor();
    await visible(page, '.order-detail__row').filter({ hasText: '支付成功' }).waitFor();
    await screenshot(page, 'purchase-order-detail');

    // the merchant ships it; the shopper sees the package and confirms receipt
    await api('POST', `/api/admin/orders/${orderId}/packages`, await adminToken(), {
      carrier: 'SF',
      trackingNo: 'SF1234567890',
      lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })),
    });
    await page.reload();
    await visible(page, '.order-detail__status').getByText('待收货').waitFor();
    await visible(page, '.order-detail__row').filter({ hasText: 'SF1234567890' }).waitFor();
    await button(page, '确认收货').click();
    await visible(page, '.order-detail__status').getByText('已收货').waitFor();
    await screenshot(page, 'purchase-received');
    const received = await api<Order>('GET', `/api/shop/orders/${orderId}`, token as string);
    assert.equal(received.status, 'received');
    await context.close();
  });

  test('购物车: add a SKU, see the line and the total, remove it', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    await consent(page);

    await visible(page, '.product-card').filter({ hasText: '植萃洗衣液' }).click();
    await specValue(page, '2kg×2 瓶').click();
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/shop/cart/items') && r.status() === 200),
      button(page, '加入购物车').click(),
    ]);
    await page.goBack();
    await page.locator('.weui-tabbar').getByText('购物车', { exact: true }).click();

    const line = visible(page, '.cart-line').filter({ hasText: '植萃洗衣液' });
    await line.getByText('2kg×2 瓶').waitFor();
    await visible(page, '.cart-page__amount').getByText('¥69.90').waitFor();
    await button(page, '去结算\\(1\\)').waitFor();
    await screenshot(page, 'purchase-cart');

    await line.getByText('删除').click();
    await visible(page, '.empty-state').getByText('购物车还是空的').waitFor();
    await context.close();
  });

  test('search by keyword and browse a category', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    await consent(page);

    await visible(page, '.home-page__search').click();
    await visible(page, '.search-page__input input').fill('洗衣液');
    await visible(page, '.search-page__go').click();
    // the home page stays in the DOM under the search page: look inside the search page only
    await visible(page, '.search-page .product-card').filter({ hasText: '植萃洗衣液' }).waitFor();
    assert.equal(await visible(page, '.search-page .product-card').filter({ hasText: TEE }).count(), 0);
    await visible(page, '.search-page__input input').fill('没有这种商品');
    await visible(page, '.search-page__go').click();
    await visible(page, '.search-page .empty-state').getByText('没有找到相关商品').waitFor();

    await page.goBack();
    await page.locator('.weui-tabbar').getByText('分类', { exact: true }).click();
    await visible(page, '.category-page__top').filter({ hasText: '服饰内衣' }).click();
    await visible(page, '.category-page__main .product-card').filter({ hasText: TEE }).waitFor();
    assert.equal(
      await visible(page, '.category-page__main .product-card').filter({ hasText: '植萃洗衣液' }).count(),
      0,
    );
    await screenshot(page, 'purchase-category');
    await context.close();
  });
});

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoInvoicePdf } from '../../backend/src/seed/invoice-pdf';
import {
  ADMIN_URL,
  MALL_URL,
  TOKEN_STORAGE_KEY,
  apiAsPage,
  confirmPopover,
  launchBrowser,
  loginAs,
  loginThroughForm,
  menuEntries,
  openAdminPage,
  pickOption,
  screenshot,
  textOf,
  waitForPath,
} from './support';

interface Category {
  id: number;
  name: string;
  parentId: number | null;
}
interface AdminProduct {
  id: number;
  title: string;
  status: string;
  images: string[];
  freightTemplateId: number | null;
  skus: { id: number; specs: Record<string, string>; price: number; costPrice: number; stock: number }[];
}
interface ShopProduct {
  id: number;
  title: string;
  price: number;
  maxPrice: number;
  imageUrls: string[];
  specs: { name: string; values: string[] }[];
  skus: { id: number; specs: Record<string, string>; price: number; stock: number }[];
}
interface FreightTemplate {
  id: number;
  name: string;
  base: { rule: { firstFee: number }; freeOverAmount: number | null };
  regions: { rule: { firstFee: number } }[];
  summary: string;
}
interface Invoice {
  id: number;
  orderId: number;
  status: string;
  title: string;
}
interface Order {
  id: number;
  orderNo: string;
  status: string;
  cancelReason: string | null;
}

const IMAGE = fileURLToPath(new URL('../../backend/src/seed/images/tshirt.jpg', import.meta.url));
const RUN = Date.now().toString(36).slice(-5);
const TITLE = `亚麻衬衫 E2E-${RUN}`;
const OPERATOR = { username: `op_${RUN}`, displayName: `运营小陈${RUN}`, password: 'op-pass-2026' };

/** The 2×2 matrix the owner types, in yuan, and what the API must store in fen. */
const SKUS = [
  { color: '白色', size: 'M', price: '129.90', cost: '45.5', stock: 10, code: `LS-${RUN}-WM`, fen: 12990 },
  { color: '白色', size: 'L', price: '129.9', cost: '45.50', stock: 8, code: `LS-${RUN}-WL`, fen: 12990 },
  { color: '藏青', size: 'M', price: '139', cost: '48', stock: 6, code: `LS-${RUN}-NM`, fen: 13900 },
  { color: '藏青', size: 'L', price: '139.01', cost: '48.01', stock: 0, code: `LS-${RUN}-NL`, fen: 13901 },
];
const rowLabel = (s: (typeof SKUS)[number]) => `颜色：${s.color}，尺码：${s.size}`;

/** The API with the page's token, for the methods support's helper does not cover. */
async function apiCall(page: Page, method: 'DELETE' | 'POST', path: string, body?: unknown) {
  const token = await page.evaluate((key) => localStorage.getItem(key), TOKEN_STORAGE_KEY);
  const res = await fetch(`${MALL_URL}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path} answered ${res.status}: ${await res.clone().text()}`);
  return res.status === 204 ? undefined : ((await res.json()) as { data: unknown }).data;
}

/** A demo shopper (dev login, privacy accepted, an address) places an order for one unit and does not pay. */
async function placeUnpaidOrder(skuId: number): Promise<Order> {
  const shop = async <T>(
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> },
  ) => {
    const res = await fetch(`${MALL_URL}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        'X-Forwarded-For': CLIENT_IP,
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    assert.ok(res.ok, `${path} answered ${res.status}: ${await res.clone().text()}`);
    return ((await res.json()) as { data: T }).data;
  };
  const { token } = await shop<{ token: string }>('/api/shop/auth/dev-login', {
    body: { openid: 'demo_shopper_3' },
  });
  const [address] = await shop<{ id: number }[]>('/api/shop/addresses', { token });
  return shop<Order>('/api/shop/orders', {
    token,
    headers: { 'Idempotency-Key': `e2e-catalog-${RUN}` },
    body: { items: [{ skuId, quantity: 1 }], addressId: address.id },
  });
}

/** A SKU's stock as the admin API reads it (the shop's pages are cached for up to half a minute). */
async function skuStock(page: Page, productId: number, spec: string): Promise<number | undefined> {
  const product = (await apiAsPage<{ data: AdminProduct }>(page, 'GET', `/api/admin/products/${productId}`))
    .data;
  return product.skus.find((s) => `${s.specs['颜色']}/${s.specs['尺码']}` === spec)?.stock;
}

async function openMenu(page: Page, title: string, path: string) {
  await page.locator('.ant-pro-sider .ant-menu-item', { hasText: title }).click();
  await waitForPath(page, path);
}

async function addSpec(page: Page, index: number, name: string, values: string[]) {
  await page.getByRole('button', { name: /添加规格/ }).click();
  await page.getByLabel(`规格 ${index} 名称`).fill(name);
  const input = page.getByRole('combobox', { name: `规格 ${index} 的值` });
  for (const value of values) {
    await input.fill(value);
    await input.press('Enter');
  }
  await input.press('Escape');
}

async function pickCategory(page: Page, name: string) {
  await page.getByLabel('分类', { exact: true }).click({ force: true });
  await page.getByLabel('分类', { exact: true }).fill(name);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: name })
    .first()
    .click();
}

/**
 * This suite's client address (TEST-NET-3; loopback is a trusted proxy, so the API reads X-Forwarded-For):
 * its two logins count against their own per-IP login limit, not against the other admin suites' 10 a minute.
 */
const CLIENT_IP = '203.0.113.41';

async function openPage(browser: Browser) {
  const opened = await openAdminPage(browser);
  await opened.page.context().setExtraHTTPHeaders({ 'X-Forwarded-For': CLIENT_IP });
  return opened;
}

describe('catalog, settings and staff', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('owner creates a 2×2 product with an image and yuan prices, the shop answers fen; edits freight, settings, staff; cancels an unpaid order', async () => {
    const { page, errors, close } = await openPage(browser);
    try {
      await loginAs(page, 'owner');
      const menu = await menuEntries(page);
      for (const entry of ['分类', '运费模板', '发票', '买家', '门店', '员工与角色', '设置']) {
        assert.ok(menu.includes(entry), `the owner's menu has ${entry}: ${menu.join(' ')}`);
      }

      // a category that disappears while the form is open: the API's 4xx lands on the 分类 field
      const categories = (await apiAsPage<{ data: Category[] }>(page, 'GET', '/api/admin/categories')).data;
      const target = categories.find((c) => c.parentId !== null) ?? categories[0];
      const doomed = (await apiCall(page, 'POST', '/api/admin/categories', {
        name: `临时分类${RUN}`,
      })) as Category;

      await openMenu(page, '商品', '/products');
      await page.getByRole('button', { name: /新建商品/ }).click();
      await waitForPath(page, '/products/new');

      await page.getByLabel('商品名称').fill(TITLE);
      await pickCategory(page, doomed.name);
      await page.getByLabel('运费模板').click({ force: true });
      await pickOption(page, '普通快递');
      await page.locator('input[type=file]').first().setInputFiles(IMAGE);
      await page.getByTestId('image-list-item').first().waitFor();
      assert.match(
        (await page.getByTestId('image-list-item').locator('img').first().getAttribute('src')) ?? '',
        /\/uploads\/products\//,
      );

      await addSpec(page, 1, '颜色', ['白色', '藏青']);
      await addSpec(page, 2, '尺码', ['M', 'L']);
      // one row per combination
      for (const sku of SKUS) await page.getByLabel(`${rowLabel(sku)} 售价`).waitFor();
      assert.equal(await page.getByLabel(/^颜色：.+ 售价$/).count(), 4);

      // the API's rules, mirrored: three decimals are refused before anything is sent
      await page.getByLabel(`${rowLabel(SKUS[0])} 售价`).fill('12.345');
      await page.getByRole('button', { name: '创建商品' }).click();
      await page.getByText('售价格式不正确，最多两位小数').waitFor();

      for (const sku of SKUS) {
        await page.getByLabel(`${rowLabel(sku)} 售价`).fill(sku.price);
        await page.getByLabel(`${rowLabel(sku)} 成本价`).fill(sku.cost);
        await page.getByLabel(`${rowLabel(sku)} 库存`).fill(String(sku.stock));
        await page.getByLabel(`${rowLabel(sku)} 重量`).fill('300');
        await page.getByLabel(`${rowLabel(sku)} SKU 编码`).fill(sku.code);
      }
      await page.getByLabel('立即上架').check();
      await page.getByRole('button', { name: '添加文字' }).click();
      await page.getByLabel('详情第 1 段').fill('100% 亚麻，透气不闷热。');
      await screenshot(page, 'owner-product-form');

      // the category is deleted before the form is sent: the API answers 400 on categoryId
      await apiCall(page, 'DELETE', `/api/admin/categories/${doomed.id}`);
      await page.getByRole('button', { name: '创建商品' }).click();
      const categoryItem = page
        .locator('.ant-form-item')
        .filter({ has: page.getByLabel('分类', { exact: true }) });
      await categoryItem.getByText('分类不存在').waitFor();
      await screenshot(page, 'owner-product-form-api-error');

      await pickCategory(page, target.name);
      await page.getByRole('button', { name: '创建商品' }).click();
      await waitForPath(page, '/products');
      await page.getByText(`已创建「${TITLE}」`).waitFor();

      const found = await apiAsPage<{ data: { id: number }[] }>(
        page,
        'GET',
        `/api/admin/products?keyword=${encodeURIComponent(TITLE)}`,
      );
      assert.equal(found.data.length, 1);
      const id = found.data[0].id;
      const saved = (await apiAsPage<{ data: AdminProduct }>(page, 'GET', `/api/admin/products/${id}`)).data;
      assert.equal(saved.status, 'on_sale');
      assert.equal(saved.images.length, 1);
      assert.match(saved.images[0], /^products\//);
      assert.ok(saved.freightTemplateId);

      // the shop (public) answers the same four SKUs, prices in fen
      const res = await fetch(`${MALL_URL}/api/shop/products/${id}`);
      assert.equal(res.status, 200);
      const shop = ((await res.json()) as { data: ShopProduct }).data;
      assert.equal(shop.title, TITLE);
      assert.deepEqual(shop.specs, [
        { name: '颜色', values: ['白色', '藏青'] },
        { name: '尺码', values: ['M', 'L'] },
      ]);
      const bySpec = (specs: Record<string, string>) => `${specs['颜色']}/${specs['尺码']}`;
      assert.deepEqual(
        shop.skus.map((s) => [bySpec(s.specs), s.price, s.stock]).sort(),
        SKUS.map((s) => [`${s.color}/${s.size}`, s.fen, s.stock]).sort(),
      );
      assert.equal(shop.price, 12990);
      assert.equal(shop.maxPrice, 13901);
      assert.deepEqual(saved.skus.map((s) => [bySpec(s.specs), s.costPrice]).sort(), [
        ['白色/L', 4550],
        ['白色/M', 4550],
        ['藏青/L', 4801],
        ['藏青/M', 4800],
      ]);

      // the list shows it with its price range; stock is adjusted from the list
      await page.getByLabel('商品', { exact: true }).fill(TITLE);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: TITLE });
      await row.getByText('¥129.90 ~ ¥139.01').waitFor();
      await row.getByText('在售').waitFor();
      await screenshot(page, 'owner-products-list');
      await row.getByText('库存', { exact: true }).click();
      const stockModal = page.locator('.ant-modal:visible');
      await stockModal.getByLabel(`${rowLabel(SKUS[3])} 增减数量`).fill('5');
      await stockModal
        .getByRole('button', { name: /确\s*定/ })
        .nth(3)
        .click();
      await page.getByText(`${rowLabel(SKUS[3])} 库存已更新为 5`).waitFor();
      await stockModal.getByRole('button', { name: /关\s*闭/ }).click();
      const afterStock = (await apiAsPage<{ data: AdminProduct }>(page, 'GET', `/api/admin/products/${id}`))
        .data;
      assert.equal(afterStock.skus.find((s) => bySpec(s.specs) === '藏青/L')?.stock, 5);

      // freight template: the owner raises the flat fees (the free-shipping threshold typed again in yuan)
      await openMenu(page, '运费模板', '/freight-templates');
      const templateRow = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '普通快递' });
      await templateRow.getByText('编辑').click();
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByLabel('默认 运费').fill('10');
      await drawer.getByLabel('默认 满额包邮').fill('99');
      await drawer.getByLabel('指定地区 1 运费').fill('20.5');
      await screenshot(page, 'owner-freight-template');
      await drawer.getByRole('button', { name: '保存模板' }).click();
      await templateRow.getByText('运费 ¥10.00；满 ¥99.00 包邮').waitFor();
      const templates = (
        await apiAsPage<{ data: FreightTemplate[] }>(page, 'GET', '/api/admin/freight-templates')
      ).data;
      const express = templates.find((t) => t.name.startsWith('普通快递'));
      assert.equal(express?.base.rule.firstFee, 1000);
      assert.equal(express?.base.freeOverAmount, 9900);
      assert.equal(express?.regions[0].rule.firstFee, 2050);

      // settings: auto-receive after another number of days, saved and read back after a reload
      const before = await apiAsPage<{ data: { autoReceiveDays: number } }>(
        page,
        'GET',
        '/api/admin/order-settings',
      );
      const days = before.data.autoReceiveDays === 10 ? 12 : 10;
      await openMenu(page, '设置', '/settings');
      const daysInput = page.getByLabel('自动确认收货（天）');
      assert.equal(await daysInput.inputValue(), String(before.data.autoReceiveDays));
      await daysInput.fill(String(days));
      await page.getByRole('button', { name: '保存设置' }).click();
      await page.getByText('设置已保存').waitFor();
      await page.reload();
      await daysInput.waitFor();
      assert.equal(await daysInput.inputValue(), String(days));
      const settings = await apiAsPage<{ data: { autoReceiveDays: number } }>(
        page,
        'GET',
        '/api/admin/order-settings',
      );
      assert.equal(settings.data.autoReceiveDays, days);
      await screenshot(page, 'owner-settings');

      // staff: an operator account
      await openMenu(page, '员工与角色', '/staff');
      await page.getByRole('button', { name: /新建员工账号/ }).click();
      const modal = page.locator('.ant-modal:visible');
      await modal.getByLabel('登录用户名').fill(OPERATOR.username);
      await modal.getByLabel('姓名').fill(OPERATOR.displayName);
      await modal.getByLabel('初始密码').fill(OPERATOR.password);
      await modal.getByLabel('确认密码').fill(OPERATOR.password);
      await modal.getByRole('button', { name: /创\s*建/ }).click();
      const staffRow = page
        .locator('.ant-table-tbody tr.ant-table-row')
        .filter({ hasText: OPERATOR.username });
      await staffRow.getByText('运营', { exact: true }).waitFor();
      await screenshot(page, 'owner-staff');

      // invoices: the owner issues a requested invoice by uploading its PDF, then downloads the same bytes
      const requested = await apiAsPage<{ data: Invoice[] }>(
        page,
        'GET',
        '/api/admin/invoices?status=requested',
      );
      const invoice = requested.data[0];
      assert.ok(invoice, 'the demo has a requested invoice');
      const pdf = demoInvoicePdf([`E2E invoice ${RUN}`, `order ${invoice.orderId}`]);
      const pdfPath = path.join(tmpdir(), `e2e-invoice-${RUN}.pdf`);
      await writeFile(pdfPath, pdf);
      await openMenu(page, '发票', '/invoices');
      const invoiceRow = page
        .locator('.ant-table-tbody tr.ant-table-row')
        .filter({ hasText: `订单 #${invoice.orderId}` });
      await invoiceRow.getByText('待开票').waitFor();
      await invoiceRow.getByText('开票', { exact: true }).click();
      const issueModal = page.locator('.ant-modal:visible');
      await issueModal.locator('input[type=file]').setInputFiles(pdfPath);
      await issueModal.getByRole('button', { name: '确认开票' }).click();
      await invoiceRow.getByText('已开票').waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        invoiceRow.getByText('下载', { exact: true }).click(),
      ]);
      assert.ok((await readFile((await download.path())!)).equals(pdf));
      await screenshot(page, 'owner-invoices');

      // a demo shopper orders one 白色/M and leaves it unpaid; the merchant cancels it after a confirmation
      // that says what it does, and the unit goes back to stock
      const whiteM = shop.skus.find((s) => bySpec(s.specs) === '白色/M')!;
      const unpaid = await placeUnpaidOrder(whiteM.id);
      assert.equal(unpaid.status, 'pending_payment');
      assert.equal(await skuStock(page, id, '白色/M'), SKUS[0].stock - 1);
      await page.goto(`${ADMIN_URL}/orders/${unpaid.id}`);
      await page.locator('.ant-page-header-heading-tags').getByText('待付款').waitFor();
      await page.getByRole('button', { name: '取消订单' }).click();
      const confirm = page.locator('.ant-modal:visible');
      await confirm.getByText('取消后买家无法再付款').waitFor();
      await screenshot(page, 'owner-cancel-order-confirm');
      await confirm.getByLabel('取消原因（买家可见）').fill('顾客来电取消');
      await confirm.getByRole('button', { name: '确认取消订单' }).click();
      await page.locator('.ant-page-header-heading-tags').getByText('已取消').waitFor();
      const cancelled = (await apiAsPage<{ data: Order }>(page, 'GET', `/api/admin/orders/${unpaid.id}`))
        .data;
      assert.equal(cancelled.status, 'cancelled');

      // deleting the product asks first; then the shop no longer has it
      await openMenu(page, '商品', '/products');
      await page.getByLabel('商品', { exact: true }).fill(TITLE);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await row.getByText('删除', { exact: true }).click();
      await page.getByText(`删除「${TITLE}」？`).waitFor();
      await screenshot(page, 'owner-delete-product-confirm');
      await confirmPopover(page);
      await page.getByText(`已删除「${TITLE}」`).waitFor();
      await row.waitFor({ state: 'detached' });
      assert.equal((await fetch(`${MALL_URL}/api/shop/products/${id}`)).status, 404);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('the new operator logs in and is refused the staff and settings pages', async () => {
    const { page, errors, close } = await openPage(browser);
    try {
      await loginThroughForm(page, OPERATOR.username, OPERATOR.password);
      await waitForPath(page, '/dashboard');
      await page.getByText(`欢迎，${OPERATOR.displayName}`).waitFor();
      const menu = await menuEntries(page);
      assert.ok(menu.includes('分类') && menu.includes('运费模板'));
      assert.ok(!menu.includes('员工与角色') && !menu.includes('设置'));
      for (const path of ['/staff', '/settings']) {
        await page.goto(`${ADMIN_URL}${path}`);
        await page.getByText('抱歉，您的角色无权访问此页面').waitFor();
        assert.equal(await textOf(page.locator('.ant-result-title')), '403');
      }
      await screenshot(page, 'operator-settings-forbidden');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});

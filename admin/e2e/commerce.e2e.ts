import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN_URL,
  apiAsPage,
  confirmPopover,
  launchBrowser,
  loginAs,
  menuEntries,
  openAdminPage,
  pickOption,
  screenshot,
  textOf,
  waitForPath,
} from './support';

interface Line {
  id: number;
  title: string;
  quantity: number;
}
interface Order {
  id: number;
  orderNo: string;
  status: string;
  refundedAmount: number;
  merchantRemark: string | null;
  lines: Line[];
  packages: { carrier: string; trackingNo: string; lines: { orderLineId: number; quantity: number }[] }[];
}
interface AfterSale {
  id: number;
  orderId: number;
  status: string;
  refundAmount: number;
}
interface Page_<Row> {
  data: Row[];
  meta: { total: number };
}

const yuan = (fen: number) => `¥${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

async function shipPackage(page: Page, quantities: Map<string, number>, carrier: string, trackingNo: string) {
  await page.getByRole('button', { name: /发\s*货/ }).click();
  const modal = page.locator('.ant-modal:visible');
  await modal.getByText('发货（一个包裹）').waitFor();
  for (const [title, quantity] of quantities) {
    await modal.getByLabel(`${title} 本包裹数量`).fill(String(quantity));
  }
  await modal.getByLabel('快递公司').click();
  await pickOption(page, carrier);
  await modal.getByLabel('运单号').fill(trackingNo);
  await modal.getByRole('button', { name: '确认发货' }).click();
  await modal.waitFor({ state: 'hidden' });
}

// Three logins (operator, owner, finance); the shell suite makes four: within the 10-a-minute login limit.
describe('orders, after-sales and finance pages', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('operator ships the to_ship order in two packages and sees it 已发货, toggles a product, is refused 对账', async () => {
    const { page, errors, close } = await openAdminPage(browser);
    try {
      await loginAs(page, 'operator');
      const toShip = await apiAsPage<Page_<Order>>(
        page,
        'GET',
        '/api/admin/orders?status=to_ship&pageSize=5',
      );
      const order = toShip.data[0];
      assert.ok(order, 'the demo has a to_ship order');
      assert.equal(order.lines.length, 2);
      const [first, second] = order.lines;

      await page.locator('.ant-pro-sider .ant-menu-item', { hasText: '订单' }).click();
      await waitForPath(page, '/orders');
      await page.getByLabel('订单号').fill(order.orderNo);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: order.orderNo }).waitFor();
      // the unfiltered page already holds the order's row: wait for the filtered answer to replace it
      await page.waitForFunction(
        () => document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length === 1,
        undefined,
        { timeout: 10_000 },
      );
      assert.equal(await page.locator('.ant-table-tbody tr.ant-table-row').count(), 1);
      await screenshot(page, 'operator-orders');
      await page.getByRole('link', { name: order.orderNo }).click();
      await waitForPath(page, `/orders/${order.id}`);
      await page.locator('.ant-page-header-heading-tags').getByText('待发货').waitFor();

      await shipPackage(page, new Map([[second.title, 0]]), '顺丰速运', 'SF7001002003');
      // the first package left the second line: the order still waits, the button is still there
      await page.getByText('包裹（1）').waitFor();
      await page.locator('.ant-page-header-heading-tags').getByText('待发货').waitFor();
      await shipPackage(page, new Map(), '中通快递', 'ZTO88001122');
      await page.getByText('包裹（2）').waitFor();
      await page.locator('.ant-page-header-heading-tags').getByText('已发货').waitFor();
      assert.equal(await page.getByRole('button', { name: /发\s*货/ }).count(), 0);
      await screenshot(page, 'operator-order-shipped');

      await page.getByLabel('商家备注').fill('已电话确认，工作日白天送达');
      await page.getByRole('button', { name: '保存备注' }).click();
      await page.getByText('备注已保存').waitFor();

      const shipped = (await apiAsPage<{ data: Order }>(page, 'GET', `/api/admin/orders/${order.id}`)).data;
      assert.equal(shipped.status, 'shipped');
      assert.equal(shipped.merchantRemark, '已电话确认，工作日白天送达');
      assert.deepEqual(
        shipped.packages.map((p) => [p.carrier, p.trackingNo, p.lines]),
        [
          ['SF', 'SF7001002003', [{ orderLineId: first.id, quantity: first.quantity }]],
          ['ZTO', 'ZTO88001122', [{ orderLineId: second.id, quantity: second.quantity }]],
        ],
      );

      // catalog: find a product on sale, take it off the shelf (confirmed) and put it back
      const onSale = await apiAsPage<Page_<{ id: number; title: string }>>(
        page,
        'GET',
        '/api/admin/products?status=on_sale&pageSize=1',
      );
      const product = onSale.data[0];
      assert.ok(product, 'the demo has a product on sale');
      await page.locator('.ant-pro-sider .ant-menu-item', { hasText: '商品' }).click();
      await waitForPath(page, '/products');
      await page.getByLabel('商品').fill(product.title);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      const productRow = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: product.title });
      await productRow.getByText('在售').waitFor();
      await productRow.getByText('下架', { exact: true }).click();
      await confirmPopover(page);
      await productRow.getByText('已下架').waitFor();
      const offShelf = await apiAsPage<{ data: { status: string } }>(
        page,
        'GET',
        `/api/admin/products/${product.id}`,
      );
      assert.equal(offShelf.data.status, 'off_shelf');
      await screenshot(page, 'operator-products');
      await productRow.getByText('上架', { exact: true }).click();
      await productRow.getByText('在售').waitFor();

      assert.ok(!(await menuEntries(page)).includes('对账'));
      await page.goto(`${ADMIN_URL}/reconciliation`);
      await page.getByText('抱歉，您的角色无权访问此页面').waitFor();
      assert.equal(await textOf(page.locator('.ant-result-title')), '403');
      await screenshot(page, 'operator-reconciliation-forbidden');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('owner approves and refunds the requested after-sale, then exports the orders as CSV', async () => {
    const { page, errors, close } = await openAdminPage(browser);
    try {
      await loginAs(page, 'owner');
      const requested = await apiAsPage<Page_<AfterSale>>(
        page,
        'GET',
        '/api/admin/after-sales?status=requested',
      );
      const afterSale = requested.data[0];
      assert.ok(afterSale, 'the demo has a requested after-sale');

      await page.locator('.ant-pro-sider .ant-menu-item', { hasText: '售后' }).click();
      await waitForPath(page, '/after-sales');
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '待审核' }).first();
      await row.getByText('处理').click();
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByText('待审核').waitFor();
      await drawer.getByRole('button', { name: /同\s*意/ }).click();
      await confirmPopover(page);
      await drawer.getByText('已同意').waitFor();
      await drawer.getByRole('button', { name: /退\s*款/ }).click();
      await page.getByText(`退款 ${yuan(afterSale.refundAmount)} 给买家？`).waitFor();
      await confirmPopover(page);
      await drawer.getByText('已退款', { exact: true }).waitFor({ timeout: 30_000 });
      assert.equal(await textOf(drawer.getByTestId('refund-amount')), yuan(afterSale.refundAmount));
      await screenshot(page, 'owner-after-sale-refunded');

      const done = (
        await apiAsPage<{ data: AfterSale }>(page, 'GET', `/api/admin/after-sales/${afterSale.id}`)
      ).data;
      assert.equal(done.status, 'refunded');
      await drawer.getByRole('link').first().click();
      await waitForPath(page, `/orders/${afterSale.orderId}`);
      const order = (await apiAsPage<{ data: Order }>(page, 'GET', `/api/admin/orders/${afterSale.orderId}`))
        .data;
      assert.equal(order.refundedAmount, afterSale.refundAmount);
      const refunded = page.locator('.ant-descriptions-item').filter({ hasText: '已退款' });
      assert.equal(
        await textOf(refunded.locator('.ant-descriptions-item-content')),
        yuan(order.refundedAmount),
      );

      await page.locator('.ant-pro-sider .ant-menu-item', { hasText: '订单' }).click();
      await waitForPath(page, '/orders');
      await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出 CSV' }).click(),
      ]);
      const csv = await readFile(await download.path(), 'utf8');
      const [header, ...rows] = csv
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.ok(header.startsWith('订单号,下单时间,状态'));
      const all = await apiAsPage<Page_<Order>>(page, 'GET', '/api/admin/orders?pageSize=100');
      assert.equal(rows.length, all.meta.total);
      assert.deepEqual(rows.map((r) => r.split(',')[0]).sort(), all.data.map((o) => o.orderNo).sort());
      const refundedRow = rows.find((r) => r.startsWith(`${order.orderNo},`));
      assert.ok(refundedRow?.split(',').includes(String(order.refundedAmount)));
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('finance sees 对账 and runs a reconciliation', async () => {
    const { page, errors, close } = await openAdminPage(browser);
    try {
      await loginAs(page, 'finance');
      assert.ok((await menuEntries(page)).includes('对账'));
      await page.locator('.ant-pro-sider .ant-menu-item', { hasText: '对账' }).click();
      await waitForPath(page, '/reconciliation');
      await page.getByRole('button', { name: '立即对账' }).click();
      await confirmPopover(page);
      await page
        .getByText(/对账批次 #\d+/)
        .first()
        .waitFor();
      await screenshot(page, 'finance-reconciliation');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});

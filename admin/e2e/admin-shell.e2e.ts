import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  ADMIN_URL,
  DEMO,
  TOKEN_STORAGE_KEY,
  apiAsPage,
  launchBrowser,
  loginThroughForm,
  menuEntries,
  openAdminPage,
  screenshot,
  textOf,
  waitForPath,
} from './support';

interface AuditPage {
  data: { action: string; createdAt: string }[];
  meta: { total: number };
}

/** Asia/Shanghai has had no daylight saving since 1991: shop time is UTC+8. */
const shopTime = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

// Every admin login counts against the login rate limit (10 a minute per IP), so the suite logs in 4 times.
describe('admin shell', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('owner logs in, sees 审计日志 and the audit entries in shop time, filtered on the server', async () => {
    const { page, errors, close } = await openAdminPage(browser);
    try {
      await loginThroughForm(page, DEMO.owner.username, DEMO.owner.password);
      await waitForPath(page, '/dashboard');
      await page.getByText(`欢迎，${DEMO.owner.displayName}`).waitFor();
      assert.deepEqual(await menuEntries(page), [
        '概览',
        '商品',
        '分类',
        '运费模板',
        '订单',
        '售后',
        '发票',
        '买家',
        '门店',
        '营销活动',
        '优惠券',
        '对账',
        '审计日志',
        '员工与角色',
        '设置',
      ]);
      await screenshot(page, 'owner-dashboard');

      // an audited write with an "after" snapshot, for the detail drawer
      const username = `e2e_${Date.now()}`;
      await apiAsPage(page, 'POST', '/api/admin/admin-users', {
        username,
        displayName: '审计测试',
        password: 'e2e-password-1',
        role: 'service',
      });

      await page.locator('.ant-pro-sider .ant-menu-item', { hasText: '审计日志' }).click();
      await waitForPath(page, '/audit-logs');
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await rows.first().waitFor();

      const all = await apiAsPage<AuditPage>(page, 'GET', '/api/admin/audit-logs?page=1&pageSize=20');
      assert.equal(all.data[0].action, 'admin_user.create');
      assert.ok(
        all.data.some((e) => e.action === 'admin.login'),
        'the backend recorded no admin.login entry',
      );
      assert.equal(await rows.count(), Math.min(20, all.meta.total));
      const firstRow = rows.first();
      assert.match(await textOf(firstRow), /admin_user\.create/);
      assert.equal(await textOf(firstRow.locator('td').first()), shopTime(all.data[0].createdAt));
      assert.match(
        await textOf(page.locator('.ant-pagination-total-text')),
        new RegExp(`共 ${all.meta.total} 条`),
      );
      assert.match(await textOf(page.locator('.ant-pagination-options')), /20 条\/页/);
      await screenshot(page, 'owner-audit-logs');

      await firstRow.getByText('详情').click();
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByText('审计详情').waitFor();
      const before = drawer.locator('.ant-descriptions-row', { hasText: '变更前' });
      const after = drawer.locator('.ant-descriptions-row', { hasText: '变更后' });
      assert.equal(await textOf(before.locator('.ant-descriptions-item-content')), '无');
      const afterJson = JSON.parse(await textOf(after.locator('pre'))) as { username: string; role: string };
      assert.equal(afterJson.username, username);
      assert.equal(afterJson.role, 'service');
      await screenshot(page, 'owner-audit-detail');
      await page.locator('.ant-drawer-close').click();
      await drawer.waitFor({ state: 'hidden' });

      // the action filter is a prefix match done by the API
      const logins = await apiAsPage<AuditPage>(
        page,
        'GET',
        '/api/admin/audit-logs?page=1&pageSize=20&action=admin.login',
      );
      await page.getByLabel('动作').fill('admin.login');
      await Promise.all([
        page.waitForResponse(
          (r) => r.url().includes('/api/admin/audit-logs?') && r.url().includes('action=admin.login'),
        ),
        page.getByRole('button', { name: /查\s*询/ }).click(),
      ]);
      await page.getByText(`共 ${logins.meta.total} 条`).waitFor();
      const loginRows = await rows.allInnerTexts();
      assert.equal(loginRows.length, Math.min(20, logins.meta.total));
      for (const text of loginRows) assert.match(text, /admin\.login/);

      await page.getByLabel('动作').fill('no.such.action');
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.locator('.ant-table-tbody .ant-empty').waitFor();
      assert.equal(await rows.count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('operator does not see 审计日志, and its URL shows the 403 page', async () => {
    const { page, errors, close } = await openAdminPage(browser);
    try {
      await loginThroughForm(page, DEMO.operator.username, DEMO.operator.password);
      await waitForPath(page, '/dashboard');
      await page.getByText(`欢迎，${DEMO.operator.displayName}`).waitFor();
      assert.deepEqual(await menuEntries(page), [
        '概览',
        '商品',
        '分类',
        '运费模板',
        '订单',
        '售后',
        '发票',
        '买家',
        '门店',
        '营销活动',
        '优惠券',
      ]);

      await page.goto(`${ADMIN_URL}/audit-logs`);
      await page.getByText('抱歉，您的角色无权访问此页面').waitFor();
      assert.equal(await textOf(page.locator('.ant-result-title')), '403');
      assert.equal(await page.locator('.ant-table').count(), 0);
      await screenshot(page, 'operator-forbidden');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('a wrong password shows the Chinese error and stays on the login page', async () => {
    const { page, errors, close } = await openAdminPage(browser);
    try {
      await loginThroughForm(page, DEMO.owner.username, 'not-the-password');
      const alert = page.locator('.ant-alert-error');
      await alert.waitFor();
      assert.equal(await textOf(alert), '用户名或密码错误');
      await waitForPath(page, '/login');
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), TOKEN_STORAGE_KEY), null);
      await screenshot(page, 'login-wrong-password');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('a stranger is sent to login and lands on the page asked for; a refused token sends back to login', async () => {
    const { page, errors, close } = await openAdminPage(browser);
    try {
      await page.goto(`${ADMIN_URL}/audit-logs`);
      await waitForPath(page, '/login');
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/audit-logs');
      await loginThroughForm(page, DEMO.owner.username, DEMO.owner.password);
      await waitForPath(page, '/audit-logs');
      await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();

      await page.evaluate((key) => localStorage.setItem(key, 'not-a-valid-token'), TOKEN_STORAGE_KEY);
      await page.reload();
      await waitForPath(page, '/login');
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/audit-logs');
      await page.getByText('登录已失效，请重新登录').waitFor();
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), TOKEN_STORAGE_KEY), null);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});

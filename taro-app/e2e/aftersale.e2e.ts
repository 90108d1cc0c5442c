import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, mallUrl, newShopperContext, screenshot, tabBar } from './support';
import {
  button,
  buyAndPay,
  call,
  consent,
  merchantToken,
  poll,
  skuOf,
  visible,
  yuan,
  type ShopOrder,
} from './shopper';

const TEE = '新疆长绒棉圆领 T 恤';
/** A real PNG for the after-sale photo: one of the app's own tab icons. */
const PHOTO = path.join(__dirname, '../src/assets/tabbar/home.png');

interface AfterSale {
  id: number;
  status: string;
  quantity: number;
  amount: number;
  freightAmount: number;
  refundAmount: number;
  photos: string[];
  reason: string;
  orderLineId: number;
}

interface Address {
  id: number;
  name: string;
  detail: string;
  isDefault: boolean;
}

/** 我的 → a tab of orders → the order card → its detail. */
async function openOrder(page: Page, tab: string, orderNo: string): Promise<void> {
  await tabBar(page).getByText('我的', { exact: true }).click();
  await visible(page, '.mine-page__order-tab').filter({ hasText: tab }).click();
  await visible(page, '.order-card').filter({ hasText: orderNo }).click();
  await visible(page, '.order-detail__status').waitFor();
}

/** Taro's H5 modal (Taro.showModal): press its button labelled `label`. */
async function confirmModal(page: Page, label: string): Promise<void> {
  const modal = page.locator('.taro-modal__content').filter({ visible: true });
  await modal.waitFor();
  await modal.locator('.taro-model__btn').getByText(label, { exact: true }).click();
  await modal.waitFor({ state: 'hidden' });
}

describe('after-sales, addresses and account (H5)', () => {
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('buy 2, shipped, receipt confirmed, refund 1 unit with a photo: the refunded amount is on screen', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    const token = await consent(page);

    // the shopper bought two T-shirts (the buying screens are purchase.e2e.ts's) and the merchant ships both
    const order = await buyAndPay(token, await skuOf(TEE, /黑色，尺码：L$/), 2);
    assert.deepEqual(
      order.lines.map((l) => l.quantity),
      [2],
    );
    const line = order.lines[0]!;
    await call('POST', `/api/admin/orders/${order.id}/packages`, await merchantToken('operator'), {
      carrier: 'ZTO',
      trackingNo: `ZTO${order.id}0001`,
      lines: [{ orderLineId: line.id, quantity: 2 }],
    });

    // 我的 → 待收货 → the order: 确认收货 (in H5 the button; the mini-program opens WeChat's own view)
    await openOrder(page, '待收货', order.orderNo);
    await visible(page, '.order-detail__status').getByText('待收货').waitFor();
    await button(page, '确认收货').click();
    await visible(page, '.order-detail__status').getByText('已收货').waitFor();
    assert.equal((await call<ShopOrder>('GET', `/api/shop/orders/${order.id}`, token)).status, 'received');

    // 申请售后 from the line: refund only, 1 of the 2 units, a reason, a description and a photo
    await visible(page, '.order-detail__line-action').getByText('申请售后').click();
    const lineCard = visible(page, '.aftersale-apply__line--selected');
    await lineCard.getByText(TEE).waitFor();
    const quantity = lineCard.locator('input');
    assert.equal(await quantity.inputValue(), '2', 'all units that are left, at first');
    await lineCard.locator('.nut-inputnumber-minus').click();
    // the stepper's input follows the click a render later
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLInputElement>('.aftersale-apply__line--selected input')).some(
        (input) => input.getBoundingClientRect().width > 0 && input.value === '1',
      ),
    );
    assert.equal(await quantity.inputValue(), '1');
    await visible(page, '.aftersale-apply__type').filter({ hasText: '仅退款' }).click();
    await visible(page, '.aftersale-apply__reason').filter({ hasText: '商品破损' }).click();
    await visible(page, '.aftersale-apply__description textarea').fill('领口有破洞，见照片');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      visible(page, '.photo-uploader__add').click(),
    ]);
    const [upload] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/shop/uploads/images')),
      chooser.setFiles(PHOTO),
    ]);
    assert.equal(upload.status(), 201, 'the photo is accepted by the upload route');
    const uploadedKey = ((await upload.json()) as { data: { key: string } }).data.key;
    assert.match(uploadedKey, /^aftersales\//);
    await visible(page, '.photo-uploader__item--done').waitFor();
    await screenshot(page, 'aftersale-apply');
    await button(page, '提交申请').click();

    // the after-sale's detail: what the server recorded, and the amount it answered
    await visible(page, '.aftersale-detail__status-text').getByText('待商家处理').waitFor();
    const afterSaleId = Number(new URL(page.url().replace('#', '')).searchParams.get('id'));
    const requested = await call<AfterSale>('GET', `/api/shop/after-sales/${afterSaleId}`, token);
    assert.equal(requested.status, 'requested');
    assert.equal(requested.quantity, 1);
    assert.equal(requested.orderLineId, line.id);
    assert.equal(requested.reason, '商品破损');
    assert.deepEqual(requested.photos, [uploadedKey]);
    assert.ok(requested.refundAmount > 0 && requested.refundAmount < line.payAmount, 'one unit of two');
    assert.equal(
      (await visible(page, '.aftersale-detail__amount').innerText()).trim(),
      yuan(requested.refundAmount),
    );
    await visible(page, '.aftersale-detail__row--photos').getByText('1 张').waitFor();
    await screenshot(page, 'aftersale-requested');

    // the merchant approves (operator) and refunds (finance); the sandbox settles the refund in a queue job
    await call('POST', `/api/admin/after-sales/${afterSaleId}/approve`, await merchantToken('operator'));
    await call('POST', `/api/admin/after-sales/${afterSaleId}/refund`, await merchantToken('finance'));
    const refunded = await poll(
      () => call<AfterSale>('GET', `/api/shop/after-sales/${afterSaleId}`, token),
      (a) => a.status === 'refunded',
    );

    // the shopper sees the refunded amount, equal to the API's after-sale amount
    await page.reload();
    await visible(page, '.aftersale-detail__status-text').getByText('退款成功').waitFor();
    const shown = (await visible(page, '.aftersale-detail__refunded').innerText()).trim();
    assert.equal(shown, yuan(refunded.refundAmount));
    assert.equal(refunded.refundAmount, refunded.amount + refunded.freightAmount);
    assert.equal(refunded.freightAmount, 0, 'shipped goods: no freight back');
    await visible(page, '.aftersale-step--done').filter({ hasText: '退款成功' }).waitFor();
    await screenshot(page, 'aftersale-refunded');

    // the order says so too: 已退款 on the order and on its line, the after-sale listed
    const after = await call<ShopOrder>('GET', `/api/shop/orders/${order.id}`, token);
    assert.equal(after.refundedAmount, refunded.refundAmount);
    await visible(page, '.aftersale-detail__link').click();
    await visible(page, '.order-detail__row')
      .filter({ hasText: '已退款' })
      .getByText(yuan(after.refundedAmount))
      .waitFor();
    await visible(page, '.order-detail__tag')
      .getByText(`已退款 1 件 ${yuan(refunded.amount)}`)
      .waitFor();
    await visible(page, '.order-detail__aftersale')
      .getByText(`退款成功 ${yuan(refunded.refundAmount)}`)
      .waitFor();
    await screenshot(page, 'aftersale-order');

    // 我的 → 退款/售后 lists it
    await page.goto(`${mallUrl()}/#/pages/mine/index`);
    await visible(page, '.mine-page__service--aftersales').click();
    await visible(page, '.aftersale-card')
      .filter({ hasText: '退款成功' })
      .getByText(`已退款 ${yuan(refunded.refundAmount)}`)
      .waitFor();
    await context.close();
  });

  test('invoice: a company invoice is asked on the order, issued by the merchant, downloaded', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    const token = await consent(page);
    const order = await buyAndPay(token, await skuOf(TEE, /白色，尺码：M$/), 1);

    await openOrder(page, '待发货', order.orderNo);
    await visible(page, '.order-detail__invoice').click();
    await visible(page, '.invoice-form__type').filter({ hasText: '单位' }).click();
    await visible(page, '.invoice-form__title input').fill('杭州示例科技有限公司');
    await visible(page, '.invoice-form__tax-id input').fill('91330100ab1234567x');
    await visible(page, '.invoice-form__email input').fill('finance@example.com');
    await button(page, '提交').click();
    await visible(page, '.invoice-page__heading').getByText('开票中').waitFor();

    const invoice = await call<{ id: number; type: string; taxId: string; amount: number; status: string }>(
      'GET',
      `/api/shop/orders/${order.id}/invoice`,
      token,
    );
    assert.deepEqual(
      { type: invoice.type, taxId: invoice.taxId, amount: invoice.amount, status: invoice.status },
      { type: 'company', taxId: '91330100AB1234567X', amount: order.payAmount, status: 'requested' },
    );
    await visible(page, '.invoice-page__row')
      .filter({ hasText: '发票金额' })
      .getByText(yuan(order.payAmount))
      .waitFor();
    await screenshot(page, 'invoice-requested');

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await call('POST', `/api/admin/invoices/${invoice.id}/issue`, await merchantToken('finance'), {
      pdfBase64: pdf.toString('base64'),
    });
    await page.reload();
    await visible(page, '.invoice-page__heading').getByText('发票已开具').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      button(page, '查看/下载发票').click(),
    ]);
    const saved = await download.path();
    assert.ok(saved);
    const { readFileSync } = await import('node:fs');
    assert.deepEqual(readFileSync(saved), pdf, 'the issued PDF, byte for byte');
    await screenshot(page, 'invoice-issued');
    await context.close();
  });

  test('addresses (add, edit, set default, delete) and the account page (data export)', async () => {
    const context = await newShopperContext(browser);
    const page = await context.newPage();
    const token = await consent(page);

    // 首页: the banner, then the feed pages in as the shopper scrolls (10 a page, 11 products in the demo)
    await visible(page, '.home-banner').waitFor();
    await screenshot(page, 'home-banner');
    await visible(page, '.home-page__feed .product-card').nth(9).waitFor();
    assert.equal(await visible(page, '.home-page__feed .product-card').count(), 10);
    await page.mouse.move(187, 400);
    await page.mouse.wheel(0, 20_000);
    await visible(page, '.home-page__feed .product-card').nth(10).waitFor();
    await visible(page, '.load-more--end').getByText('没有更多了').waitFor();

    // 我的 → 收货地址: none yet
    await tabBar(page).getByText('我的', { exact: true }).click();
    await visible(page, '.mine-page__service--addresses').click();
    await visible(page, '.empty-state').getByText('还没有收货地址').waitFor();

    const fill = async (fields: Record<string, string>) => {
      for (const [field, value] of Object.entries(fields)) {
        await visible(page, `.address-edit__${field} input`).fill(value);
      }
    };
    // add: the phone is checked as the API checks it before anything is sent
    await button(page, '新增收货地址').click();
    await fill({
      name: '张三',
      phone: '1380013',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 100 号',
    });
    await button(page, '保存').click();
    await visible(page, '.address-edit__error').getByText('请填写 11 位手机号，或带区号的固话').waitFor();
    await fill({ phone: '13800138000' });
    await button(page, '保存').click();
    await visible(page, '.address-card--default').filter({ hasText: '张三' }).waitFor();

    // a second one, landline
    await button(page, '新增收货地址').click();
    await fill({
      name: '李四',
      phone: '0571-88886666',
      province: '浙江省',
      city: '宁波市',
      district: '鄞州区',
      detail: '天童路 1 号',
    });
    await button(page, '保存').click();
    await visible(page, '.address-card').filter({ hasText: '李四' }).waitFor();
    assert.equal(await visible(page, '.address-card').count(), 2);

    // edit 李四's street
    await visible(page, '.address-card').filter({ hasText: '李四' }).locator('.address-card__edit').click();
    assert.equal(await visible(page, '.address-edit__detail input').inputValue(), '天童路 1 号');
    await fill({ detail: '天童路 88 号 5 楼' });
    await button(page, '保存').click();
    await visible(page, '.address-card').filter({ hasText: '天童路 88 号 5 楼' }).waitFor();

    // 李四 becomes the default
    await visible(page, '.address-card')
      .filter({ hasText: '李四' })
      .locator('.address-card__set-default')
      .click();
    await visible(page, '.address-card--default').filter({ hasText: '李四' }).waitFor();
    let book = await call<Address[]>('GET', '/api/shop/addresses', token);
    assert.deepEqual(
      book.map((a) => [a.name, a.isDefault, a.detail]),
      [
        ['李四', true, '天童路 88 号 5 楼'],
        ['张三', false, '文三路 100 号'],
      ],
    );
    await screenshot(page, 'addresses');

    // delete 张三, confirmed in the modal
    await visible(page, '.address-card').filter({ hasText: '张三' }).locator('.address-card__delete').click();
    await confirmModal(page, '删除');
    await visible(page, '.address-card').filter({ hasText: '张三' }).waitFor({ state: 'detached' });
    book = await call<Address[]>('GET', '/api/shop/addresses', token);
    assert.deepEqual(
      book.map((a) => [a.name, a.isDefault]),
      [['李四', true]],
    );

    // 我的 → 账号与隐私: the phone is bound only in the mini-program; the export shows the shopper's data
    await page.goBack();
    await visible(page, '.mine-page__service--account').click();
    await visible(page, '.account-item--phone').getByText('未绑定').waitFor();
    await visible(page, '.account-item--phone').getByText('请在微信小程序中绑定').waitFor();
    await button(page, '导出数据').click();
    const result = visible(page, '.data-export__result');
    await result.waitFor();
    await visible(page, '.data-export__section').filter({ hasText: '收货地址' }).getByText('1 条').waitFor();
    const json = JSON.parse(await visible(page, '.data-export__json').innerText()) as {
      shopperId: number;
      sections: { addresses: { name: string; detail: string }[]; profile: { id: number } };
    };
    const me = await call<{ id: number }>('GET', '/api/shop/me', token);
    assert.equal(json.shopperId, me.id);
    assert.equal(json.sections.profile.id, me.id);
    assert.deepEqual(
      json.sections.addresses.map((a) => [a.name, a.detail]),
      [['李四', '天童路 88 号 5 楼']],
    );
    await screenshot(page, 'account-export');

    // the privacy guide to read again
    await visible(page, '.account-item--privacy').click();
    await visible(page, '.privacy-policy__version').getByText('你已同意').waitFor();
    await context.close();
  });
});

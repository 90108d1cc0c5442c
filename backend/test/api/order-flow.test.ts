/**
 * Cart, checkout, payment (sandbox), shipping, receipt, after-sales, refunds, invoices and export through the
 * HTTP API, with the real catalog, payment and account modules (MariaDB + Redis, and SQLite + memory).
 */
import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { z } from 'zod';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-server';
import { startTestApp, type TestApp } from '../support/app';
import { CronRunner } from '../../src/platform/cron';
import type { PaymentService } from '../../src/modules/payment';
import type { OrderService } from '../../src/modules/order';
import type { orderDetail } from '../../src/modules/order/schemas';

type OrderDetail = z.infer<typeof orderDetail>;

let t: TestApp;
let wx: FakeWechat;
const tokens: Record<'owner' | 'operator' | 'finance' | 'service', string> = {
  owner: '',
  operator: '',
  finance: '',
  service: '',
};
const sku = { a: 0, b: 0, virtual: 0, free: 0, local: 0, offShelf: 0 };
const PRICE = { a: 1000, b: 333, virtual: 500, local: 2000 };
const FREIGHT = 800;

interface Shopper {
  token: string;
  id: number;
  addressId: number;
  farAddressId: number;
}

const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });
const newKey = () => `key-${crypto.randomUUID()}`;

async function adminPost(token: string, path: string, body: object = {}, status = 201) {
  const res = await t.http.post(path).set(auth(token)).send(body);
  expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status, error: undefined });
  return res.body.data;
}

async function newShopper(): Promise<Shopper> {
  const { token, id } = await t.shopperToken();
  const address = (province: string) =>
    t.http
      .post('/api/shop/addresses')
      .set(auth(token))
      .send({
        name: '张三',
        phone: '13812345678',
        province,
        city: '深圳市',
        district: '南山区',
        detail: '科技园 1 号',
      })
      .expect(201);
  const near = await address('广东省');
  const far = await address('新疆维吾尔自治区');
  return { token, id, addressId: near.body.data.id, farAddressId: far.body.data.id };
}

function placeOrder(s: Shopper, body: object, key: string = newKey()) {
  return t.http.post('/api/shop/orders').set(auth(s.token)).set('Idempotency-Key', key).send(body);
}

async function order(s: Shopper, body: object): Promise<OrderDetail> {
  const res = await placeOrder(s, body);
  expect({ status: res.status, error: res.body.error }).toEqual({ status: 200, error: undefined });
  return res.body.data;
}

async function stockOf(skuId: number): Promise<number> {
  const [row] = await t.platform.sequelize.query<{ stock: number }>(
    'SELECT stock FROM catalog_skus WHERE id = :skuId',
    {
      replacements: { skuId },
      type: QueryTypes.SELECT,
    },
  );
  return Number(row.stock);
}

async function soldOf(skuId: number): Promise<number> {
  const [row] = await t.platform.sequelize.query<{ n: number }>(
    'SELECT sold_count AS n FROM catalog_skus WHERE id = :skuId',
    {
      replacements: { skuId },
      type: QueryTypes.SELECT,
    },
  );
  return Number(row.n);
}

async function events(name: string, orderId: number) {
  const rows = await t.platform.sequelize.query<{ payload: string }>(
    'SELECT payload FROM outbox_events WHERE name = :name ORDER BY id',
    { replacements: { name }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => JSON.parse(r.payload)).filter((p) => p.orderId === orderId);
}

async function pay(s: Shopper, orderId: number) {
  const started = await t.http.post(`/api/shop/orders/${orderId}/pay`).set(auth(s.token)).expect(200);
  expect(started.body.data.provider).toBe('sandbox');
  const confirmed = await t.http
    .post(`/api/shop/pay/sandbox/${started.body.data.paymentId}/confirm`)
    .set(auth(s.token))
    .expect(200);
  return confirmed.body.data as { paymentId: number; status: string; outcome: string | null };
}

async function detail(s: Shopper, orderId: number) {
  return (await t.http.get(`/api/shop/orders/${orderId}`).set(auth(s.token)).expect(200)).body.data;
}

const orderModule = () => t.modules.find((m) => m.name === 'order')!;
const orderService = () => (orderModule() as unknown as { service: OrderService }).service;
const paymentService = () =>
  (t.modules.find((m) => m.name === 'payment') as unknown as { service: PaymentService }).service;

async function runJob(name: string, now: Date) {
  const job = orderModule().cronJobs!.find((j) => j.name === name)!;
  const runner = new CronRunner({
    sequelize: t.platform.sequelize,
    lock: t.platform.drivers.lock,
    logger: t.platform.logger,
    clock: t.platform.clock,
    timezone: t.platform.config.shopTimezone,
  });
  const result = await runner.run(job, { now, force: true });
  expect(result.status).toBe('done');
  return result.counts;
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

beforeAll(async () => {
  wx = await startFakeWechat();
  t = await startTestApp({ wechat: { appid: wx.appid, secret: wx.secret, apiBase: wx.url } });
  for (const m of t.modules) {
    for (const q of m.queues ?? [])
      await t.platform.drivers.queue.process(q.queue, q.handler, { concurrency: 2 });
  }
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = await t.adminToken(role);
  const op = tokens.operator;
  const category = (await adminPost(op, '/api/admin/categories', { name: '订单测试' })).id;
  const template = (
    await adminPost(op, '/api/admin/freight-templates', {
      name: '统一运费',
      mode: 'flat',
      base: { rule: { firstUnits: 1, firstFee: FREIGHT, nextUnits: 1, nextFee: 0 } },
      excludedProvinces: ['新疆'],
    })
  ).id;
  const product = async (title: string, kind: string, skus: object[], extra: object = {}) =>
    adminPost(op, '/api/admin/products', {
      title,
      kind,
      categoryId: category,
      images: ['https://img.example.com/p.jpg'],
      status: 'on_sale',
      ...extra,
      skus,
    });
  const hoodie = await product(
    '卫衣',
    'physical',
    [
      { specs: { 颜色: '灰' }, price: PRICE.a, costPrice: 400, stock: 1000, weightGrams: 500 },
      { specs: { 颜色: '黑' }, price: PRICE.a, stock: 100, status: 'off_shelf' },
    ],
    { freightTemplateId: template, specs: [{ name: '颜色', values: ['灰', '黑'] }] },
  );
  sku.a = hoodie.skus[0].id;
  sku.offShelf = hoodie.skus[1].id;
  sku.b = (
    await product('袜子', 'physical', [{ price: PRICE.b, stock: 100 }], { freightTemplateId: template })
  ).skus[0].id;
  sku.virtual = (await product('摄影课', 'virtual', [{ price: PRICE.virtual, stock: 100 }])).skus[0].id;
  sku.free = (await product('体验课', 'virtual', [{ price: 0, stock: 100 }])).skus[0].id;
  sku.local = (await product('洗车券', 'local_service', [{ price: PRICE.local, stock: 100 }])).skus[0].id;
});
afterAll(async () => {
  await t.close();
  await wx.close();
});

describe('cart', () => {
  it('adds, merges, changes and selects lines, and shows unavailable ones instead of dropping them', async () => {
    const s = await newShopper();
    await t.http
      .post('/api/shop/cart/items')
      .set(auth(s.token))
      .send({ skuId: sku.a, quantity: 2 })
      .expect(200);
    await t.http.post('/api/shop/cart/items').set(auth(s.token)).send({ skuId: sku.a }).expect(200);
    await t.http
      .post('/api/shop/cart/items')
      .set(auth(s.token))
      .send({ skuId: sku.b, quantity: 1 })
      .expect(200);
    const offShelf = await t.http
      .post('/api/shop/cart/items')
      .set(auth(s.token))
      .send({ skuId: sku.offShelf });
    expect([offShelf.status, offShelf.body.error.code]).toEqual([422, 'PRODUCT_UNAVAILABLE']);

    let cart = (await t.http.get('/api/shop/cart').set(auth(s.token)).expect(200)).body.data;
    expect(cart.lines.map((l: { skuId: number; quantity: number }) => [l.skuId, l.quantity])).toEqual([
      [sku.b, 1],
      [sku.a, 3],
    ]);
    expect(cart.summary).toEqual({
      selectedUnits: 4,
      selectedAmount: 3 * PRICE.a + PRICE.b,
      unavailableLines: 0,
    });

    await t.http
      .patch(`/api/shop/cart/items/${sku.b}`)
      .set(auth(s.token))
      .send({ selected: false })
      .expect(200);
    cart = (
      await t.http.patch(`/api/shop/cart/items/${sku.a}`).set(auth(s.token)).send({ quantity: 1 }).expect(200)
    ).body.data;
    expect(cart.summary.selectedAmount).toBe(PRICE.a);

    // the product goes off the shelf: the line stays, marked
    const productId = cart.lines.find((l: { skuId: number }) => l.skuId === sku.b).productId;
    await t.http
      .post(`/api/admin/products/${productId}/status`)
      .set(auth(tokens.operator))
      .send({ status: 'off_shelf' })
      .expect(200);
    cart = (await t.http.get('/api/shop/cart').set(auth(s.token)).expect(200)).body.data;
    expect(cart.lines.find((l: { skuId: number }) => l.skuId === sku.b).status).toBe('off_shelf');
    expect(cart.summary.unavailableLines).toBe(1);
    await t.http
      .post(`/api/admin/products/${productId}/status`)
      .set(auth(tokens.operator))
      .send({ status: 'on_sale' })
      .expect(200);

    await t.http.delete(`/api/shop/cart/items/${sku.b}`).set(auth(s.token)).expect(200);
    const missing = await t.http
      .patch(`/api/shop/cart/items/${sku.b}`)
      .set(auth(s.token))
      .send({ quantity: 2 });
    expect(missing.status).toBe(404);
  });

  it('places an order from the selected lines and removes them from the cart', async () => {
    const s = await newShopper();
    await t.http
      .post('/api/shop/cart/items')
      .set(auth(s.token))
      .send({ skuId: sku.a, quantity: 2 })
      .expect(200);
    await t.http.post('/api/shop/cart/items').set(auth(s.token)).send({ skuId: sku.b }).expect(200);
    await t.http
      .post('/api/shop/cart/select')
      .set(auth(s.token))
      .send({ selected: false, skuIds: [sku.b] })
      .expect(200);
    const o = await order(s, { addressId: s.addressId });
    expect(o.lines.map((l) => l.skuId)).toEqual([sku.a]);
    const cart = (await t.http.get('/api/shop/cart').set(auth(s.token)).expect(200)).body.data;
    expect(cart.lines.map((l: { skuId: number }) => l.skuId)).toEqual([sku.b]);
    const empty = await placeOrder(s, { addressId: s.addressId, items: undefined });
    expect([empty.status, empty.body.error.code]).toEqual([422, 'CART_EMPTY']);
  });
});

describe('checkout', () => {
  it('quotes lines, freight and the amount to pay', async () => {
    const s = await newShopper();
    const res = await t.http
      .post('/api/shop/checkout/preview')
      .set(auth(s.token))
      .send({
        items: [
          { skuId: sku.a, quantity: 2 },
          { skuId: sku.virtual, quantity: 1 },
        ],
        addressId: s.addressId,
      })
      .expect(200);
    expect(res.body.data).toMatchObject({
      kind: 'physical',
      goodsAmount: 2 * PRICE.a + PRICE.virtual,
      freightAmount: FREIGHT,
      discountAmount: 0,
      payAmount: 2 * PRICE.a + PRICE.virtual + FREIGHT,
    });
  });

  it('snapshots lines, reserves stock and emits order.placed', async () => {
    const s = await newShopper();
    const before = await stockOf(sku.a);
    const o = await order(s, {
      items: [
        { skuId: sku.a, quantity: 2 },
        { skuId: sku.b, quantity: 3 },
      ],
      addressId: s.addressId,
      remark: '请周末送',
    });
    expect(o).toMatchObject({
      status: 'pending_payment',
      kind: 'physical',
      goodsAmount: 2 * PRICE.a + 3 * PRICE.b,
      freightAmount: FREIGHT,
      payAmount: 2 * PRICE.a + 3 * PRICE.b + FREIGHT,
      remark: '请周末送',
      address: expect.objectContaining({ province: '广东省', name: '张三' }),
    });
    expect(o.lines).toEqual([
      expect.objectContaining({
        title: '卫衣',
        specText: expect.stringContaining('灰'),
        unitPrice: PRICE.a,
        quantity: 2,
        payAmount: 2 * PRICE.a,
      }),
      expect.objectContaining({ title: '袜子', unitPrice: PRICE.b, quantity: 3, payAmount: 3 * PRICE.b }),
    ]);
    expect(o.lines[0]).not.toHaveProperty('costPrice');
    expect(await stockOf(sku.a)).toBe(before - 2);
    expect(await events('order.placed', o.id)).toEqual([
      expect.objectContaining({ payAmount: o.payAmount, lines: expect.any(Array) }),
    ]);
    const admin = (await t.http.get(`/api/admin/orders/${o.id}`).set(auth(tokens.service)).expect(200)).body
      .data;
    expect(admin.lines[0].costPrice).toBe(400);
    expect(admin.timeline.map((e: { action: string }) => e.action)).toEqual(['place']);
  });

  it('requires an Idempotency-Key; the same key and body answer the same order, another body is a conflict', async () => {
    const s = await newShopper();
    const body = { items: [{ skuId: sku.a, quantity: 1 }], addressId: s.addressId };
    const noKey = await t.http.post('/api/shop/orders').set(auth(s.token)).send(body);
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);

    const before = await stockOf(sku.a);
    const key = newKey();
    const first = await placeOrder(s, body, key);
    expect(first.status).toBe(200);
    const again = await placeOrder(
      s,
      { addressId: s.addressId, items: [{ quantity: 1, skuId: sku.a }] },
      key,
    );
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(await stockOf(sku.a)).toBe(before - 1);

    const other = await placeOrder(s, { ...body, items: [{ skuId: sku.a, quantity: 2 }] }, key);
    expect([other.status, other.body.error.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    // keys belong to a shopper: another shopper's same key is a new order
    const s2 = await newShopper();
    const theirs = await placeOrder(s2, { ...body, addressId: s2.addressId }, key);
    expect(theirs.status).toBe(200);
    expect(theirs.body.data.id).not.toBe(first.body.data.id);
  });

  it('refuses a short line with SOLD_OUT and the SKU, reserving nothing', async () => {
    const s = await newShopper();
    const [a, b] = [await stockOf(sku.a), await stockOf(sku.b)];
    const res = await placeOrder(s, {
      items: [
        { skuId: sku.a, quantity: 1 },
        { skuId: sku.b, quantity: b + 1 },
      ],
      addressId: s.addressId,
    });
    expect([res.status, res.body.error.code, res.body.error.details.skuId]).toEqual([409, 'SOLD_OUT', sku.b]);
    expect([await stockOf(sku.a), await stockOf(sku.b)]).toEqual([a, b]);
  });

  it('refuses unavailable products, missing and undeliverable addresses, and a local service with goods', async () => {
    const s = await newShopper();
    const cases: [object, number, string][] = [
      [{ items: [{ skuId: sku.offShelf, quantity: 1 }], addressId: s.addressId }, 422, 'PRODUCT_UNAVAILABLE'],
      [{ items: [{ skuId: 99_999_999, quantity: 1 }], addressId: s.addressId }, 422, 'PRODUCT_UNAVAILABLE'],
      [{ items: [{ skuId: sku.a, quantity: 1 }] }, 422, 'ADDRESS_REQUIRED'],
      [{ items: [{ skuId: sku.a, quantity: 1 }], addressId: s.farAddressId }, 422, 'REGION_NOT_DELIVERABLE'],
      [
        {
          items: [
            { skuId: sku.a, quantity: 1 },
            { skuId: sku.local, quantity: 1 },
          ],
          addressId: s.addressId,
        },
        422,
        'BUSINESS_RULE',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await placeOrder(s, body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status, code });
    }
    const other = await newShopper();
    const theirAddress = await placeOrder(s, {
      items: [{ skuId: sku.a, quantity: 1 }],
      addressId: other.addressId,
    });
    expect(theirAddress.status).toBe(404);
  });

  it('pays a 0-fen order at creation: a virtual one is delivered at once', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.free, quantity: 1 }] });
    expect(o).toMatchObject({ payAmount: 0, status: 'received', kind: 'virtual' });
    expect(o.paidAt).toBeTruthy();
    expect(await events('order.paid', o.id)).toHaveLength(1);
    expect(await events('order.received', o.id)).toHaveLength(1);
    const payAgain = await t.http.post(`/api/shop/orders/${o.id}/pay`).set(auth(s.token));
    expect([payAgain.status, payAgain.body.error.code]).toEqual([409, 'ORDER_NOT_PAYABLE']);
  });
});

describe('payment and cancellation', () => {
  it('pays through the sandbox: paid → to_ship, sales counted, order.paid once', async () => {
    const s = await newShopper();
    const sold = await soldOf(sku.a);
    const o = await order(s, { items: [{ skuId: sku.a, quantity: 2 }], addressId: s.addressId });
    expect((await pay(s, o.id)).outcome).toBe('accepted');
    const d = await detail(s, o.id);
    expect(d.status).toBe('to_ship');
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual(['place', 'pay', 'await_shipment']);
    expect(await soldOf(sku.a)).toBe(sold + 2);
    expect(await events('order.paid', o.id)).toHaveLength(1);
  });

  it('delivers a virtual order on payment and moves a local service to verification', async () => {
    const s = await newShopper();
    const v = await order(s, { items: [{ skuId: sku.virtual, quantity: 1 }] });
    await pay(s, v.id);
    expect((await detail(s, v.id)).status).toBe('received');
    const l = await order(s, { items: [{ skuId: sku.local, quantity: 2 }] });
    expect(l.kind).toBe('local_service');
    await pay(s, l.id);
    expect((await detail(s, l.id)).status).toBe('to_verify');
  });

  it('lets the shopper cancel an unpaid order once: stock back once, the second cancel changes nothing', async () => {
    const s = await newShopper();
    const before = await stockOf(sku.b);
    const o = await order(s, { items: [{ skuId: sku.b, quantity: 4 }], addressId: s.addressId });
    expect(await stockOf(sku.b)).toBe(before - 4);
    const first = await t.http.post(`/api/shop/orders/${o.id}/cancel`).set(auth(s.token)).expect(200);
    expect(first.body.data).toMatchObject({ status: 'cancelled', cancelReason: 'shopper' });
    await t.http.post(`/api/shop/orders/${o.id}/cancel`).set(auth(s.token)).expect(200);
    expect(await stockOf(sku.b)).toBe(before);
    expect(await events('order.cancelled', o.id)).toEqual([expect.objectContaining({ reason: 'shopper' })]);
    const payCancelled = await t.http.post(`/api/shop/orders/${o.id}/pay`).set(auth(s.token));
    expect(payCancelled.body.error.code).toBe('ORDER_NOT_PAYABLE');
  });

  it('refuses to cancel a paid order, and hides other shoppers’ orders behind 404', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.a, quantity: 1 }], addressId: s.addressId });
    const stranger = await newShopper();
    for (const [method, path] of [
      ['get', `/api/shop/orders/${o.id}`],
      ['post', `/api/shop/orders/${o.id}/pay`],
      ['post', `/api/shop/orders/${o.id}/cancel`],
      ['post', `/api/shop/orders/${o.id}/receive`],
      ['get', `/api/shop/orders/${o.id}/invoice`],
    ] as const) {
      const res = await t.http[method](path).set(auth(stranger.token));
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
        path,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    expect((await detail(s, o.id)).status).toBe('pending_payment');
    await pay(s, o.id);
    const cancel = await t.http.post(`/api/shop/orders/${o.id}/cancel`).set(auth(s.token));
    expect([cancel.status, cancel.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const list = (await t.http.get('/api/shop/orders?tab=to_ship').set(auth(stranger.token)).expect(200))
      .body;
    expect(list.meta.total).toBe(0);
  });

  it('auto-cancels unpaid orders after their timeout and returns the stock exactly once', async () => {
    const s = await newShopper();
    await runJob('order-auto-cancel', later(31)); // the earlier tests' unpaid orders go first
    const before = await stockOf(sku.b);
    const o = await order(s, { items: [{ skuId: sku.b, quantity: 2 }], addressId: s.addressId });
    expect(new Date(o.expiresAt).getTime()).toBeGreaterThan(later(29).getTime());
    await runJob('order-auto-cancel', later(5));
    expect((await detail(s, o.id)).status).toBe('pending_payment');
    const counts = await runJob('order-auto-cancel', later(31));
    expect(counts.cancelled).toBeGreaterThanOrEqual(1);
    expect(await detail(s, o.id)).toMatchObject({ status: 'cancelled', cancelReason: 'timeout' });
    await runJob('order-auto-cancel', later(32));
    expect(await stockOf(sku.b)).toBe(before);
  });

  it('refunds a payment that arrives for an auto-cancelled order, and the order stays cancelled', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.a, quantity: 1 }], addressId: s.addressId });
    const started = await t.http.post(`/api/shop/orders/${o.id}/pay`).set(auth(s.token)).expect(200);
    // the provider could not be reached to close the payment: the shopper pays after the cancel
    const payment = paymentService();
    const close = payment.closePayment;
    payment.closePayment = () => Promise.reject(new Error('provider unreachable'));
    try {
      await runJob('order-auto-cancel', later(31));
    } finally {
      payment.closePayment = close;
    }
    expect((await detail(s, o.id)).status).toBe('cancelled');
    const confirmed = await t.http
      .post(`/api/shop/pay/sandbox/${started.body.data.paymentId}/confirm`)
      .set(auth(s.token))
      .expect(200);
    expect(confirmed.body.data.outcome).toBe('rejected');
    expect((await detail(s, o.id)).status).toBe('cancelled');
    const readPayment = async () =>
      (
        await t.platform.sequelize.query<{ status: string; refunded: number }>(
          'SELECT status, refunded_amount AS refunded FROM payments WHERE order_id = :id',
          { replacements: { id: o.id }, type: QueryTypes.SELECT },
        )
      )[0];
    const refunded = await eventually(readPayment, (p) => p.status === 'refunded', 'the automatic refund');
    expect(Number(refunded.refunded)).toBe(o.payAmount);
    expect(await payment.paidAmount(o.id)).toEqual({ paid: 0, refunded: 0 });
    expect(await events('order.paid', o.id)).toHaveLength(0);
  });
});

describe('shipping and receipt', () => {
  it('ships in two packages, uploads the shipping info for WeChat Pay, receives and completes', async () => {
    const s = await newShopper();
    const o = await order(s, {
      items: [
        { skuId: sku.a, quantity: 2 },
        { skuId: sku.b, quantity: 3 },
      ],
      addressId: s.addressId,
    });
    await pay(s, o.id);
    // as if paid through WeChat Pay: the shipment must then be reported to WeChat
    await t.platform.sequelize.query("UPDATE orders SET pay_provider = 'wechatpay' WHERE id = :id", {
      replacements: { id: o.id },
    });
    const [lineA, lineB] = o.lines;
    const url = `/api/admin/orders/${o.id}/packages`;
    const forbidden = await t.http.post(url).set(auth(tokens.service)).send({});
    expect(forbidden.status).toBe(403);
    const first = await adminPost(tokens.operator, url, {
      carrier: 'SF',
      trackingNo: 'SF1001',
      lines: [
        { orderLineId: lineA.id, quantity: 2 },
        { orderLineId: lineB.id, quantity: 1 },
      ],
    });
    expect(first.orderShipped).toBe(false);
    const tooMany = await t.http
      .post(url)
      .set(auth(tokens.operator))
      .send({ carrier: 'ZTO', trackingNo: 'Z2002', lines: [{ orderLineId: lineB.id, quantity: 3 }] });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([422, 'QUANTITY_LIMIT']);
    const second = await adminPost(tokens.operator, url, {
      carrier: 'ZTO',
      trackingNo: 'Z2002',
      lines: [{ orderLineId: lineB.id, quantity: 2 }],
    });
    expect(second.orderShipped).toBe(true);
    const shipped = await detail(s, o.id);
    expect(shipped.status).toBe('shipped');
    expect(shipped.packages).toHaveLength(2);
    expect(await events('order.shipped', o.id)).toHaveLength(1);
    const third = await t.http
      .post(url)
      .set(auth(tokens.operator))
      .send({ carrier: 'YTO', trackingNo: 'YT3003', lines: [{ orderLineId: lineB.id, quantity: 1 }] });
    expect([third.status, third.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);

    const adminView = await eventually(
      async () =>
        (await t.http.get(`/api/admin/orders/${o.id}`).set(auth(tokens.operator)).expect(200)).body.data,
      (d) => d.shippingUploadStatus === 'uploaded',
      'the shipping-info upload',
    );
    expect(adminView.shippingUploadError).toBeNull();
    const upload = wx.callsTo('/wxa/sec/order/upload_shipping_info').at(-1)!.body;
    expect(upload).toMatchObject({ logistics_type: 1, delivery_mode: 2, is_all_delivered: true });
    expect(upload.shipping_list.map((p: { tracking_no: string }) => p.tracking_no)).toEqual([
      'SF1001',
      'Z2002',
    ]);

    const received = await t.http.post(`/api/shop/orders/${o.id}/receive`).set(auth(s.token)).expect(200);
    expect(received.body.data.status).toBe('received');
    await t.http.post(`/api/shop/orders/${o.id}/receive`).set(auth(s.token)).expect(200);
    expect(await events('order.received', o.id)).toHaveLength(1);

    await runJob('order-auto-complete', new Date(Date.now() + 6 * 86_400_000));
    expect((await detail(s, o.id)).status).toBe('received');
    await runJob('order-auto-complete', new Date(Date.now() + 8 * 86_400_000));
    expect((await detail(s, o.id)).status).toBe('completed');
    const late = await t.http
      .post(`/api/shop/orders/${o.id}/after-sales`)
      .set(auth(s.token))
      .send({ orderLineId: lineA.id, type: 'refund_only', quantity: 1, reason: '晚了' });
    expect([late.status, late.body.error.code]).toEqual([422, 'AFTERSALE_WINDOW_CLOSED']);
  });

  it('reports a virtual order paid through WeChat Pay at payment, without logistics', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.virtual, quantity: 1 }] });
    const started = await t.http.post(`/api/shop/orders/${o.id}/pay`).set(auth(s.token)).expect(200);
    await t.platform.sequelize.query("UPDATE orders SET pay_provider = 'wechatpay' WHERE id = :id", {
      replacements: { id: o.id },
    });
    const calls = wx.callsTo('/wxa/sec/order/upload_shipping_info').length;
    await t.http
      .post(`/api/shop/pay/sandbox/${started.body.data.paymentId}/confirm`)
      .set(auth(s.token))
      .expect(200);
    await eventually(
      async () => (await t.http.get(`/api/admin/orders/${o.id}`).set(auth(tokens.operator))).body.data,
      (d) => d.shippingUploadStatus === 'uploaded',
      'the virtual upload',
    );
    const upload = wx.callsTo('/wxa/sec/order/upload_shipping_info').slice(calls)[0].body;
    expect(upload).toMatchObject({
      logistics_type: 3,
      delivery_mode: 1,
      shipping_list: [{ item_desc: '摄影课' }],
    });
  });

  it('records a failed upload and succeeds on the retry', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.a, quantity: 1 }], addressId: s.addressId });
    await pay(s, o.id);
    await t.platform.sequelize.query("UPDATE orders SET pay_provider = 'wechatpay' WHERE id = :id", {
      replacements: { id: o.id },
    });
    wx.failNext('/wxa/sec/order/upload_shipping_info', 10060014);
    await adminPost(tokens.operator, `/api/admin/orders/${o.id}/packages`, {
      carrier: 'SF',
      trackingNo: 'SF9009',
      lines: [{ orderLineId: o.lines[0].id, quantity: 1 }],
    });
    const failed = await eventually(
      async () => (await t.http.get(`/api/admin/orders/${o.id}`).set(auth(tokens.operator))).body.data,
      (d) => d.shippingUploadStatus === 'failed',
      'the failed upload',
    );
    expect(failed.shippingUploadError).toContain('10060014');
    await orderService().uploadShippingInfo(o.id);
    const ok = (await t.http.get(`/api/admin/orders/${o.id}`).set(auth(tokens.operator))).body.data;
    expect(ok.shippingUploadStatus).toBe('uploaded');
  });

  it('auto-confirms receipt after the configured days', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.b, quantity: 1 }], addressId: s.addressId });
    await pay(s, o.id);
    await adminPost(tokens.operator, `/api/admin/orders/${o.id}/packages`, {
      carrier: 'JD',
      trackingNo: 'JD77',
      lines: [{ orderLineId: o.lines[0].id, quantity: 1 }],
    });
    await runJob('order-auto-receive', new Date(Date.now() + 6 * 86_400_000));
    expect((await detail(s, o.id)).status).toBe('shipped');
    await runJob('order-auto-receive', new Date(Date.now() + 7 * 86_400_000 + 60_000));
    expect((await detail(s, o.id)).status).toBe('received');
  });
});

describe('after-sales and refunds', () => {
  async function requestAfterSale(s: Shopper, orderId: number, body: object) {
    return t.http.post(`/api/shop/orders/${orderId}/after-sales`).set(auth(s.token)).send(body);
  }

  async function refundFully(afterSaleId: number) {
    await adminPost(tokens.operator, `/api/admin/after-sales/${afterSaleId}/approve`, {}, 200);
    const refunding = await adminPost(
      tokens.finance,
      `/api/admin/after-sales/${afterSaleId}/refund`,
      {},
      200,
    );
    expect(refunding.refundError ?? null).toBeNull();
    return eventually(
      async () =>
        (await t.http.get(`/api/admin/after-sales/${afterSaleId}`).set(auth(tokens.finance))).body.data,
      (a) => a.status === 'refunded',
      'the refund notification',
    );
  }

  it("refunds one line of a multi-line order by exactly that line's allocated amount", async () => {
    const s = await newShopper();
    const o = await order(s, {
      items: [
        { skuId: sku.a, quantity: 2 },
        { skuId: sku.b, quantity: 3 },
      ],
      addressId: s.addressId,
    });
    await pay(s, o.id);
    const [lineA, lineB] = o.lines;
    await adminPost(tokens.operator, `/api/admin/orders/${o.id}/packages`, {
      carrier: 'SF',
      trackingNo: 'SF55',
      lines: [
        { orderLineId: lineA.id, quantity: 2 },
        { orderLineId: lineB.id, quantity: 3 },
      ],
    });
    await t.http.post(`/api/shop/orders/${o.id}/receive`).set(auth(s.token)).expect(200);
    const stockB = await stockOf(sku.b);

    const asked = await requestAfterSale(s, o.id, {
      orderLineId: lineB.id,
      type: 'refund_only',
      quantity: 3,
      reason: '质量问题',
      photos: ['aftersales/2026/11/abc.jpg'],
    });
    expect(asked.status).toBe(201);
    expect(asked.body.data).toMatchObject({
      status: 'requested',
      amount: lineB.payAmount,
      photos: ['aftersales/2026/11/abc.jpg'],
    });
    const dup = await requestAfterSale(s, o.id, {
      orderLineId: lineB.id,
      type: 'refund_only',
      quantity: 1,
      reason: 'x',
    });
    expect([dup.status, dup.body.error.code]).toEqual([422, 'REFUND_EXCEEDS_PAID']);

    const done = await refundFully(asked.body.data.id);
    expect(done).toMatchObject({ refundAmount: lineB.payAmount, freightAmount: 0, restockQuantity: 0 });
    const after = await detail(s, o.id);
    expect(after).toMatchObject({
      refundedAmount: lineB.payAmount,
      refundStatus: 'partial',
      status: 'received',
    });
    expect(after.lines[1]).toMatchObject({ refundedQuantity: 3, refundedAmount: lineB.payAmount });
    expect(after.lines[0]).toMatchObject({ refundedQuantity: 0, refundedAmount: 0 });
    // refund of a shipped order without returned goods: nothing back to stock
    expect(await stockOf(sku.b)).toBe(stockB);
    const refunded = await events('order.refunded', o.id);
    expect(refunded).toEqual([
      expect.objectContaining({
        amount: lineB.payAmount,
        full: false,
        lines: [{ orderLineId: lineB.id, quantity: 3, amount: lineB.payAmount }],
      }),
    ]);
    expect((await paymentService().paidAmount(o.id)).refunded).toBe(lineB.payAmount);
  });

  it('splits a line over partial refunds by largest remainder, never above what was paid', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.b, quantity: 3 }], addressId: s.addressId });
    await pay(s, o.id);
    const line = o.lines[0];
    const one = await requestAfterSale(s, o.id, {
      orderLineId: line.id,
      type: 'refund_only',
      quantity: 1,
      reason: '不要了',
    });
    const open = await requestAfterSale(s, o.id, {
      orderLineId: line.id,
      type: 'refund_only',
      quantity: 1,
      reason: 'x',
    });
    expect([open.status, open.body.error.code]).toEqual([409, 'AFTERSALE_OPEN']);
    const first = await refundFully(one.body.data.id);
    const two = await requestAfterSale(s, o.id, {
      orderLineId: line.id,
      type: 'refund_only',
      quantity: 2,
      reason: '都不要了',
    });
    const second = await refundFully(two.body.data.id);
    expect(first.amount + second.amount).toBe(line.payAmount);
    // everything refunded before shipping: stock back, freight back with the last unit, order closed
    expect(second.freightAmount).toBe(FREIGHT);
    const closed = await detail(s, o.id);
    expect(closed).toMatchObject({
      status: 'cancelled_refunded',
      refundedAmount: o.payAmount,
      refundStatus: 'full',
    });
    expect(closed.lines[0].cancelledQuantity).toBe(3);
    expect((await events('order.refunded', o.id)).at(-1).full).toBe(true);
  });

  it('returns goods: approve → awaiting return → parcel → received (restocked) → refunded', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.a, quantity: 2 }], addressId: s.addressId });
    await pay(s, o.id);
    await adminPost(tokens.operator, `/api/admin/orders/${o.id}/packages`, {
      carrier: 'SF',
      trackingNo: 'SF66',
      lines: [{ orderLineId: o.lines[0].id, quantity: 2 }],
    });
    const stock = await stockOf(sku.a);
    const asked = await requestAfterSale(s, o.id, {
      orderLineId: o.lines[0].id,
      type: 'return_refund',
      quantity: 1,
      reason: '尺码不合适',
    });
    const id = asked.body.data.id;
    const approved = await adminPost(tokens.service, `/api/admin/after-sales/${id}/approve`, {}, 200);
    expect(approved.status).toBe('awaiting_return');
    const early = await t.http.post(`/api/admin/after-sales/${id}/refund`).set(auth(tokens.finance));
    expect([early.status, early.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    await t.http
      .post(`/api/shop/after-sales/${id}/return-parcel`)
      .set(auth(s.token))
      .send({ carrier: 'SF', trackingNo: 'SFBACK1' })
      .expect(200);
    await adminPost(tokens.operator, `/api/admin/after-sales/${id}/receive`, { restock: true }, 200);
    await adminPost(tokens.finance, `/api/admin/after-sales/${id}/refund`, {}, 200);
    const done = await eventually(
      async () => (await t.http.get(`/api/shop/after-sales/${id}`).set(auth(s.token))).body.data,
      (a) => a.status === 'refunded',
      'the return refund',
    );
    expect(done).toMatchObject({ restockQuantity: 1, amount: PRICE.a, returnTrackingNo: 'SFBACK1' });
    expect(await stockOf(sku.a)).toBe(stock + 1);
    expect((await detail(s, o.id)).status).toBe('shipped');
  });

  it('withdraws and rejects, holds the service role to its limit, and hides others’ after-sales', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.a, quantity: 60 }], addressId: s.addressId });
    await pay(s, o.id);
    const line = o.lines[0].id;
    const big = await requestAfterSale(s, o.id, {
      orderLineId: line,
      type: 'refund_only',
      quantity: 60,
      reason: '太多',
    });
    const overLimit = await t.http
      .post(`/api/admin/after-sales/${big.body.data.id}/approve`)
      .set(auth(tokens.service));
    expect([overLimit.status, overLimit.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const stranger = await newShopper();
    const theirs = await t.http
      .post(`/api/shop/after-sales/${big.body.data.id}/withdraw`)
      .set(auth(stranger.token));
    expect(theirs.status).toBe(404);
    const withdrawn = await t.http
      .post(`/api/shop/after-sales/${big.body.data.id}/withdraw`)
      .set(auth(s.token))
      .expect(200);
    expect(withdrawn.body.data.status).toBe('withdrawn');
    const again = await requestAfterSale(s, o.id, {
      orderLineId: line,
      type: 'refund_only',
      quantity: 1,
      reason: '一件',
    });
    expect(again.status).toBe(201);
    const rejected = await adminPost(
      tokens.service,
      `/api/admin/after-sales/${again.body.data.id}/reject`,
      { reason: '已发货' },
      200,
    );
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '已发货' });
    const list = await t.http.get(`/api/shop/after-sales?orderId=${o.id}`).set(auth(s.token)).expect(200);
    expect(list.body.meta.total).toBe(2);
    const returnUnshipped = await requestAfterSale(s, o.id, {
      orderLineId: line,
      type: 'return_refund',
      quantity: 1,
      reason: 'x',
    });
    expect(returnUnshipped.body.error.code).toBe('BUSINESS_RULE');
  });
});

describe('the shopper’s data', () => {
  it('adds orders to the data export and refuses account deletion while an order is open', async () => {
    const accounts = (
      t.modules.find((m) => m.name === 'account') as unknown as {
        service: {
          exportShopper(id: number): Promise<{ sections: Record<string, unknown> }>;
          deleteShopper(id: number, meta: { ip: string }): Promise<void>;
        };
      }
    ).service;
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.virtual, quantity: 1 }] });
    await t.http.post('/api/shop/cart/items').set(auth(s.token)).send({ skuId: sku.a }).expect(200);
    const exported = await accounts.exportShopper(s.id);
    expect(exported.sections.orders).toMatchObject({ orders: [expect.objectContaining({ id: o.id })] });
    await expect(accounts.deleteShopper(s.id, { ip: '10.9.9.9' })).rejects.toMatchObject({
      code: 'BUSINESS_RULE',
    });
    await t.http.post(`/api/shop/orders/${o.id}/cancel`).set(auth(s.token)).expect(200);
    await accounts.deleteShopper(s.id, { ip: '10.9.9.9' });
    const [cart] = await t.platform.sequelize.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM cart_items WHERE shopper_id = :id',
      {
        replacements: { id: s.id },
        type: QueryTypes.SELECT,
      },
    );
    expect(Number(cart.n)).toBe(0);
  });
});

describe('invoices, export and settings', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

  it('takes an invoice request on a paid order; finance issues the PDF; the shopper downloads it', async () => {
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.virtual, quantity: 1 }] });
    const unpaid = await t.http.put(`/api/shop/orders/${o.id}/invoice`).set(auth(s.token)).send({
      type: 'company',
      title: '某某科技有限公司',
      taxId: '91440300MA5XXXXX1X',
      email: 'a@example.com',
    });
    expect(unpaid.body.error.code).toBe('BUSINESS_RULE');
    await pay(s, o.id);
    const requested = await t.http
      .put(`/api/shop/orders/${o.id}/invoice`)
      .set(auth(s.token))
      .send({
        type: 'company',
        title: '某某科技有限公司',
        taxId: '91440300MA5XXXXX1X',
        email: 'a@example.com',
      })
      .expect(200);
    expect(requested.body.data).toMatchObject({ status: 'requested', amount: PRICE.virtual });
    const id = requested.body.data.id;
    const notPdf = await t.http
      .post(`/api/admin/invoices/${id}/issue`)
      .set(auth(tokens.finance))
      .send({ pdfBase64: Buffer.from('hello, not a pdf').toString('base64') });
    expect([notPdf.status, notPdf.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    await t.http.get(`/api/shop/orders/${o.id}/invoice/file`).set(auth(s.token)).expect(404);
    const issued = await adminPost(
      tokens.finance,
      `/api/admin/invoices/${id}/issue`,
      { pdfBase64: PDF.toString('base64'), invoiceNo: '24442000000012345678' },
      200,
    );
    expect(issued).toMatchObject({ status: 'issued', invoiceNo: '24442000000012345678' });
    const byOrder = await t.http
      .get(`/api/admin/invoices?orderNo=${o.orderNo}`)
      .set(auth(tokens.finance))
      .expect(200);
    expect(byOrder.body.data).toEqual([expect.objectContaining({ id, orderNo: o.orderNo })]);
    const none = await t.http.get('/api/admin/invoices?orderNo=000').set(auth(tokens.finance)).expect(200);
    expect(none.body.data).toEqual([]);
    const file = await t.http
      .get(`/api/shop/orders/${o.id}/invoice/file`)
      .set(auth(s.token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    const change = await t.http
      .put(`/api/shop/orders/${o.id}/invoice`)
      .set(auth(s.token))
      .send({ type: 'personal', title: '张三', email: 'a@example.com' });
    expect(change.status).toBe(409);
  });

  it('exports orders as CSV for owner, operator and finance only', async () => {
    const s = await newShopper();
    const o = await order(s, {
      items: [{ skuId: sku.a, quantity: 1 }],
      addressId: s.addressId,
      remark: '=1+1',
    });
    const from = new Date(Date.now() - 60_000).toISOString();
    const res = await t.http
      .get(`/api/admin/orders/export?from=${encodeURIComponent(from)}&status=pending_payment`)
      .set(auth(tokens.finance))
      .expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const text = res.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.slice(1).trim().split('\r\n');
    expect(rows[0].split(',').slice(0, 3)).toEqual(['订单号', '下单时间', '状态']);
    const row = rows.find((r) => r.startsWith(o.orderNo))!;
    expect(row).toContain(
      `,pending_payment,physical,${s.id},${PRICE.a},${FREIGHT},0,${PRICE.a + FREIGHT},0,none,1,`,
    );
    expect(row).toContain("'=1+1");
    const denied = await t.http.get('/api/admin/orders/export').set(auth(tokens.service));
    expect(denied.status).toBe(403);
    const list = await t.http
      .get(`/api/admin/orders?shopperId=${s.id}&status=pending_payment`)
      .set(auth(tokens.service))
      .expect(200);
    expect(list.body.meta.total).toBe(1);
    expect(list.body.data[0].id).toBe(o.id);
  });

  it('lets the owner change the order rules, audited, and applies the new unpaid timeout', async () => {
    const denied = await t.http
      .patch('/api/admin/order-settings')
      .set(auth(tokens.operator))
      .send({ unpaidTimeoutMinutes: 5 });
    expect(denied.status).toBe(403);
    const changed = await t.http
      .patch('/api/admin/order-settings')
      .set(auth(tokens.owner))
      .send({ unpaidTimeoutMinutes: 5 })
      .expect(200);
    expect(changed.body.data).toEqual({
      unpaidTimeoutMinutes: 5,
      autoReceiveDays: 7,
      aftersaleWindowDays: 7,
      serviceApprovalLimit: 50_000,
      timeZone: 'Asia/Shanghai',
    });
    const s = await newShopper();
    const o = await order(s, { items: [{ skuId: sku.virtual, quantity: 1 }] });
    const minutes = (new Date(o.expiresAt).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4);
    expect(minutes).toBeLessThanOrEqual(5);
    await t.http
      .patch('/api/admin/order-settings')
      .set(auth(tokens.owner))
      .send({ unpaidTimeoutMinutes: 30 })
      .expect(200);
    const audit = await t.http
      .get('/api/admin/audit-logs?action=order_settings')
      .set(auth(tokens.owner))
      .expect(200);
    expect(audit.body.meta.total).toBe(2);
  });
});

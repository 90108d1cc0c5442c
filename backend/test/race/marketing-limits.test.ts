/**
 * Usage limits of automatic promotions under contention on MariaDB and Redis (RULES §2: limits apply to
 * automatic promotions too). Orders go through the order service's checkout, the path the HTTP route takes,
 * so that one shopper can race 50 orders without meeting the per-shopper order rate limit.
 */
import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import type { OrderService } from '../../src/modules/order';
import { isAppError } from '../../src/platform/errors';

let t: TestApp;
let operator: string;
let category: number;
const tokens = new Map<number, string>();

const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });
const orders = () =>
  (t.modules.find((m) => m.name === 'order') as unknown as { service: OrderService }).service;

async function newBuyer() {
  const { token, id } = await t.shopperToken();
  tokens.set(id, token);
  const address = await t.http
    .post('/api/shop/addresses')
    .set(auth(token))
    .send({
      name: '李四',
      phone: '13912345678',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '1 号',
    })
    .expect(201);
  return { id, addressId: address.body.data.id as number };
}

async function newProduct(price: number, stock: number) {
  const res = await t.http
    .post('/api/admin/products')
    .set(auth(operator))
    .send({
      title: `限次 ${crypto.randomUUID().slice(0, 8)}`,
      kind: 'physical',
      categoryId: category,
      images: ['https://img.example.com/x.jpg'],
      status: 'on_sale',
      skus: [{ price, stock }],
    })
    .expect(201);
  return { skuId: res.body.data.skus[0].id as number, productId: res.body.data.id as number };
}

async function campaign(productId: number, limits: object) {
  const res = await t.http
    .post('/api/admin/campaigns')
    .set(auth(operator))
    .send({
      kind: 'full_reduction',
      name: '限量满减',
      scope: { mode: 'include', productIds: [productId], categoryIds: [] },
      config: { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 100, amountOff: 50 }] },
      ...limits,
    })
    .expect(201);
  return res.body.data.id as number;
}

async function place(buyer: { id: number; addressId: number }, skuId: number, couponIds?: number[]) {
  try {
    const { orderId } = await orders().placeOrder(
      buyer.id,
      `race-${crypto.randomUUID()}`,
      { items: [{ skuId, quantity: 1 }], addressId: buyer.addressId, ...(couponIds ? { couponIds } : {}) },
      { ip: t.nextIp() },
    );
    const [row] = await t.platform.sequelize.query<{ discount: number }>(
      'SELECT discount_amount AS discount FROM orders WHERE id = :orderId',
      { replacements: { orderId }, type: QueryTypes.SELECT },
    );
    return { ok: true as const, discount: Number(row.discount) };
  } catch (e) {
    if (isAppError(e)) return { ok: false as const, code: e.code };
    throw e;
  }
}

async function counters(campaignId: number) {
  const [c] = await t.platform.sequelize.query<{ used: number }>(
    'SELECT used_count AS used FROM campaigns WHERE id = :campaignId',
    { replacements: { campaignId }, type: QueryTypes.SELECT },
  );
  const [uses] = await t.platform.sequelize.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM campaign_order_uses WHERE campaign_id = :campaignId AND status = 'counted'",
    { replacements: { campaignId }, type: QueryTypes.SELECT },
  );
  return { usedCount: Number(c.used), counted: Number(uses.n) };
}

beforeAll(async () => {
  t = await startTestApp();
  expect(t.platform.sequelize.getDialect()).toBe('mysql');
  operator = await t.adminToken('operator');
  category = (
    await t.http.post('/api/admin/categories').set(auth(operator)).send({ name: '限次' }).expect(201)
  ).body.data.id;
});
afterAll(() => t.close());

it('holds a per-shopper limit of 3 under 50 concurrent orders of one shopper', async () => {
  const { skuId, productId } = await newProduct(100, 1000);
  const id = await campaign(productId, { perShopperLimit: 3 });
  const buyer = await newBuyer();
  const results = await Promise.all(Array.from({ length: 50 }, () => place(buyer, skuId)));
  const discounted = results.filter((r) => r.ok && r.discount === 50);
  expect(discounted).toHaveLength(3);
  // every other order either paid the full price or was refused because the limit was reached meanwhile
  for (const r of results) {
    if (r.ok) expect([0, 50]).toContain(r.discount);
    else expect(r.code).toBe('CAMPAIGN_LIMIT_REACHED');
  }
  const [mine] = await t.platform.sequelize.query<{ used: number }>(
    'SELECT used FROM campaign_shopper_uses WHERE campaign_id = :id AND shopper_id = :shopperId',
    { replacements: { id, shopperId: buyer.id }, type: QueryTypes.SELECT },
  );
  expect(Number(mine.used)).toBe(3);
  expect((await counters(id)).counted).toBe(3);
});

it('holds a total limit of 5 under 40 shoppers ordering at once', async () => {
  const { skuId, productId } = await newProduct(100, 1000);
  const id = await campaign(productId, { totalLimit: 5 });
  const buyers = [];
  for (let i = 0; i < 40; i++) buyers.push(await newBuyer());
  const results = await Promise.all(buyers.map((b) => place(b, skuId)));
  expect(results.filter((r) => r.ok && r.discount === 50)).toHaveLength(5);
  for (const r of results) if (!r.ok) expect(r.code).toBe('CAMPAIGN_LIMIT_REACHED');
  expect(await counters(id)).toEqual({ usedCount: 5, counted: 5 });
});

it('uses one coupon instance on exactly one of 5 concurrent orders', async () => {
  const { skuId } = await newProduct(1000, 1000);
  const template = await t.http
    .post('/api/admin/coupon-templates')
    .set(auth(operator))
    .send({ name: '无门槛3元', kind: 'amount_off', amountOff: 300, validity: { type: 'relative', days: 7 } })
    .expect(201);
  const buyer = await newBuyer();
  const token = tokens.get(buyer.id)!;
  await t.http.post(`/api/shop/coupon-center/${template.body.data.id}/claim`).set(auth(token)).expect(201);
  const mine = await t.http.get('/api/shop/coupons').set(auth(token)).expect(200);
  const instanceId = mine.body.data[0].id as number;
  const results = await Promise.all(Array.from({ length: 5 }, () => place(buyer, skuId, [instanceId])));
  expect(results.filter((r) => r.ok)).toEqual([{ ok: true, discount: 300 }]);
  for (const r of results) if (!r.ok) expect(r.code).toBe('COUPON_UNAVAILABLE');
  const [row] = await t.platform.sequelize.query<{ status: string; n: number }>(
    'SELECT status FROM coupon_instances WHERE id = :instanceId',
    { replacements: { instanceId }, type: QueryTypes.SELECT },
  );
  expect(row.status).toBe('locked');
  const [orders5] = await t.platform.sequelize.query<{ n: number }>(
    'SELECT COUNT(*) AS n FROM orders WHERE shopper_id = :id',
    { replacements: { id: buyer.id }, type: QueryTypes.SELECT },
  );
  expect(Number(orders5.n)).toBe(1);
});

/**
 * Campaigns through the admin API and their effect on checkout: the preview lists every adjustment with its
 * campaign, the order stores the same amounts per line, usage limits count and come back on cancel.
 * Runs on MariaDB + Redis and on SQLite + memory drivers.
 */
import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import { drainOutbox } from '../support/outbox';
import { AppError } from '../../src/platform/errors';

let t: TestApp;
let operator: string;
let finance: string;
let category: number;
let freightTemplateId: number;

const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });
const newKey = () => `key-${crypto.randomUUID()}`;

interface Buyer {
  token: string;
  id: number;
  addressId: number;
}

async function newBuyer(province = '浙江省'): Promise<Buyer> {
  const { token, id } = await t.shopperToken();
  const address = await t.http
    .post('/api/shop/addresses')
    .set(auth(token))
    .send({
      name: '李四',
      phone: '13912345678',
      province,
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 1 号',
    })
    .expect(201);
  return { token, id, addressId: address.body.data.id };
}

async function newSku(price: number, stock = 100): Promise<{ skuId: number; productId: number }> {
  const res = await t.http
    .post('/api/admin/products')
    .set(auth(operator))
    .send({
      title: `满减测试 ${crypto.randomUUID().slice(0, 8)}`,
      kind: 'physical',
      categoryId: category,
      images: ['https://img.example.com/x.jpg'],
      status: 'on_sale',
      freightTemplateId,
      skus: [{ price, stock }],
    })
    .expect(201);
  return { skuId: res.body.data.skus[0].id, productId: res.body.data.id };
}

async function createCampaign(body: object, status = 201) {
  const res = await t.http.post('/api/admin/campaigns').set(auth(operator)).send(body);
  expect({ status: res.status, error: res.body.error }).toEqual({ status, error: undefined });
  return res.body.data;
}

const only = (productIds: number[]) => ({ mode: 'include', productIds, categoryIds: [] });

function preview(b: Buyer, body: object) {
  return t.http
    .post('/api/shop/checkout/preview')
    .set(auth(b.token))
    .send({ addressId: b.addressId, ...body });
}

function place(b: Buyer, body: object, key = newKey()) {
  return t.http
    .post('/api/shop/orders')
    .set(auth(b.token))
    .set('Idempotency-Key', key)
    .send({ addressId: b.addressId, ...body });
}

async function rows<T extends object>(sql: string, replacements: Record<string, unknown>) {
  return t.platform.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
}

beforeAll(async () => {
  t = await startTestApp();
  for (const m of t.modules) {
    for (const q of m.queues ?? [])
      await t.platform.drivers.queue.process(q.queue, q.handler, { concurrency: 2 });
  }
  operator = await t.adminToken('operator');
  finance = await t.adminToken('finance');
  category = (
    await t.http.post('/api/admin/categories').set(auth(operator)).send({ name: '活动' }).expect(201)
  ).body.data.id;
  freightTemplateId = (
    await t.http
      .post('/api/admin/freight-templates')
      .set(auth(operator))
      .send({
        name: '统一运费',
        mode: 'flat',
        base: { rule: { firstUnits: 1, firstFee: 800, nextUnits: 1, nextFee: 0 } },
      })
      .expect(201)
  ).body.data.id;
});
afterAll(() => t.close());

describe('campaign admin', () => {
  it('lists the tools with a JSON Schema for each config', async () => {
    const res = await t.http.get('/api/admin/marketing/tools').set(auth(finance)).expect(200);
    const kinds = res.body.data.map((x: { kind: string }) => x.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'full_reduction',
        'buy_n_get_m',
        'member_day',
        'gift',
        'free_shipping',
        'tiered_price',
      ]),
    );
    for (const tool of res.body.data) expect(tool.jsonSchema).toHaveProperty('$schema');
  });

  it("refuses an unknown kind, a config its tool's schema refuses, and a window that ends before it starts", async () => {
    const before = await rows<{ n: number }>('SELECT COUNT(*) AS n FROM campaigns', {});
    const bad = [
      { kind: 'nope', name: 'x', config: {} },
      { kind: 'full_reduction', name: 'x', config: { mode: 'tiers', thresholdUnit: 'fen', tiers: 'no' } },
      {
        kind: 'full_reduction',
        name: 'x',
        startsAt: '2026-12-02T00:00:00Z',
        endsAt: '2026-12-01T00:00:00Z',
        config: { mode: 'every', every: 10000, off: 1000, cap: null },
      },
      {
        kind: 'full_reduction',
        name: 'x',
        scope: { mode: 'include', productIds: [], categoryIds: [] },
        config: {},
      },
    ];
    for (const body of bad) {
      const res = await t.http.post('/api/admin/campaigns').set(auth(operator)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const config = await t.http.post('/api/admin/campaigns').set(auth(operator)).send(bad[1]).expect(400);
    expect(config.body.error.details.some((d: { path: string }) => d.path.startsWith('config'))).toBe(true);
    const after = await rows<{ n: number }>('SELECT COUNT(*) AS n FROM campaigns', {});
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('finance may read campaigns but not write them', async () => {
    await t.http.get('/api/admin/campaigns').set(auth(finance)).expect(200);
    const res = await t.http
      .post('/api/admin/campaigns')
      .set(auth(finance))
      .send({ kind: 'full_reduction', name: 'x', config: { mode: 'every', every: 100, off: 10, cap: null } });
    expect(res.status).toBe(403);
  });
});

describe('checkout with campaigns', () => {
  it('满5减1 over three items: the preview and the order carry the same exact allocation', async () => {
    const a = await newSku(200);
    const b = await newSku(200);
    const c = await newSku(100);
    const campaign = await createCampaign({
      kind: 'full_reduction',
      name: '满5减1',
      scope: only([a.productId, b.productId, c.productId]),
      config: { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 500, amountOff: 100 }] },
    });
    const buyer = await newBuyer();
    const items = [
      { skuId: a.skuId, quantity: 1 },
      { skuId: b.skuId, quantity: 1 },
      { skuId: c.skuId, quantity: 1 },
    ];
    const p = (await preview(buyer, { items }).expect(200)).body.data;
    expect(p.goodsAmount).toBe(500);
    expect(p.discountAmount).toBe(100);
    expect(p.adjustments).toEqual([
      expect.objectContaining({ sourceType: 'campaign', sourceId: campaign.id, name: '满5减1', amount: 100 }),
    ]);
    expect(p.lines.map((l: { discount: number }) => l.discount)).toEqual([40, 40, 20]);
    expect(p.payAmount).toBe(500 - 100 + p.freightAmount);

    const res = await place(buyer, { items });
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 200, error: undefined });
    const order = res.body.data;
    expect(order.payAmount).toBe(p.payAmount);
    expect(order.discountAmount).toBe(100);
    expect(order.lines.map((l: { discountAmount: number }) => l.discountAmount)).toEqual([40, 40, 20]);
    expect(order.adjustments).toEqual([
      expect.objectContaining({ sourceType: 'campaign', sourceId: campaign.id, amount: 100 }),
    ]);
    const stored = await rows<{ amount: number }>(
      'SELECT amount FROM order_adjustments WHERE order_id = :id ORDER BY order_line_id',
      { id: order.id },
    );
    expect(stored.map((r) => Number(r.amount))).toEqual([40, 40, 20]);
    const stats = await t.http
      .get(`/api/admin/campaigns/${campaign.id}/stats`)
      .set(auth(finance))
      .expect(200);
    expect(stats.body.data).toMatchObject({ orders: 1, shoppers: 1, discount: 100 });

    // a campaign orders used is disabled, not deleted
    const del = await t.http.delete(`/api/admin/campaigns/${campaign.id}`).set(auth(operator));
    expect(del.status).toBe(422);
    await t.http.post(`/api/admin/campaigns/${campaign.id}/disable`).set(auth(operator)).expect(200);
  });

  it('a per-shopper limit counts orders and an unpaid cancel gives the use back', async () => {
    const a = await newSku(1000);
    const campaign = await createCampaign({
      kind: 'full_reduction',
      name: '每人一次 满10减3',
      perShopperLimit: 1,
      scope: only([a.productId]),
      config: { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 1000, amountOff: 300 }] },
    });
    const buyer = await newBuyer();
    const items = [{ skuId: a.skuId, quantity: 1 }];
    const first = (await place(buyer, { items }).expect(200)).body.data;
    expect(first.discountAmount).toBe(300);
    const second = (await place(buyer, { items }).expect(200)).body.data;
    expect(second.discountAmount).toBe(0);

    await t.http.post(`/api/shop/orders/${first.id}/cancel`).set(auth(buyer.token)).expect(200);
    await drainOutbox(t, ['marketing']);
    const again = (await preview(buyer, { items }).expect(200)).body.data;
    expect(again.discountAmount).toBe(300);
    const stats = await t.http
      .get(`/api/admin/campaigns/${campaign.id}/stats`)
      .set(auth(finance))
      .expect(200);
    expect(stats.body.data).toMatchObject({ orders: 0, returnedUses: 1 });
  });

  it('a gift appears when the threshold is reached and goes when the cart falls below it', async () => {
    const a = await newSku(3000);
    const gift = await newSku(990, 5);
    await createCampaign({
      kind: 'gift',
      name: '满50赠小样',
      scope: only([a.productId]),
      config: { tiers: [{ threshold: 5000, skuId: gift.skuId, quantity: 1 }] },
    });
    const buyer = await newBuyer();
    const one = (await preview(buyer, { items: [{ skuId: a.skuId, quantity: 1 }] }).expect(200)).body.data;
    expect(one.lines.filter((l: { isGift: boolean }) => l.isGift)).toHaveLength(0);
    const two = (await preview(buyer, { items: [{ skuId: a.skuId, quantity: 2 }] }).expect(200)).body.data;
    expect(two.lines.filter((l: { isGift: boolean }) => l.isGift)).toEqual([
      expect.objectContaining({ skuId: gift.skuId, quantity: 1, payAmount: 0 }),
    ]);
    const order = (await place(buyer, { items: [{ skuId: a.skuId, quantity: 2 }] }).expect(200)).body.data;
    expect(order.lines.find((l: { isGift: boolean }) => l.isGift)).toMatchObject({
      skuId: gift.skuId,
      payAmount: 0,
    });
    const [stock] = await rows<{ stock: number }>('SELECT stock FROM catalog_skus WHERE id = :id', {
      id: gift.skuId,
    });
    expect(Number(stock.stock)).toBe(4);
  });

  it('shows running campaigns as tags on the product page, with quantity tiers', async () => {
    const a = await newSku(1500);
    const other = await newSku(1500);
    await createCampaign({
      kind: 'full_reduction',
      name: '本品满30减5',
      scope: only([a.productId]),
      config: { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 3000, amountOff: 500 }] },
    });
    await createCampaign({
      kind: 'buy_n_get_m',
      name: '买2送1',
      scope: only([a.productId]),
      config: { buy: 2, free: 1 },
      enabled: false,
    });
    await createCampaign({
      kind: 'tiered_price',
      name: '多买便宜',
      scope: only([a.productId]),
      config: { skus: [{ skuId: a.skuId, tiers: [{ minQuantity: 3, unitPrice: 1300 }] }] },
    });
    const view = (await t.http.get(`/api/shop/products/${a.productId}/promotions`).expect(200)).body.data;
    expect(view.campaigns.map((c: { label: string }) => c.label)).toEqual(
      expect.arrayContaining(['满30减5', '多件更优惠']),
    );
    expect(view.campaigns.map((c: { name: string }) => c.name)).not.toContain('买2送1');
    expect(view.tiers).toEqual([
      expect.objectContaining({ skuId: a.skuId, tiers: [{ minQuantity: 3, unitPrice: 1300 }] }),
    ]);
    const none = (await t.http.get(`/api/shop/products/${other.productId}/promotions`).expect(200)).body.data;
    expect(none.campaigns.map((c: { name: string }) => c.name)).not.toContain('本品满30减5');
    // the tier price is what checkout charges from 3 units on
    const buyer = await newBuyer();
    const p = (await preview(buyer, { items: [{ skuId: a.skuId, quantity: 3 }] }).expect(200)).body.data;
    expect(p.lines[0]).toMatchObject({ listPrice: 1500, unitPrice: 1300, unitSource: 'tiered_price' });
  });

  it('explains the discounts of a cart before an address is chosen, leaving the freight to checkout', async () => {
    const a = await newSku(2500);
    await createCampaign({
      kind: 'full_reduction',
      name: '满50减8',
      scope: only([a.productId]),
      config: { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 5000, amountOff: 800 }] },
    });
    const buyer = await newBuyer();
    const items = [{ skuId: a.skuId, quantity: 2 }];
    const res = await t.http
      .post('/api/shop/checkout/preview')
      .set(auth(buyer.token))
      .send({ items })
      .expect(200);
    expect(res.body.data).toMatchObject({
      freightQuoted: false,
      freightAmount: 0,
      discountAmount: 800,
      payAmount: 4200,
    });
    const withAddress = (await preview(buyer, { items }).expect(200)).body.data;
    expect(withAddress).toMatchObject({ freightQuoted: true, freightAmount: 800, payAmount: 5000 });
    const order = await t.http
      .post('/api/shop/orders')
      .set(auth(buyer.token))
      .set('Idempotency-Key', newKey())
      .send({ items });
    expect([order.status, order.body.error.code]).toEqual([422, 'ADDRESS_REQUIRED']);
  });

  it('free shipping over a threshold, except to an excluded province', async () => {
    const a = await newSku(6000);
    await createCampaign({
      kind: 'free_shipping',
      name: '满59包邮',
      scope: only([a.productId]),
      config: { minAmount: 5900, minItems: null, excludedProvinces: ['新疆'] },
    });
    const near = await newBuyer('浙江省');
    const far = await newBuyer('新疆维吾尔自治区');
    const items = [{ skuId: a.skuId, quantity: 1 }];
    const p = (await preview(near, { items }).expect(200)).body.data;
    expect(p.freightAmount).toBe(0);
    expect(p.freightDiscount).toBe(p.freightBase);
    expect(p.freightBase).toBe(800);
    const q = (await preview(far, { items }).expect(200)).body.data;
    expect(q.freightDiscount).toBe(0);
    expect(q.freightAmount).toBe(q.freightBase);
  });

  it('three partial refunds of a discounted line return exactly its allocated pay amount', async () => {
    const a = await newSku(333);
    await createCampaign({
      kind: 'full_reduction',
      name: '满9.99减1',
      scope: only([a.productId]),
      config: { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 999, amountOff: 100 }] },
    });
    const buyer = await newBuyer();
    const order = (await place(buyer, { items: [{ skuId: a.skuId, quantity: 3 }] }).expect(200)).body.data;
    const line = order.lines[0];
    expect([line.goodsAmount, line.discountAmount, line.payAmount]).toEqual([999, 100, 899]);
    const started = await t.http.post(`/api/shop/orders/${order.id}/pay`).set(auth(buyer.token)).expect(200);
    await t.http
      .post(`/api/shop/pay/sandbox/${started.body.data.paymentId}/confirm`)
      .set(auth(buyer.token))
      .expect(200);
    const refunds: number[] = [];
    for (let i = 0; i < 3; i++) {
      const preview = await t.http
        .get(`/api/shop/orders/${order.id}/after-sales/preview?orderLineId=${line.id}&quantity=1`)
        .set(auth(buyer.token))
        .expect(200);
      expect(preview.body.data.left).toBe(3 - i);
      const asked = await t.http
        .post(`/api/shop/orders/${order.id}/after-sales`)
        .set(auth(buyer.token))
        .send({ orderLineId: line.id, type: 'refund_only', quantity: 1, reason: '不想要了' })
        .expect(201);
      refunds.push(asked.body.data.amount);
      expect(asked.body.data.amount).toBe(preview.body.data.amount);
      const id = asked.body.data.id;
      await t.http.post(`/api/admin/after-sales/${id}/approve`).set(auth(operator)).send({}).expect(200);
      await t.http.post(`/api/admin/after-sales/${id}/refund`).set(auth(finance)).send({}).expect(200);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const a = (await t.http.get(`/api/admin/after-sales/${id}`).set(auth(finance))).body.data;
        if (a.status === 'refunded') break;
        if (Date.now() > deadline) throw new Error(`after-sale ${id} stayed ${a.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(refunds).toEqual([300, 300, 299]);
    const after = (await t.http.get(`/api/shop/orders/${order.id}`).set(auth(buyer.token)).expect(200)).body
      .data;
    expect(after.lines[0].refundedAmount).toBe(899);
  });
});

describe('coupons and points at checkout', () => {
  let owner: string;
  beforeAll(async () => {
    owner = await t.adminToken('owner');
  });

  async function couponTemplate(body: object) {
    const res = await t.http
      .post('/api/admin/coupon-templates')
      .set(auth(operator))
      .send({ validity: { type: 'relative', days: 7 }, ...body });
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
    return res.body.data.id as number;
  }

  async function claim(b: Buyer, templateId: number) {
    await t.http.post(`/api/shop/coupon-center/${templateId}/claim`).set(auth(b.token)).expect(201);
    const mine = await t.http.get('/api/shop/coupons?status=unused').set(auth(b.token)).expect(200);
    return mine.body.data.find((c: { templateId: number }) => c.templateId === templateId).id as number;
  }

  const couponStatus = async (id: number) =>
    (await rows<{ status: string }>('SELECT status FROM coupon_instances WHERE id = :id', { id }))[0].status;

  it('picks the best coupon, locks it with the order, and gives it back when the order is cancelled', async () => {
    const a = await newSku(5000);
    const small = await couponTemplate({ name: '无门槛5元', kind: 'amount_off', amountOff: 500 });
    const big = await couponTemplate({
      name: '满50减12',
      kind: 'amount_off',
      threshold: 5000,
      amountOff: 1200,
    });
    const high = await couponTemplate({
      name: '满100减30',
      kind: 'amount_off',
      threshold: 10000,
      amountOff: 3000,
    });
    const buyer = await newBuyer();
    const ids = {
      small: await claim(buyer, small),
      big: await claim(buyer, big),
      high: await claim(buyer, high),
    };
    const items = [{ skuId: a.skuId, quantity: 1 }];

    const p = (await preview(buyer, { items }).expect(200)).body.data;
    const verdict = (id: number) => p.coupons.find((c: { instanceId: number }) => c.instanceId === id);
    expect(verdict(ids.big)).toMatchObject({
      usable: true,
      selected: true,
      discount: 1200,
      name: '满50减12',
    });
    expect(verdict(ids.small)).toMatchObject({ usable: true, selected: false, discount: 500 });
    expect(verdict(ids.high)).toMatchObject({ usable: false, reason: 'below_threshold' });
    expect(p.adjustments).toEqual([
      expect.objectContaining({ sourceType: 'coupon', sourceId: ids.big, name: '满50减12', amount: 1200 }),
    ]);

    // a coupon that cannot be used is refused, not silently dropped
    const refused = await place(buyer, { items, couponIds: [ids.high] });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'COUPON_UNAVAILABLE']);

    const order = (await place(buyer, { items, couponIds: [ids.big] }).expect(200)).body.data;
    expect(order.discountAmount).toBe(1200);
    expect(await couponStatus(ids.big)).toBe('locked');
    const again = (await preview(buyer, { items }).expect(200)).body.data;
    expect(again.coupons.map((c: { instanceId: number }) => c.instanceId)).not.toContain(ids.big);

    await t.http.post(`/api/shop/orders/${order.id}/cancel`).set(auth(buyer.token)).expect(200);
    await drainOutbox(t, ['coupon']);
    expect(await couponStatus(ids.big)).toBe('unused');
  });

  it('spends points up to half the goods after discounts, and an unpaid cancel returns them', async () => {
    const a = await newSku(1000);
    const buyer = await newBuyer();
    await t.http
      .post(`/api/admin/points/shoppers/${buyer.id}/adjustments`)
      .set(auth(owner))
      .send({ delta: 5000, reason: '测试' })
      .expect(201);
    const items = [{ skuId: a.skuId, quantity: 2 }];
    const p = (await preview(buyer, { items, couponIds: [], points: 'max' }).expect(200)).body.data;
    // 100 points = ¥1, at most 50% of ¥20
    expect([p.pointsUsed, p.pointsAmount]).toEqual([1000, 1000]);
    expect(p.payAmount).toBe(2000 - 1000 + p.freightAmount);
    const order = (await place(buyer, { items, couponIds: [], points: 'max' }).expect(200)).body.data;
    expect([order.pointsUsed, order.pointsAmount, order.lines[0].pointsAmount]).toEqual([1000, 1000, 1000]);
    const balance = async () =>
      (await t.http.get('/api/shop/points').set(auth(buyer.token))).body.data.balance;
    expect(await balance()).toBe(4000);
    await t.http.post(`/api/shop/orders/${order.id}/cancel`).set(auth(buyer.token)).expect(200);
    await drainOutbox(t, ['points']);
    expect(await balance()).toBe(5000);
  });
});

describe('activity prices', () => {
  it('prices lines through a registered activity, with its unpaid timeout, and refuses unknown ones', async () => {
    const a = await newSku(9900);
    const marketing = t.modules.find((m) => m.name === 'marketing') as unknown as {
      service: import('../../src/modules/marketing').MarketingService;
    };
    marketing.service.registerActivity({
      kind: 'test_sale',
      async quote({ lines, context }) {
        if ((context as { ticket?: string }).ticket !== 'ok') {
          throw new AppError('BUSINESS_RULE', 'no such ticket', { rule: 'ticket' });
        }
        return {
          prices: new Map(
            lines.map((l) => [
              l.skuId,
              {
                campaignId: 1,
                kind: 'test_sale',
                name: '测试秒杀',
                unitPrice: 2900,
                allowCoupon: false,
                allowPromotions: false,
                allowPoints: false,
              },
            ]),
          ),
          unpaidTimeoutMinutes: 5,
        };
      },
    });
    const buyer = await newBuyer();
    const items = [{ skuId: a.skuId, quantity: 1 }];
    const refused = await place(buyer, { items, activity: { kind: 'test_sale', context: { ticket: 'no' } } });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'BUSINESS_RULE']);
    const unknown = await place(buyer, { items, activity: { kind: 'nope', context: {} } });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const order = (
      await place(buyer, {
        items,
        couponIds: [],
        activity: { kind: 'test_sale', context: { ticket: 'ok' } },
      }).expect(200)
    ).body.data;
    expect(order.lines[0]).toMatchObject({ listPrice: 9900, unitPrice: 2900, discountAmount: 0 });
    const minutes = (Date.parse(order.expiresAt) - Date.parse(order.createdAt)) / 60_000;
    expect(Math.round(minutes)).toBe(5);
    expect(order.adjustments).toEqual([
      expect.objectContaining({ sourceType: 'activity', name: '测试秒杀', amount: 7000, target: 'unit' }),
    ]);
  });
});

/**
 * Orders under contention on MariaDB and Redis: 200 buyers for 20 units, cancels racing each other and the
 * timeout job, payments racing the timeout, idempotency keys sent twice at once, packages and after-sales
 * sent together. Every request comes from its own client IP through the trusted-proxy header.
 */
import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import { CronRunner } from '../../src/platform/cron';

let t: TestApp;
let operator: string;
let category: number;

interface Buyer {
  token: string;
  id: number;
  addressId: number;
}

const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

async function withAddress(shopper: { token: string; id: number }): Promise<Buyer> {
  const { token, id } = shopper;
  const address = await t.http
    .post('/api/shop/addresses')
    .set(auth(token))
    .send({
      name: '李四',
      phone: '13912345678',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 1 号',
    })
    .expect(201);
  return { token, id, addressId: address.body.data.id };
}

const newBuyer = async () => withAddress(await t.shopperToken());

/** Logins in parallel; addresses one by one (the setup, not what is under test). */
async function newBuyers(n: number): Promise<Buyer[]> {
  const shoppers = await inBatches(Array.from({ length: n }), 25, () => t.shopperToken());
  const buyers: Buyer[] = [];
  for (const s of shoppers) buyers.push(await withAddress(s));
  return buyers;
}

async function newSku(stock: number, price = 100): Promise<number> {
  const res = await t.http
    .post('/api/admin/products')
    .set(auth(operator))
    .send({
      title: `限量款 ${crypto.randomUUID().slice(0, 8)}`,
      kind: 'physical',
      categoryId: category,
      images: ['https://img.example.com/x.jpg'],
      status: 'on_sale',
      skus: [{ price, stock }],
    })
    .expect(201);
  return res.body.data.skus[0].id;
}

function buy(b: Buyer, skuId: number, quantity = 1, key = `race-${crypto.randomUUID()}`) {
  return t.http
    .post('/api/shop/orders')
    .set(auth(b.token))
    .set('Idempotency-Key', key)
    .send({ items: [{ skuId, quantity }], addressId: b.addressId });
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

async function count(sql: string, replacements: Record<string, unknown>): Promise<number> {
  const [row] = await t.platform.sequelize.query<{ n: number }>(sql, {
    replacements,
    type: QueryTypes.SELECT,
  });
  return Number(row.n);
}

function runAutoCancel(now: Date) {
  const job = t.modules
    .find((m) => m.name === 'order')!
    .cronJobs!.find((j) => j.name === 'order-auto-cancel')!;
  const runner = new CronRunner({
    sequelize: t.platform.sequelize,
    lock: t.platform.drivers.lock,
    logger: t.platform.logger,
    clock: t.platform.clock,
    timezone: t.platform.config.shopTimezone,
  });
  return runner.run(job, { now, force: true });
}

const afterTimeout = () => new Date(Date.now() + 31 * 60_000);

beforeAll(async () => {
  t = await startTestApp();
  expect(t.platform.sequelize.getDialect()).toBe('mysql');
  expect(t.platform.drivers.kind).toBe('redis');
  for (const m of t.modules) {
    for (const q of m.queues ?? [])
      await t.platform.drivers.queue.process(q.queue, q.handler, { concurrency: 2 });
  }
  operator = await t.adminToken('operator');
  category = (
    await t.http.post('/api/admin/categories').set(auth(operator)).send({ name: '抢购' }).expect(201)
  ).body.data.id;
});
afterAll(() => t.close());

it('sells exactly 20 of 20 to 200 concurrent buyers, never below 0, and cancelling gives exactly 20 back', async () => {
  const skuId = await newSku(20);
  const buyers = await newBuyers(200);
  const seen: number[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      seen.push(await stockOf(skuId));
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const results = await Promise.all(buyers.map((b) => buy(b, skuId)));
  watching = false;
  await watcher;

  const ok = results.filter((r) => r.status === 200);
  const soldOut = results.filter((r) => r.status === 409 && r.body.error.code === 'SOLD_OUT');
  expect(ok).toHaveLength(20);
  expect(soldOut).toHaveLength(180);
  expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
  expect(await stockOf(skuId)).toBe(0);
  expect(await count('SELECT COUNT(*) AS n FROM order_lines WHERE sku_id = :skuId', { skuId })).toBe(20);
  expect(new Set(ok.map((r) => r.body.data.id)).size).toBe(20);

  const byOrder = new Map(ok.map((r) => [r.body.data.id as number, buyers[results.indexOf(r)]]));
  const cancels = await Promise.all(
    [...byOrder].map(([orderId, b]) => t.http.post(`/api/shop/orders/${orderId}/cancel`).set(auth(b.token))),
  );
  expect(cancels.map((r) => r.status)).toEqual(Array(20).fill(200));
  expect(await stockOf(skuId)).toBe(20);
});

it('returns the stock of one order once when two shopper cancels, a merchant cancel and the timeout race', async () => {
  const skuId = await newSku(10);
  const owner = await t.adminToken('owner');
  for (let round = 0; round < 5; round++) {
    const b = await newBuyer();
    const placed = await buy(b, skuId, 3);
    expect(placed.status).toBe(200);
    const orderId = placed.body.data.id as number;
    expect(await stockOf(skuId)).toBe(7);
    const [first, second, merchant, job] = await Promise.all([
      t.http.post(`/api/shop/orders/${orderId}/cancel`).set(auth(b.token)),
      t.http.post(`/api/shop/orders/${orderId}/cancel`).set(auth(b.token)),
      t.http.post(`/api/admin/orders/${orderId}/cancel`).set(auth(owner)).send({ reason: '缺货' }),
      runAutoCancel(afterTimeout()),
    ]);
    expect([first.status, second.status, merchant.status, job.status]).toEqual([200, 200, 200, 'done']);
    expect(await stockOf(skuId)).toBe(10);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM outbox_events WHERE name = 'order.cancelled' AND aggregate_id = :agg",
        {
          agg: `order:${orderId}`,
        },
      ),
    ).toBe(1);
  }
});

it('makes one order of the same key and body sent ten times at once', async () => {
  const skuId = await newSku(50);
  const b = await newBuyer();
  const key = `same-${crypto.randomUUID()}`;
  const results = await Promise.all(Array.from({ length: 10 }, () => buy(b, skuId, 2, key)));
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
  expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
  expect(await stockOf(skuId)).toBe(48);
  // (the ten used this shopper's order rate limit: another shopper sends one key with two bodies)
  const c = await newBuyer();
  const mixed = await Promise.all([buy(c, skuId, 1, 'mixed-key-1'), buy(c, skuId, 2, 'mixed-key-1')]);
  expect(mixed.map((r) => r.status).sort()).toEqual([200, 409]);
  expect(mixed.find((r) => r.status === 409)!.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
  expect(await stockOf(skuId)).toBe(48 - mixed.find((r) => r.status === 200)!.body.data.unitCount);
});

it('settles a payment racing the timeout either way: paid and stock kept, or cancelled, stock back and refunded', async () => {
  const skuId = await newSku(100);
  const outcomes: string[] = [];
  for (let round = 0; round < 6; round++) {
    const b = await newBuyer();
    const placed = await buy(b, skuId, 1);
    const orderId = placed.body.data.id as number;
    const started = await t.http.post(`/api/shop/orders/${orderId}/pay`).set(auth(b.token)).expect(200);
    const before = await stockOf(skuId);
    await Promise.all([
      t.http.post(`/api/shop/pay/sandbox/${started.body.data.paymentId}/confirm`).set(auth(b.token)),
      runAutoCancel(afterTimeout()),
    ]);
    const order = (await t.http.get(`/api/shop/orders/${orderId}`).set(auth(b.token)).expect(200)).body.data;
    const [payment] = await t.platform.sequelize.query<{ outcome: string | null; status: string }>(
      'SELECT outcome, status FROM payments WHERE order_id = :orderId',
      { replacements: { orderId }, type: QueryTypes.SELECT },
    );
    if (order.status === 'to_ship') {
      expect(payment.outcome).toBe('accepted');
      expect(await stockOf(skuId)).toBe(before);
    } else {
      expect(order.status).toBe('cancelled');
      expect(await stockOf(skuId)).toBe(before + 1);
      // closed before it was paid (no outcome), or paid after the cancel and rejected (refunded in full)
      expect(payment.outcome).not.toBe('accepted');
    }
    outcomes.push(order.status);
  }
  expect(outcomes.every((s) => s === 'to_ship' || s === 'cancelled')).toBe(true);
});

it('ships each unit once when packages arrive together, and holds one open after-sale per line', async () => {
  const skuId = await newSku(10);
  const b = await newBuyer();
  const placed = await buy(b, skuId, 2);
  const orderId = placed.body.data.id as number;
  const lineId = placed.body.data.lines[0].id as number;
  const started = await t.http.post(`/api/shop/orders/${orderId}/pay`).set(auth(b.token)).expect(200);
  await t.http
    .post(`/api/shop/pay/sandbox/${started.body.data.paymentId}/confirm`)
    .set(auth(b.token))
    .expect(200);

  const asks = await Promise.all(
    Array.from({ length: 6 }, () =>
      t.http
        .post(`/api/shop/orders/${orderId}/after-sales`)
        .set(auth(b.token))
        .send({ orderLineId: lineId, type: 'refund_only', quantity: 1, reason: '重复提交' }),
    ),
  );
  expect(asks.filter((r) => r.status === 201)).toHaveLength(1);
  expect(asks.filter((r) => r.status === 409).every((r) => r.body.error.code === 'AFTERSALE_OPEN')).toBe(
    true,
  );
  await t.http
    .post(`/api/shop/after-sales/${asks.find((r) => r.status === 201)!.body.data.id}/withdraw`)
    .set(auth(b.token))
    .expect(200);

  const packages = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      t.http
        .post(`/api/admin/orders/${orderId}/packages`)
        .set(auth(operator))
        .send({ carrier: 'SF', trackingNo: `SF${1000 + i}`, lines: [{ orderLineId: lineId, quantity: 1 }] }),
    ),
  );
  expect(packages.filter((r) => r.status === 201)).toHaveLength(2);
  const order = (await t.http.get(`/api/shop/orders/${orderId}`).set(auth(b.token)).expect(200)).body.data;
  expect(order.status).toBe('shipped');
  expect(order.packages).toHaveLength(2);
  expect(order.lines[0].shippedQuantity).toBe(2);
  expect(
    await count(
      "SELECT COUNT(*) AS n FROM outbox_events WHERE name = 'order.shipped' AND aggregate_id = :agg",
      {
        agg: `order:${orderId}`,
      },
    ),
  ).toBe(1);
});

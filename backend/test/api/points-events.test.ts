/**
 * The points module's outbox handlers driven by real events through a real dispatcher: spent points come
 * back on cancel and, unit by unit, on refunds; points are earned on receipt and clawed back on refunds
 * after it; duplicated or reordered events change nothing. Spending is the module's own `spend(tx, …)`
 * (the order transaction of checkout calls the same); earning and clawbacks use real orders paid through
 * the sandbox and refunded through after-sales. The ledger invariant is checked after every test.
 */
import { QueryTypes } from 'sequelize';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-server';
import { startTestApp, type TestApp } from '../support/app';
import { drainPointsOutbox, expectLedgerInvariant } from '../support/points';
import { withTransaction } from '../../src/platform/db/tx';
import type { EventName, EventPayload } from '../../src/platform/events/catalog';
import type { PointsService } from '../../src/modules/points';

let t: TestApp;
let wx: FakeWechat;
const tokens = { owner: '', operator: '', finance: '' };
let virtualSku = 0;
const UNIT_PRICE = 4115; // 3 units: ¥123.45 → 123 points

const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });
const points = () =>
  (t.modules.find((m) => m.name === 'points') as unknown as { service: PointsService }).service;

let nextId = 900_000;
const newId = () => ++nextId;

async function credit(shopperId: number, delta: number) {
  await t.http
    .post(`/api/admin/points/shoppers/${shopperId}/adjustments`)
    .set(auth(tokens.owner))
    .send({ delta, reason: '测试发放' })
    .expect(201);
}

const balance = (shopperId: number) => points().balance(shopperId);

function spend(
  shopperId: number,
  orderId: number,
  lines: { orderLineId: number; quantity: number; points: number }[],
) {
  const total = lines.reduce((a, l) => a + l.points, 0);
  return withTransaction(t.platform.sequelize, (tx) =>
    points().spend(tx, { shopperId, orderId, points: total, lines }),
  );
}

function emit<N extends EventName>(name: N, payload: EventPayload<N>) {
  return withTransaction(t.platform.sequelize, (tx) => t.platform.outbox.emit(tx, name, payload));
}

const ref = (shopperId: number, orderId: number) => ({
  orderId,
  orderNo: `P${orderId}`,
  shopperId,
  kind: 'physical',
});

async function ledger(shopperId: number) {
  const rows = await t.platform.sequelize.query<{ delta: number; reason: string; ref_id: number | null }>(
    'SELECT delta, reason, ref_id FROM points_ledger WHERE shopper_id = :shopperId ORDER BY id',
    { replacements: { shopperId }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => [r.reason, Number(r.delta)]);
}

async function spentLines(orderId: number) {
  const rows = await t.platform.sequelize.query<Record<string, number>>(
    `SELECT order_line_id, quantity, points, returned_units, returned_points FROM points_order_lines
      WHERE order_id = :orderId ORDER BY order_line_id`,
    { replacements: { orderId }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    orderLineId: Number(r.order_line_id),
    quantity: Number(r.quantity),
    points: Number(r.points),
    returnedUnits: Number(r.returned_units),
    returnedPoints: Number(r.returned_points),
  }));
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A virtual order of 3 units (¥123.45), paid in the sandbox: received at once (order.received emitted). */
async function paidVirtualOrder(s: { token: string }) {
  const placed = await t.http
    .post('/api/shop/orders')
    .set(auth(s.token))
    .set('Idempotency-Key', `points-${newId()}`)
    .send({ items: [{ skuId: virtualSku, quantity: 3 }] })
    .expect(200);
  const order = placed.body.data;
  const started = await t.http.post(`/api/shop/orders/${order.id}/pay`).set(auth(s.token)).expect(200);
  await t.http
    .post(`/api/shop/pay/sandbox/${started.body.data.paymentId}/confirm`)
    .set(auth(s.token))
    .expect(200);
  const paid = (await t.http.get(`/api/shop/orders/${order.id}`).set(auth(s.token)).expect(200)).body.data;
  expect(paid).toMatchObject({ status: 'received', payAmount: 3 * UNIT_PRICE });
  return paid as { id: number; lines: { id: number; payAmount: number }[] };
}

/** A refund_only after-sale of `quantity` units, approved and refunded; resolves when the refund is done. */
async function refund(s: { token: string }, orderId: number, orderLineId: number, quantity: number) {
  const asked = await t.http
    .post(`/api/shop/orders/${orderId}/after-sales`)
    .set(auth(s.token))
    .send({ orderLineId, type: 'refund_only', quantity, reason: '不想要了' })
    .expect(201);
  const id = asked.body.data.id;
  await t.http.post(`/api/admin/after-sales/${id}/approve`).set(auth(tokens.operator)).send({}).expect(200);
  await t.http.post(`/api/admin/after-sales/${id}/refund`).set(auth(tokens.finance)).send({}).expect(200);
  return eventually(
    async () => (await t.http.get(`/api/admin/after-sales/${id}`).set(auth(tokens.finance))).body.data,
    (a) => a.status === 'refunded',
    'the refund notification',
  );
}

async function earning(orderId: number) {
  const [row] = await t.platform.sequelize.query<Record<string, number>>(
    'SELECT base_amount, earned, refunded_amount, clawed FROM points_order_earnings WHERE order_id = :orderId',
    { replacements: { orderId }, type: QueryTypes.SELECT },
  );
  return row
    ? {
        base: Number(row.base_amount),
        earned: Number(row.earned),
        refunded: Number(row.refunded_amount),
        clawed: Number(row.clawed),
      }
    : null;
}

beforeAll(async () => {
  wx = await startFakeWechat();
  t = await startTestApp({ wechat: { appid: wx.appid, secret: wx.secret, apiBase: wx.url } });
  for (const m of t.modules) {
    for (const q of m.queues ?? [])
      await t.platform.drivers.queue.process(q.queue, q.handler, { concurrency: 2 });
  }
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = await t.adminToken(role);
  const category = await t.http
    .post('/api/admin/categories')
    .set(auth(tokens.operator))
    .send({ name: '积分测试' })
    .expect(201);
  const product = await t.http
    .post('/api/admin/products')
    .set(auth(tokens.operator))
    .send({
      title: '积分课程',
      kind: 'virtual',
      categoryId: category.body.data.id,
      images: ['https://img.example.com/p.jpg'],
      status: 'on_sale',
      skus: [{ price: UNIT_PRICE, stock: 1000 }],
    })
    .expect(201);
  virtualSku = product.body.data.skus[0].id;
});
afterAll(async () => {
  await t.close();
  await wx.close();
});
afterEach(async () => {
  await drainPointsOutbox(t);
  await expectLedgerInvariant(t.platform.sequelize);
});

describe('spending', () => {
  it("takes the points in the caller's transaction and remembers each line's share", async () => {
    const s = await t.shopperToken();
    await credit(s.id, 1000);
    const orderId = newId();
    const [a, b] = [newId(), newId()];
    await spend(s.id, orderId, [
      { orderLineId: a, quantity: 2, points: 200 },
      { orderLineId: b, quantity: 1, points: 100 },
    ]);
    expect(await balance(s.id)).toBe(700);
    expect(await ledger(s.id)).toEqual([
      ['adjust', 1000],
      ['spend', -300],
    ]);
    expect(await spentLines(orderId)).toEqual([
      { orderLineId: a, quantity: 2, points: 200, returnedUnits: 0, returnedPoints: 0 },
      { orderLineId: b, quantity: 1, points: 100, returnedUnits: 0, returnedPoints: 0 },
    ]);
  });

  it('refuses more points than the balance with POINTS_INSUFFICIENT and writes nothing', async () => {
    const s = await t.shopperToken();
    await credit(s.id, 99);
    const orderId = newId();
    await expect(
      spend(s.id, orderId, [{ orderLineId: newId(), quantity: 1, points: 100 }]),
    ).rejects.toMatchObject({
      code: 'POINTS_INSUFFICIENT',
      details: { points: 100, balance: 99 },
    });
    const nobody = await t.shopperToken();
    await expect(
      spend(nobody.id, newId(), [{ orderLineId: newId(), quantity: 1, points: 1 }]),
    ).rejects.toMatchObject({
      code: 'POINTS_INSUFFICIENT',
    });
    expect(await balance(s.id)).toBe(99);
    expect(await ledger(s.id)).toEqual([['adjust', 99]]);
    expect(await spentLines(orderId)).toEqual([]);
  });

  it("rolls back with the order's transaction, and refuses lines that do not add up", async () => {
    const s = await t.shopperToken();
    await credit(s.id, 500);
    const orderId = newId();
    await expect(
      withTransaction(t.platform.sequelize, async (tx) => {
        await points().spend(tx, {
          shopperId: s.id,
          orderId,
          points: 200,
          lines: [{ orderLineId: newId(), quantity: 1, points: 200 }],
        });
        throw new Error('stock ran out after the points were taken');
      }),
    ).rejects.toThrow('stock ran out');
    await expect(
      withTransaction(t.platform.sequelize, (tx) =>
        points().spend(tx, {
          shopperId: s.id,
          orderId,
          points: 200,
          lines: [{ orderLineId: newId(), quantity: 1, points: 150 }],
        }),
      ),
    ).rejects.toThrow(RangeError);
    expect(await balance(s.id)).toBe(500);
    expect(await ledger(s.id)).toEqual([['adjust', 500]]);
    expect(await spentLines(orderId)).toEqual([]);
  });
});

describe('returns on cancel and refund', () => {
  it('order.cancelled returns every point the order spent, once, however often it is delivered', async () => {
    const s = await t.shopperToken();
    await credit(s.id, 1000);
    const orderId = newId();
    await spend(s.id, orderId, [
      { orderLineId: newId(), quantity: 2, points: 201 },
      { orderLineId: newId(), quantity: 1, points: 99 },
    ]);
    await emit('order.cancelled', { ...ref(s.id, orderId), reason: 'timeout' });
    await drainPointsOutbox(t);
    expect(await balance(s.id)).toBe(1000);
    expect(await ledger(s.id)).toEqual([
      ['adjust', 1000],
      ['spend', -300],
      ['return_cancel', 300],
    ]);
    expect((await spentLines(orderId)).map((l) => [l.returnedUnits, l.returnedPoints])).toEqual([
      [2, 201],
      [1, 99],
    ]);
    // the same cancellation again (a second event: the dispatcher's receipts do not stop it, the ledger key does)
    await emit('order.cancelled', { ...ref(s.id, orderId), reason: 'shopper' });
    await emit('order.cancelled', { ...ref(s.id, orderId), reason: 'timeout' });
    await drainPointsOutbox(t);
    expect(await balance(s.id)).toBe(1000);
    expect(await ledger(s.id)).toHaveLength(3);
  });

  it("three partial refunds of a 3-unit line return exactly the line's points (34 + 33 + 33)", async () => {
    const s = await t.shopperToken();
    await credit(s.id, 500);
    const orderId = newId();
    const [line, other] = [newId(), newId()];
    await spend(s.id, orderId, [
      { orderLineId: line, quantity: 3, points: 100 },
      { orderLineId: other, quantity: 2, points: 51 },
    ]);
    expect(await balance(s.id)).toBe(349);
    const refunds = [newId(), newId(), newId()];
    for (const refundId of refunds) {
      await emit('order.refunded', {
        ...ref(s.id, orderId),
        refundId,
        amount: 1000,
        lines: [{ orderLineId: line, quantity: 1, amount: 1000 }],
        full: false,
      });
      await drainPointsOutbox(t);
    }
    expect(await ledger(s.id)).toEqual([
      ['adjust', 500],
      ['spend', -151],
      ['return_refund', 34],
      ['return_refund', 33],
      ['return_refund', 33],
    ]);
    expect(await balance(s.id)).toBe(449);
    expect(await spentLines(orderId)).toEqual([
      { orderLineId: line, quantity: 3, points: 100, returnedUnits: 3, returnedPoints: 100 },
      { orderLineId: other, quantity: 2, points: 51, returnedUnits: 0, returnedPoints: 0 },
    ]);

    // the second refund delivered again as a new event, and the other line's two units in one refund
    await emit('order.refunded', {
      ...ref(s.id, orderId),
      refundId: refunds[1],
      amount: 1000,
      lines: [{ orderLineId: line, quantity: 1, amount: 1000 }],
      full: false,
    });
    const last = newId();
    await emit('order.refunded', {
      ...ref(s.id, orderId),
      refundId: last,
      amount: 2000,
      lines: [{ orderLineId: other, quantity: 2, amount: 2000 }],
      full: true,
    });
    await emit('order.refunded', {
      ...ref(s.id, orderId),
      refundId: last,
      amount: 2000,
      lines: [{ orderLineId: other, quantity: 2, amount: 2000 }],
      full: true,
    });
    await drainPointsOutbox(t);
    expect(await balance(s.id)).toBe(500);
    expect((await ledger(s.id)).slice(5)).toEqual([['return_refund', 51]]);
  });

  it('a refund of an order that spent no points returns nothing and writes no ledger row', async () => {
    const s = await t.shopperToken();
    await credit(s.id, 10);
    const orderId = newId();
    await emit('order.refunded', {
      ...ref(s.id, orderId),
      refundId: newId(),
      amount: 500,
      lines: [{ orderLineId: newId(), quantity: 1, amount: 500 }],
      full: true,
    });
    await emit('order.cancelled', { ...ref(s.id, newId()), reason: 'shopper' });
    await drainPointsOutbox(t);
    expect(await ledger(s.id)).toEqual([['adjust', 10]]);
  });

  it('returns a line refunded 1 unit at a time whose points do not divide evenly (1 point over 3 units)', async () => {
    const s = await t.shopperToken();
    await credit(s.id, 1);
    const orderId = newId();
    const line = newId();
    await spend(s.id, orderId, [{ orderLineId: line, quantity: 3, points: 1 }]);
    for (let i = 0; i < 3; i++) {
      await emit('order.refunded', {
        ...ref(s.id, orderId),
        refundId: newId(),
        amount: 10,
        lines: [{ orderLineId: line, quantity: 1, amount: 10 }],
        full: i === 2,
      });
    }
    await drainPointsOutbox(t);
    expect(await ledger(s.id)).toEqual([
      ['adjust', 1],
      ['spend', -1],
      ['return_refund', 1],
    ]);
    expect(await spentLines(orderId)).toEqual([
      { orderLineId: line, quantity: 3, points: 1, returnedUnits: 3, returnedPoints: 1 },
    ]);
  });
});

describe('earning on receipt and clawbacks', () => {
  it('earns ⌊¥ paid × 1⌋ on receipt, once per order, on goods paid', async () => {
    const s = await t.shopperToken();
    const order = await paidVirtualOrder(s);
    await drainPointsOutbox(t);
    expect(await balance(s.id)).toBe(123);
    expect(await earning(order.id)).toEqual({ base: 12_345, earned: 123, refunded: 0, clawed: 0 });
    const [row] = (await t.http.get('/api/shop/points/ledger').set(auth(s.token)).expect(200)).body.data;
    expect(row).toMatchObject({
      delta: 123,
      balanceAfter: 123,
      reason: 'earn',
      refType: 'order',
      refId: order.id,
    });

    // a second order.received for the same order
    await emit('order.received', {
      ...ref(s.id, order.id),
      kind: 'virtual',
      receivedAt: new Date().toISOString(),
    });
    await drainPointsOutbox(t);
    expect(await balance(s.id)).toBe(123);
    expect(await ledger(s.id)).toEqual([['earn', 123]]);
  });

  it('earns at the configured rate, and nothing while points are switched off', async () => {
    await t.http
      .patch('/api/admin/points/settings')
      .set(auth(tokens.owner))
      .send({ earnPerYuan: 2 })
      .expect(200);
    const s = await t.shopperToken();
    await paidVirtualOrder(s);
    await drainPointsOutbox(t);
    expect(await balance(s.id)).toBe(246);

    await t.http
      .patch('/api/admin/points/settings')
      .set(auth(tokens.owner))
      .send({ enabled: false, earnPerYuan: 1 })
      .expect(200);
    const off = await paidVirtualOrder(s);
    await drainPointsOutbox(t);
    expect(await balance(s.id)).toBe(246);
    expect(await earning(off.id)).toMatchObject({ earned: 0 });
    await t.http
      .patch('/api/admin/points/settings')
      .set(auth(tokens.owner))
      .send({ enabled: true })
      .expect(200);
  });

  it('claws back the refunded share after receipt, down below 0 if the points were spent', async () => {
    const s = await t.shopperToken();
    const order = await paidVirtualOrder(s);
    await drainPointsOutbox(t);
    expect(await balance(s.id)).toBe(123);
    // the shopper spends 100 of them on another order
    await spend(s.id, newId(), [{ orderLineId: newId(), quantity: 1, points: 100 }]);
    expect(await balance(s.id)).toBe(23);

    await refund(s, order.id, order.lines[0].id, 1);
    await drainPointsOutbox(t);
    // ⌊123 × 4115 / 12345⌋ = 41
    expect(await earning(order.id)).toEqual({ base: 12_345, earned: 123, refunded: 4115, clawed: 41 });
    expect(await balance(s.id)).toBe(-18);

    await refund(s, order.id, order.lines[0].id, 2);
    await drainPointsOutbox(t);
    expect(await earning(order.id)).toEqual({ base: 12_345, earned: 123, refunded: 12_345, clawed: 123 });
    expect(await balance(s.id)).toBe(-100);
    expect(await ledger(s.id)).toEqual([
      ['earn', 123],
      ['spend', -100],
      ['clawback', -41],
      ['clawback', -82],
    ]);

    // both refund events delivered again
    const [first, second] = await t.platform.sequelize.query<{ payload: string }>(
      "SELECT payload FROM outbox_events WHERE name = 'order.refunded' AND aggregate_id = :agg ORDER BY id",
      { replacements: { agg: `order:${order.id}` }, type: QueryTypes.SELECT },
    );
    await emit('order.refunded', JSON.parse(first.payload));
    await emit('order.refunded', JSON.parse(second.payload));
    await drainPointsOutbox(t);
    expect(await balance(s.id)).toBe(-100);
    expect(await ledger(s.id)).toHaveLength(4);
    // a negative balance cannot be spent
    await expect(
      spend(s.id, newId(), [{ orderLineId: newId(), quantity: 1, points: 1 }]),
    ).rejects.toMatchObject({
      code: 'POINTS_INSUFFICIENT',
    });
  });

  it('gives the same result when a refund is delivered before the receipt it followed', async () => {
    const s = await t.shopperToken();
    const order = await paidVirtualOrder(s);
    await refund(s, order.id, order.lines[0].id, 1);
    // deliver the refund to its handler first, by hand, as a dispatcher that picked it up early would
    const [row] = await t.platform.sequelize.query<{ id: number; payload: string; created_at: unknown }>(
      "SELECT id, payload, created_at FROM outbox_events WHERE name = 'order.refunded' AND aggregate_id = :agg",
      { replacements: { agg: `order:${order.id}` }, type: QueryTypes.SELECT },
    );
    const handler = t.modules
      .find((m) => m.name === 'points')!
      .eventHandlers!.find((h) => h.name === 'points.onRefund')!;
    await withTransaction(t.platform.sequelize, (tx) =>
      handler.handle(
        {
          id: Number(row.id),
          name: 'order.refunded',
          payload: JSON.parse(row.payload),
          createdAt: new Date(),
        },
        tx,
      ),
    );
    expect(await balance(s.id)).toBe(0);
    expect(await earning(order.id)).toBeNull();

    // now the receipt (and the refund again, through the dispatcher)
    await drainPointsOutbox(t);
    expect(await earning(order.id)).toEqual({ base: 12_345, earned: 123, refunded: 4115, clawed: 41 });
    expect(await balance(s.id)).toBe(82);
    expect(await ledger(s.id)).toEqual([
      ['earn', 123],
      ['clawback', -41],
    ]);
  });
});

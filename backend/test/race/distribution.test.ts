/**
 * Distribution under contention on MariaDB + Redis.
 *
 * Chaos: 300 orders across a two-level team (with a third level below that must never earn). Every order is
 * a real order made by the order service (`placeOrder`: real rows, lines, allocations and its real
 * `order.placed`). 40 of them are paid in the sandbox and refunded through real after-sales; for the other 260
 * the later events (paid, received, partial refunds, completed) are synthesized from their real rows, as the
 * order module would emit them — because paying and refunding 300 orders through HTTP takes minutes. Every
 * synthesized event is emitted once or twice and all are shuffled across orders (refunds before payments
 * included), then delivered by two dispatchers at once; the thaw runs; more partial refunds follow (after the
 * thaw: negative adjustments), shuffled and duplicated again. The result is compared entry by entry and
 * balance by balance with an independent model, and the invariant is checked.
 *
 * Also: 20 concurrent withdrawals against a balance that allows 3; bindings racing into a cycle; a transfer's
 * result applied by many callers at once.
 */
import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import { withTransaction } from '../../src/platform/db/tx';
import type { EventName, EventPayload } from '../../src/platform/events/catalog';
import { OutboxDispatcher } from '../../src/platform/outbox/dispatcher';
import type { OrderService } from '../../src/modules/order';
import { unitPrefix } from '../../src/modules/order/amounts';
import { lineCommissions, type RateRow } from '../../src/modules/distribution/rules';
import {
  auth,
  balanceOf,
  bind,
  buy,
  call,
  dist,
  expectInvariant,
  newDistributor,
  refund,
  rows,
  setSettings,
  startQueues,
  virtualProduct,
} from '../api/distribution-support';

let t: TestApp;
jest.setTimeout(600_000);

type Who = { token: string; id: number };

function emit<N extends EventName>(name: N, payload: EventPayload<N>) {
  return withTransaction(t.platform.sequelize, (tx) => t.platform.outbox.emit(tx, name, payload));
}

/** Two dispatchers with small batches, running at once until nothing is left. */
async function dispatchConcurrently(n = 2) {
  const handlers = t.modules.find((m) => m.name === 'distribution')!.eventHandlers!;
  const dispatchers = Array.from(
    { length: n },
    (_, i) =>
      new OutboxDispatcher({
        sequelize: t.platform.sequelize,
        handlers,
        logger: t.platform.logger,
        clock: t.platform.clock,
        batchSize: 5,
        workerId: `distribution-race-${i}`,
      }),
  );
  await Promise.all(
    dispatchers.map(async (d) => {
      for (let idle = 0; idle < 3;) idle = (await d.runOnce()) === 0 ? idle + 1 : 0;
    }),
  );
  const [left] = await rows<{ n: number; err: string | null }>(
    t,
    'SELECT COUNT(*) AS n, MAX(last_error) AS err FROM outbox_events WHERE dispatched_at IS NULL',
  );
  expect({ undelivered: Number(left.n), error: left.err }).toEqual({ undelivered: 0, error: null });
}

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  t = await startTestApp();
  await startQueues(t);
  await setSettings(t, {
    enabled: true,
    applyMode: 'approval',
    bindLock: 'permanent',
    level1Bps: 1000,
    level2Bps: 500,
    selfPurchase: false,
    thawMode: 'days',
    thawDays: 7,
    withdrawDailyCount: 100,
    withdrawDailyAmount: 10_000_000,
    withdrawMaxPerRequest: 100_000,
    withdrawMin: 100,
  });
});
afterAll(() => t.close());
afterEach(() => expectInvariant(t));

it('chaos: 300 orders, partial refunds before and after the thaw, duplicated and reordered events, two dispatchers', async () => {
  const rand = random(Number(process.env.CHAOS_SEED ?? 20261126));
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const operator = await t.adminToken('operator');
  const orders = (t.modules.find((m) => m.name === 'order') as unknown as { service: OrderService }).service;

  // the team: A ← B1 ← C (third level below A), A ← B2 (on a 15% level), direct buyers of A
  const A = await newDistributor(t);
  const B1 = await newDistributor(t);
  const B2 = await newDistributor(t);
  const C = await newDistributor(t);
  await bind(t, A, B1);
  await bind(t, A, B2);
  await bind(t, B1, C);
  const gold = await call(
    t,
    operator,
    'post',
    '/api/admin/distribution/levels',
    { name: '十五', grade: 15, level1Bps: 1500 },
    201,
  );
  await call(t, operator, 'put', `/api/admin/distribution/distributors/${B2.id}/level`, { levelId: gold.id });
  const buyers: { who: Who; positions: (Who | null)[] }[] = [];
  const under = async (parent: Who, positions: (Who | null)[], n: number) => {
    for (let i = 0; i < n; i++) {
      const who = await t.shopperToken();
      await bind(t, parent, who);
      buyers.push({ who, positions });
    }
  };
  await under(B1, [B1, A], 3);
  await under(B2, [B2, A], 3);
  await under(C, [C, B1], 3);
  await under(A, [A, null], 2);

  // products: ordinary prices, and a cheap one with a fixed per-unit product rate
  const p1 = await virtualProduct(t, [3333, 1999], '混沌课一');
  const p2 = await virtualProduct(t, [77], '混沌课二');
  await call(t, operator, 'put', '/api/admin/distribution/product-rates', {
    productId: p2.productId,
    level1: { mode: 'fixed', value: 30 },
    level2: { mode: 'fixed', value: 10 },
  });
  const skuPool = [p1.skuIds[0], p1.skuIds[1], p2.skuIds[0]];
  const rateOf = (skuId: number, level: 0 | 1, who: Who): RateRow => {
    if (skuId === p2.skuIds[0]) return { mode: 'fixed', value: level === 0 ? 30 : 10 };
    if (level === 0 && who.id === B2.id) return { mode: 'ratio', value: 1500 };
    return { mode: 'ratio', value: level === 0 ? 1000 : 500 };
  };

  interface Line {
    id: number;
    quantity: number;
    payAmount: number;
    skuId: number;
    before: number;
    after: number;
  }
  interface Model {
    orderId: number;
    orderNo: string;
    buyer: (typeof buyers)[number];
    lines: Line[];
    real: boolean;
  }
  const model: Model[] = [];

  // 300 real orders from the order service
  for (let i = 0; i < 300; i++) {
    const buyer = pick(buyers);
    const items = [...new Set([pick(skuPool), pick(skuPool)])].map((skuId) => ({
      skuId,
      quantity: 1 + Math.floor(rand() * 4),
    }));
    const real = i < 40;
    let orderId: number;
    if (real) {
      orderId = (await buy(t, buyer.who, items)).id;
    } else {
      orderId = (
        await orders.placeOrder(
          buyer.who.id,
          `chaos-${crypto.randomUUID()}`,
          { items, couponIds: [] },
          { ip: '10.9.9.9' },
        )
      ).orderId;
    }
    const detail = await orders.getOrder(orderId);
    model.push({
      orderId,
      orderNo: detail.orderNo,
      buyer,
      real,
      lines: detail.lines.map((l) => ({
        id: l.id,
        quantity: l.quantity,
        payAmount: l.payAmount,
        skuId: l.skuId,
        before: 0,
        after: 0,
      })),
    });
  }

  // phase 1: synthesized paid / received / refunds (some before the payment), duplicated and shuffled
  const ref = (m: Model) => ({
    orderId: m.orderId,
    orderNo: m.orderNo,
    shopperId: m.buyer.who.id,
    kind: 'virtual',
  });
  let refundId = 50_000_000;
  const refundEvent = (m: Model, line: Line, from: number, n: number) => ({
    ...ref(m),
    refundId: ++refundId,
    amount:
      unitPrefix(line.payAmount, line.quantity, from + n) - unitPrefix(line.payAmount, line.quantity, from),
    lines: [
      {
        orderLineId: line.id,
        quantity: n,
        amount:
          unitPrefix(line.payAmount, line.quantity, from + n) -
          unitPrefix(line.payAmount, line.quantity, from),
      },
    ],
    full: false,
  });
  type Pending = { name: EventName; payload: object };
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const phase1: Pending[] = [];
  for (const m of model.filter((x) => !x.real)) {
    const now = new Date().toISOString();
    phase1.push({
      name: 'order.paid',
      payload: { ...ref(m), payAmount: m.lines.reduce((a, l) => a + l.payAmount, 0), paidAt: now },
    });
    phase1.push({ name: 'order.received', payload: { ...ref(m), receivedAt: now } });
    for (const line of m.lines) {
      if (rand() < 0.35) {
        const n = 1 + Math.floor(rand() * line.quantity);
        phase1.push({ name: 'order.refunded', payload: refundEvent(m, line, 0, n) });
        line.before = n;
      }
    }
  }
  const copies = shuffle(phase1.flatMap((e) => (rand() < 0.5 ? [e, e] : [e])));
  for (const e of copies) await emit(e.name, e.payload as EventPayload<typeof e.name>);
  // real refunds of some real orders, before the thaw
  for (const m of model.filter((x) => x.real).slice(0, 12)) {
    const line = m.lines[0];
    const n = 1 + Math.floor(rand() * line.quantity);
    await refund(t, m.buyer.who, m.orderId, line.id, n);
    line.before = n;
  }
  await dispatchConcurrently(2);
  await expectInvariant(t);

  // the thaw, twice at once
  const at = new Date(Date.now() + 8 * 86_400_000);
  await Promise.all([dist(t).commissions.thawDue(at), dist(t).commissions.thawDue(at)]);

  // phase 2: refunds after the thaw (negative adjustments), duplicated and shuffled, plus real ones
  const phase2: Pending[] = [];
  for (const m of model.filter((x) => !x.real)) {
    for (const line of m.lines) {
      const left = line.quantity - line.before;
      if (left > 0 && rand() < 0.3) {
        const n = 1 + Math.floor(rand() * left);
        phase2.push({ name: 'order.refunded', payload: refundEvent(m, line, line.before, n) });
        line.after = n;
      }
    }
    if (rand() < 0.5) phase2.push({ name: 'order.completed', payload: ref(m) });
  }
  for (const e of shuffle(phase2.flatMap((e) => (rand() < 0.5 ? [e, e, e] : [e])))) {
    await emit(e.name, e.payload as EventPayload<typeof e.name>);
  }
  for (const m of model.filter((x) => x.real).slice(8, 20)) {
    const line = m.lines[m.lines.length - 1];
    const left = line.quantity - line.before - line.after;
    if (left <= 0) continue;
    await refund(t, m.buyer.who, m.orderId, line.id, 1);
    line.after += 1;
  }
  await dispatchConcurrently(2);
  await Promise.all([dist(t).commissions.thawDue(at), dist(t).commissions.thawDue(at)]);

  // the model: every line's entries at the snapshotted rates, what was taken back, the balances
  const expectedBalance = new Map<number, number>();
  const expectedEntries: string[] = [];
  for (const m of model) {
    for (const line of m.lines) {
      const positions = m.buyer.positions;
      const rates = positions.map((p, i) =>
        p ? rateOf(line.skuId, i as 0 | 1, p) : { mode: 'none' as const, value: 0 },
      );
      const amounts = lineCommissions(line.payAmount, line.quantity, rates);
      positions.forEach((p, i) => {
        if (!p || amounts[i] <= 0) return;
        const amount = amounts[i];
        const q = line.quantity;
        const invalidBefore = unitPrefix(amount, q, line.before);
        const allGone = line.before === q;
        const status = allGone ? 'invalid' : 'available';
        const credited = allGone ? 0 : amount - invalidBefore;
        const clawed = allGone ? 0 : unitPrefix(amount, q, line.before + line.after) - invalidBefore;
        expectedEntries.push(
          [
            line.id,
            i + 1,
            p.id,
            amount,
            status,
            line.before + line.after,
            invalidBefore,
            clawed,
            credited,
          ].join(':'),
        );
        expectedBalance.set(p.id, (expectedBalance.get(p.id) ?? 0) + credited - clawed);
      });
    }
  }
  const actual = await rows<Record<string, number | string>>(
    t,
    `SELECT order_line_id, level, beneficiary_id, amount, status, refunded_units, invalid_amount, clawed_amount, credited_amount
       FROM distribution_commissions WHERE order_id IN (:ids)`,
    { ids: model.map((m) => m.orderId) },
  );
  const actualEntries = actual.map((r) =>
    [
      r.order_line_id,
      r.level,
      r.beneficiary_id,
      r.amount,
      r.status,
      r.refunded_units,
      r.invalid_amount,
      r.clawed_amount,
      r.credited_amount,
    ]
      .map((v) => (typeof v === 'string' && !/^\d+$/.test(v) ? v : Number(v)))
      .join(':'),
  );
  expect(actualEntries.sort()).toEqual(expectedEntries.sort());
  expect(actualEntries.length).toBeGreaterThan(500);
  for (const who of [A, B1, B2, C])
    expect({ who: who.id, balance: await balanceOf(t, who.id) }).toEqual({
      who: who.id,
      balance: expectedBalance.get(who.id) ?? 0,
    });
  // the third level never earns: A has nothing from C's buyers
  const third = await rows(
    t,
    'SELECT c.id FROM distribution_commissions c WHERE c.beneficiary_id = :a AND c.buyer_id IN (:cs)',
    {
      a: A.id,
      cs: buyers.filter((b) => b.positions[0]?.id === C.id).map((b) => b.who.id),
    },
  );
  expect(third).toEqual([]);
  // some balance went below 0 or not: either way the clawbacks are there
  const claws = await rows(t, "SELECT id FROM distribution_ledger WHERE reason = 'clawback'");
  expect(claws.length).toBeGreaterThan(10);
  // the scenario did what it says: duplicates, refunds delivered in every order, entries in every end state
  expect(copies.length).toBeGreaterThan(phase1.length);
  const states = new Set(actual.map((r) => r.status));
  expect(states).toEqual(new Set(['available', 'invalid']));
  expect(actual.some((r) => Number(r.invalid_amount) > 0 && Number(r.clawed_amount) > 0)).toBe(true);
});

it('20 concurrent withdrawals against a balance that allows 3: exactly 3', async () => {
  const d = await newDistributor(t);
  await call(
    t,
    await t.adminToken('finance'),
    'post',
    `/api/admin/distribution/distributors/${d.id}/adjustments`,
    { delta: 3500, reason: '并发' },
    201,
  );
  const results = await Promise.all(
    Array.from({ length: 20 }, () =>
      t.http.post('/api/shop/distribution/withdrawals').set(auth(t, d.token)).send({ amount: 1000 }),
    ),
  );
  const won = results.filter((r) => r.status === 201);
  const lost = results.filter((r) => r.status !== 201);
  expect(won).toHaveLength(3);
  expect(new Set(lost.map((r) => `${r.status} ${r.body.error?.code}`))).toEqual(
    new Set(['422 WITHDRAWAL_INSUFFICIENT_BALANCE']),
  );
  expect(await balanceOf(t, d.id)).toBe(500);
  const ws = await rows(t, 'SELECT id FROM distribution_withdrawals WHERE distributor_id = :id', {
    id: d.id,
  });
  expect(ws).toHaveLength(3);
});

it('credits, clawbacks, withdrawals and manual adjustments of one distributor interleaved: balance = Σ ledger', async () => {
  const orders = (t.modules.find((m) => m.name === 'order') as unknown as { service: OrderService }).service;
  const finance = await t.adminToken('finance');
  const d = await newDistributor(t);
  const buyer = await t.shopperToken();
  await bind(t, d, buyer);
  const { skuIds } = await virtualProduct(t, [2000], '交错课');
  const placed: { orderId: number; orderNo: string; lineId: number; payAmount: number }[] = [];
  for (let i = 0; i < 24; i++) {
    const { orderId } = await orders.placeOrder(
      buyer.id,
      `mix-${crypto.randomUUID()}`,
      { items: [{ skuId: skuIds[0], quantity: 2 }], couponIds: [] },
      { ip: '10.8.8.8' },
    );
    const o = await orders.getOrder(orderId);
    placed.push({ orderId, orderNo: o.orderNo, lineId: o.lines[0].id, payAmount: o.lines[0].payAmount });
  }
  const ref = (p: (typeof placed)[number]) => ({
    orderId: p.orderId,
    orderNo: p.orderNo,
    shopperId: buyer.id,
    kind: 'virtual',
  });
  for (const p of placed) {
    await emit('order.paid', { ...ref(p), payAmount: p.payAmount, paidAt: new Date().toISOString() });
    await emit('order.received', { ...ref(p), receivedAt: new Date().toISOString() });
  }
  await dispatchConcurrently(2);
  await call(
    t,
    finance,
    'post',
    `/api/admin/distribution/distributors/${d.id}/adjustments`,
    { delta: 3000, reason: '交错' },
    201,
  );
  // the thaw of the first half, refunds of the second half after its thaw, withdrawals and adjustments, all at once
  const at = new Date(Date.now() + 8 * 86_400_000);
  let refundId = 70_000_000;
  for (const p of placed.slice(12)) {
    await emit('order.refunded', {
      ...ref(p),
      refundId: ++refundId,
      amount: 1000,
      lines: [{ orderLineId: p.lineId, quantity: 1, amount: 1000 }],
      full: false,
    });
  }
  await Promise.all([
    dist(t).commissions.thawDue(at),
    dist(t).commissions.thawDue(at),
    dispatchConcurrently(3),
    ...Array.from({ length: 12 }, () =>
      t.http.post('/api/shop/distribution/withdrawals').set(auth(t, d.token)).send({ amount: 300 }),
    ),
    ...Array.from({ length: 4 }, (_, i) =>
      t.http
        .post(`/api/admin/distribution/distributors/${d.id}/adjustments`)
        .set(auth(t, finance))
        .send({ delta: i % 2 ? 100 : -100, reason: '交错' }),
    ),
  ]);
  await dispatchConcurrently(2);
  await dist(t).commissions.thawDue(at);
  const ledger = await rows<{ reason: string }>(
    t,
    'SELECT reason FROM distribution_ledger WHERE distributor_id = :id',
    { id: d.id },
  );
  const reasons = new Set(ledger.map((l) => l.reason));
  for (const r of ['commission', 'withdraw', 'adjust']) expect(reasons.has(r)).toBe(true);
  // 24 orders × 2 units × ¥20 × 10% = 24 × 400; refunds of one unit of 12 orders take back 12 × 200
  const [sum] = await rows<{ credited: number; clawed: number; invalid: number }>(
    t,
    'SELECT SUM(credited_amount) AS credited, SUM(clawed_amount) AS clawed, SUM(invalid_amount) AS invalid FROM distribution_commissions WHERE beneficiary_id = :id',
    { id: d.id },
  );
  expect(Number(sum.clawed) + Number(sum.invalid)).toBe(12 * 200);
  expect(Number(sum.credited) - Number(sum.clawed)).toBe(24 * 400 - 12 * 200);
});

it('bindings racing into a cycle: never a cycle, the losers refused with DISTRIBUTION_BINDING_CYCLE', async () => {
  for (let round = 0; round < 8; round++) {
    const x = await newDistributor(t);
    const y = await newDistributor(t);
    const z = await newDistributor(t);
    const scene = async (who: Who) =>
      (await call(t, who.token, 'post', '/api/shop/share-scenes', { kind: 'home', id: 'shop' }))
        .code as string;
    const [sx, sy, sz] = [await scene(x), await scene(y), await scene(z)];
    const open = (visitor: Who, code: string) =>
      t.http.post(`/api/shop/share-scenes/${code}/open`).set(auth(t, visitor.token));
    // round even: a 3-cycle y→x, z→y, x→z; odd: a 2-cycle x→y and y→x, twice each
    const attempts =
      round % 2 === 0
        ? [open(y, sx), open(z, sy), open(x, sz)]
        : [open(x, sy), open(y, sx), open(x, sy), open(y, sx)];
    const outcomes = (await Promise.all(attempts)).map((r) => r.body.data.binding);
    const bound = outcomes.filter((o) => o.status === 'bound');
    expect(bound.length).toBe(round % 2 === 0 ? 2 : 1);
    for (const o of outcomes.filter((o) => o.status !== 'bound' && o.status !== 'unchanged')) {
      expect(o.code).toBe('DISTRIBUTION_BINDING_CYCLE');
    }
    // walk every relation up: nobody reaches themselves
    const rels = await rows<{ shopper_id: number; parent_id: number | null }>(
      t,
      'SELECT shopper_id, parent_id FROM distribution_relations',
    );
    const parent = new Map(
      rels.map((r) => [Number(r.shopper_id), r.parent_id === null ? null : Number(r.parent_id)]),
    );
    for (const start of [x.id, y.id, z.id]) {
      const seen = new Set<number>();
      let at: number | null | undefined = start;
      while (at !== null && at !== undefined) {
        expect(seen.has(at)).toBe(false);
        seen.add(at);
        at = parent.get(at);
      }
    }
  }
});

it('a transfer result applied by many callers at once returns the money once', async () => {
  const finance = await t.adminToken('finance');
  const d = await newDistributor(t);
  await call(
    t,
    finance,
    'post',
    `/api/admin/distribution/distributors/${d.id}/adjustments`,
    { delta: 5000, reason: '并发' },
    201,
  );
  const w = await call(t, d.token, 'post', '/api/shop/distribution/withdrawals', { amount: 2000 }, 201);
  await call(t, finance, 'post', `/api/admin/distribution/withdrawals/${w.id}/approve`);
  await dist(t).withdrawals.transfer(w.id);
  const sandbox = dist(t).sandbox!;
  const bill = await sandbox.finish(w.withdrawalNo, 'FAIL', 'PAYEE_ACCOUNT_ABNORMAL');
  await Promise.all([
    ...Array.from({ length: 10 }, () => dist(t).withdrawals.applyBillNow(w.id, bill)),
    ...Array.from({ length: 5 }, () => dist(t).withdrawals.sync(w.id)),
    dist(t).withdrawals.sweep(new Date(Date.now() + 2 * 86_400_000)),
  ]);
  expect(await balanceOf(t, d.id)).toBe(5000);
  const returns = await rows(
    t,
    "SELECT id FROM distribution_ledger WHERE reason = 'withdraw_return' AND ref_id = :id",
    { id: w.id },
  );
  expect(returns).toHaveLength(1);
  const [row] = await t.platform.sequelize.query<{ status: string }>(
    'SELECT status FROM distribution_withdrawals WHERE id = :id',
    {
      replacements: { id: w.id },
      type: QueryTypes.SELECT,
    },
  );
  expect(row.status).toBe('failed');
});

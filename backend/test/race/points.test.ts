/**
 * Points under contention on MariaDB: concurrent spends against one balance, copies of one event handled
 * by several dispatchers at once, and credits, spends and returns of one shopper interleaved. After each,
 * balance = Σ ledger and every balance_after is the running sum.
 */
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import { expectLedgerInvariant } from '../support/points';
import { withTransaction } from '../../src/platform/db/tx';
import { OutboxDispatcher } from '../../src/platform/outbox/dispatcher';
import type { EventName, EventPayload } from '../../src/platform/events/catalog';
import type { PointsService } from '../../src/modules/points';

let t: TestApp;
let owner: string;

const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });
const points = () =>
  (t.modules.find((m) => m.name === 'points') as unknown as { service: PointsService }).service;

let nextId = 500_000;
const newId = () => ++nextId;

const credit = (shopperId: number, delta: number) =>
  t.http
    .post(`/api/admin/points/shoppers/${shopperId}/adjustments`)
    .set(auth(owner))
    .send({ delta, reason: '并发测试' });

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
  orderNo: `R${orderId}`,
  shopperId,
  kind: 'physical',
});

/** `n` dispatchers, one event per claim, each running until nothing is left: copies land on different ones. */
async function dispatchConcurrently(n: number) {
  const handlers = t.modules.find((m) => m.name === 'points')!.eventHandlers!;
  const dispatchers = Array.from(
    { length: n },
    (_, i) =>
      new OutboxDispatcher({
        sequelize: t.platform.sequelize,
        handlers,
        logger: t.platform.logger,
        clock: t.platform.clock,
        batchSize: 1,
        workerId: `points-race-${i}`,
      }),
  );
  await Promise.all(
    dispatchers.map(async (d) => {
      for (let idle = 0; idle < 3;) idle = (await d.runOnce()) === 0 ? idle + 1 : 0;
    }),
  );
  const [left] = await t.platform.sequelize.query<{ n: number; err: string | null }>(
    'SELECT COUNT(*) AS n, MAX(last_error) AS err FROM outbox_events WHERE dispatched_at IS NULL',
    { type: QueryTypes.SELECT },
  );
  expect({ undelivered: Number(left.n), error: left.err }).toEqual({ undelivered: 0, error: null });
}

async function ledgerOf(shopperId: number) {
  const rows = await t.platform.sequelize.query<{ reason: string; delta: number }>(
    'SELECT reason, delta FROM points_ledger WHERE shopper_id = :shopperId ORDER BY id',
    { replacements: { shopperId }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => [r.reason, Number(r.delta)] as [string, number]);
}

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.adminToken('owner');
});
afterAll(() => t.close());
afterEach(() => expectLedgerInvariant(t.platform.sequelize));

it('30 concurrent spends of 100 points against 250: exactly 2 succeed and 50 are left', async () => {
  const s = await t.shopperToken();
  await credit(s.id, 250).expect(201);
  const orders = Array.from({ length: 30 }, () => ({ orderId: newId(), lineId: newId() }));
  const results = await Promise.allSettled(
    orders.map((o) => spend(s.id, o.orderId, [{ orderLineId: o.lineId, quantity: 1, points: 100 }])),
  );
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(won).toHaveLength(2);
  expect(new Set(lost.map((r) => (r.reason as { code?: string }).code))).toEqual(
    new Set(['POINTS_INSUFFICIENT']),
  );
  expect(await points().balance(s.id)).toBe(50);
  expect(await ledgerOf(s.id)).toEqual([
    ['adjust', 250],
    ['spend', -100],
    ['spend', -100],
  ]);
  const [lines] = await t.platform.sequelize.query<{ n: number }>(
    'SELECT COUNT(*) AS n FROM points_order_lines WHERE shopper_id = :id',
    { replacements: { id: s.id }, type: QueryTypes.SELECT },
  );
  expect(Number(lines.n)).toBe(2);
});

it('copies of one refund and one cancel, handled by 6 dispatchers at once, return the points once', async () => {
  const s = await t.shopperToken();
  await credit(s.id, 1000).expect(201);
  const refunded = { orderId: newId(), line: newId() };
  const cancelled = { orderId: newId(), line: newId() };
  await spend(s.id, refunded.orderId, [{ orderLineId: refunded.line, quantity: 3, points: 100 }]);
  await spend(s.id, cancelled.orderId, [{ orderLineId: cancelled.line, quantity: 2, points: 300 }]);
  const [r1, r2] = [newId(), newId()];
  for (let copy = 0; copy < 8; copy++) {
    for (const refundId of [r1, r2]) {
      await emit('order.refunded', {
        ...ref(s.id, refunded.orderId),
        refundId,
        amount: 500,
        lines: [{ orderLineId: refunded.line, quantity: 1, amount: 500 }],
        full: false,
      });
    }
    await emit('order.cancelled', { ...ref(s.id, cancelled.orderId), reason: 'timeout' });
  }
  await dispatchConcurrently(6);
  const ledger = await ledgerOf(s.id);
  expect(ledger.slice(0, 3)).toEqual([
    ['adjust', 1000],
    ['spend', -100],
    ['spend', -300],
  ]);
  // the two refunds return 34 and 33 (in whichever order they won), the cancel 300
  expect(ledger.slice(3).sort((a, b) => b[1] - a[1])).toEqual([
    ['return_cancel', 300],
    ['return_refund', 34],
    ['return_refund', 33],
  ]);
  expect(await points().balance(s.id)).toBe(1000 - 400 + 300 + 67);
});

it('credits, spends and refunds of one shopper interleaved keep balance = Σ ledger', async () => {
  const s = await t.shopperToken();
  await credit(s.id, 100).expect(201);
  const spends = Array.from({ length: 20 }, () => ({ orderId: newId(), line: newId() }));
  const [spent, credits] = await Promise.all([
    Promise.allSettled(
      spends.map((o) => spend(s.id, o.orderId, [{ orderLineId: o.line, quantity: 2, points: 25 }])),
    ),
    Promise.all(Array.from({ length: 20 }, () => credit(s.id, 10))),
  ]);
  expect(credits.map((r) => r.status)).toEqual(Array(20).fill(201));
  const paid = spends.filter((_, i) => spent[i].status === 'fulfilled');
  expect(paid.length).toBeGreaterThanOrEqual(4);
  // refund one unit of every paid order twice over, and cancel them too, all at once
  for (const o of paid) {
    const refundId = newId();
    for (let copy = 0; copy < 2; copy++) {
      await emit('order.refunded', {
        ...ref(s.id, o.orderId),
        refundId,
        amount: 100,
        lines: [{ orderLineId: o.line, quantity: 1, amount: 100 }],
        full: false,
      });
    }
    await emit('order.cancelled', { ...ref(s.id, o.orderId), reason: 'merchant' });
  }
  await dispatchConcurrently(4);
  // every spend came back whole: 13 with the refund and 12 with the cancel, or 25 with the cancel
  expect(await points().balance(s.id)).toBe(100 + 20 * 10);
  const ledger = await ledgerOf(s.id);
  const returned = ledger.filter(([r]) => r.startsWith('return_')).reduce((a, [, d]) => a + d, 0);
  expect(returned).toBe(25 * paid.length);
});

/**
 * Duplicate and out-of-order notifications, racing syncs and racing refunds, on MariaDB: every transition
 * happens once, whatever arrives how often and in which order.
 */
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import type { paymentModule } from '../../src/modules/payment';
import type { SandboxProvider } from '../../src/modules/payment/providers/sandbox';

type PaymentModule = ReturnType<typeof paymentModule>;

let t: TestApp;
let pay: PaymentModule;
let sandbox: SandboxProvider;
let onPaidCalls = 0;
let onRefundedCalls = 0;
let nextOrderId = 9000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const count = async (sql: string, replacements: Record<string, unknown>) =>
  Number(
    (await t.platform.sequelize.query<{ n: number }>(sql, { replacements, type: QueryTypes.SELECT }))[0].n,
  );
const eventsOf = (name: string, paymentId: number) =>
  count('SELECT COUNT(*) AS n FROM outbox_events WHERE name = :name AND aggregate_id = :agg', {
    name,
    agg: `payment:${paymentId}`,
  });
const row = async (paymentId: number) =>
  (
    await t.platform.sequelize.query<{
      status: string;
      out_trade_no: string;
      refunded_amount: number;
      refund_reserved: number;
    }>('SELECT * FROM payments WHERE id = :id', { replacements: { id: paymentId }, type: QueryTypes.SELECT })
  )[0];

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const notify = (n: { headers: Record<string, string>; body: string }) =>
  t.http
    .post('/api/pay/notify/wechatpay')
    .set(n.headers)
    .set('Content-Type', 'application/json')
    .send(n.body);

const deliver = (n: { headers: Record<string, string>; body: string }) =>
  pay.internals.handleNotification(n.headers, n.body);

async function openPayment(amount: number) {
  const orderId = nextOrderId++;
  const created = await pay.service.createPayment({
    orderId,
    orderNo: `R${orderId}`,
    amount,
    payerOpenid: 'o-race',
    description: '并发测试',
    expiresAt: new Date(Date.now() + 30 * 60_000),
  });
  const { out_trade_no: outTradeNo } = await row(created.paymentId);
  return { orderId, paymentId: created.paymentId, outTradeNo };
}

beforeAll(async () => {
  t = await startTestApp();
  pay = t.modules.find((m) => m.name === 'payment') as PaymentModule;
  sandbox = pay.internals.provider as SandboxProvider;
  pay.service.onPaid(async () => {
    onPaidCalls++;
    await sleep(30); // hold the transaction open: the other deliveries arrive meanwhile
    return 'accepted';
  });
  pay.service.onRefunded(async () => {
    onRefundedCalls++;
    await sleep(30);
  });
  // no queue consumers here: the test delivers every notification itself
});
afterAll(() => t.close());

describe('payment races on MariaDB', () => {
  it('the same notification 5 times concurrently, mixed with re-sends, out of order → one transition, one onPaid, one event', async () => {
    const p = await openPayment(1888);
    const first = await sandbox.pay(p.outTradeNo);
    const resent = await Promise.all([1, 2, 3, 4].map(() => sandbox.pay(p.outTradeNo))); // new notification ids
    const deliveries = shuffle([first, first, first, first, first, ...resent]);
    const answers = await Promise.all(deliveries.map(notify));
    expect(answers.map((a) => a.status)).toEqual(deliveries.map(() => 204));
    expect(onPaidCalls).toBe(1);
    expect(await eventsOf('payment.succeeded', p.paymentId)).toBe(1);
    expect((await row(p.paymentId)).status).toBe('paid');
    const log = await t.platform.sequelize.query<{ outcome: string; n: number }>(
      'SELECT outcome, COUNT(*) AS n FROM payment_notifications WHERE subject = :no GROUP BY outcome ORDER BY outcome',
      { replacements: { no: p.outTradeNo }, type: QueryTypes.SELECT },
    );
    expect(log.map((l) => [l.outcome, Number(l.n)])).toEqual([
      ['applied', 1],
      ['duplicate', 4],
    ]);
  });

  it('refund notifications raced with syncs of the same refund → one success, one onRefunded, one event', async () => {
    const p = await openPayment(1000);
    await deliver(await sandbox.pay(p.outTradeNo));
    onRefundedCalls = 0;
    const refund = await pay.service.refund({
      orderId: p.orderId,
      refundNo: `RR${p.orderId}`,
      amount: 600,
      reason: '并发',
    });
    expect(refund.status).toBe('pending');
    const settled = await sandbox.settleRefund(`RR${p.orderId}`);
    const resent = await Promise.all([1, 2].map(() => sandbox.settleRefund(`RR${p.orderId}`)));
    await Promise.all(
      shuffle<() => Promise<unknown>>([
        ...[settled, settled, settled, ...resent].map((n) => () => notify(n).expect(204)),
        ...[1, 2, 3].map(() => () => pay.internals.syncRefund(refund.refundId)),
      ]).map((f) => f()),
    );
    expect(onRefundedCalls).toBe(1);
    expect(await eventsOf('payment.refunded', p.paymentId)).toBe(1);
    expect(await row(p.paymentId)).toMatchObject({
      status: 'refunded_partially',
      refunded_amount: 600,
      refund_reserved: 600,
    });
  });

  it('racing refunds: one refund per refundNo, and never more than paid in total', async () => {
    const p = await openPayment(1000);
    await deliver(await sandbox.pay(p.outTradeNo));
    const refund = (refundNo: string, amount: number) =>
      pay.service.refund({ orderId: p.orderId, refundNo, amount, reason: '并发' });

    const same = await Promise.all([1, 2, 3, 4, 5].map(() => refund(`SAME${p.orderId}`, 400)));
    expect(new Set(same.map((s) => s.refundId)).size).toBe(1);
    expect(
      await count('SELECT COUNT(*) AS n FROM payment_refunds WHERE out_refund_no = :no', {
        no: `SAME${p.orderId}`,
      }),
    ).toBe(1);

    const many = await Promise.allSettled(
      [...Array(10).keys()].map((i) => refund(`MANY${p.orderId}-${i}`, 100)),
    );
    const refused = many.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(many.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual(
      Array(4).fill('REFUND_EXCEEDS_PAID'),
    );
    expect((await row(p.paymentId)).refund_reserved).toBe(1000);
    expect(
      await count('SELECT COALESCE(SUM(amount), 0) AS n FROM payment_refunds WHERE payment_id = :id', {
        id: p.paymentId,
      }),
    ).toBe(1000);
  });

  it('racing payment starts for one order open one payment', async () => {
    const orderId = nextOrderId++;
    const starts = await Promise.all(
      [...Array(8).keys()].map(() =>
        pay.service.createPayment({
          orderId,
          orderNo: `R${orderId}`,
          amount: 500,
          payerOpenid: 'o-race',
          description: '并发下单',
          expiresAt: new Date(Date.now() + 30 * 60_000),
        }),
      ),
    );
    expect(new Set(starts.map((s) => s.paymentId)).size).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM payments WHERE order_id = :orderId', { orderId })).toBe(1);
  });
});

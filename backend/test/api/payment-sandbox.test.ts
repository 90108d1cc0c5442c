import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import type { paymentModule } from '../../src/modules/payment';
import type { PaidInfo, RefundedInfo } from '../../src/modules/payment/service';
import { SandboxProvider } from '../../src/modules/payment/providers/sandbox';
import { rsaVerify } from '../../src/modules/payment/v3-crypto';
import { today } from '../../src/modules/payment/reconciliation';
import { CronRunner } from '../../src/platform/cron';

type PaymentModule = ReturnType<typeof paymentModule>;

let t: TestApp;
let pay: PaymentModule;
let sandbox: SandboxProvider;
let shopper: { token: string; id: number };
let other: { token: string; id: number };
let finance: string;
const paid: PaidInfo[] = [];
const refunded: RefundedInfo[] = [];
let answer: 'accepted' | 'rejected' = 'accepted';
let statusSeenInside: string[] = [];
let nextOrderId = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await sleep(50);
  }
}

async function rows<T extends object = Record<string, unknown>>(
  sql: string,
  replacements: Record<string, unknown> = {},
) {
  return t.platform.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
}
const count = async (sql: string, replacements: Record<string, unknown> = {}) =>
  Number((await rows<{ n: number }>(sql, replacements))[0].n);
const paymentRow = async (id: number) =>
  (
    await rows<{
      status: string;
      out_trade_no: string;
      transaction_id: string | null;
      outcome: string | null;
      refunded_amount: number;
      reject_reason: string | null;
    }>('SELECT * FROM payments WHERE id = :id', { id })
  )[0];
const events = (name: string, paymentId: number) =>
  count(`SELECT COUNT(*) AS n FROM outbox_events WHERE name = :name AND aggregate_id = :agg`, {
    name,
    agg: `payment:${paymentId}`,
  });

function newPayment(over: Partial<Parameters<PaymentModule['service']['createPayment']>[0]> = {}) {
  const orderId = nextOrderId++;
  return pay.service.createPayment({
    orderId,
    orderNo: `O${orderId}`,
    amount: 1234,
    payerOpenid: 'o-sandbox-payer',
    description: '测试商品',
    expiresAt: new Date(Date.now() + 30 * 60_000),
    shopperId: shopper.id,
    ...over,
  });
}

const confirm = (paymentId: number, token = shopper.token) =>
  t.http
    .post(`/api/shop/pay/sandbox/${paymentId}/confirm`)
    .set('X-Forwarded-For', t.nextIp())
    .set('Authorization', `Bearer ${token}`)
    .send({});

const notify = (n: { headers: Record<string, string>; body: string }) =>
  t.http
    .post('/api/pay/notify/wechatpay')
    .set(n.headers)
    .set('Content-Type', 'application/json')
    .send(n.body);

beforeAll(async () => {
  t = await startTestApp();
  pay = t.modules.find((m) => m.name === 'payment') as PaymentModule;
  sandbox = pay.internals.provider as SandboxProvider;
  pay.service.onPaid(async (tx, p) => {
    const [row] = await t.platform.sequelize.query<{ status: string }>(
      'SELECT status FROM payments WHERE id = :id',
      {
        replacements: { id: p.paymentId },
        type: QueryTypes.SELECT,
        transaction: tx,
      },
    );
    statusSeenInside.push(row.status);
    paid.push(p);
    return answer;
  });
  pay.service.onRefunded(async (_tx, r) => {
    refunded.push(r);
  });
  // the worker role: consumers of the payment queue (refund syncs, the sandbox's refund settlement)
  for (const q of pay.queues ?? [])
    await t.platform.drivers.queue.process(q.queue, q.handler, { concurrency: q.concurrency });
  shopper = await t.shopperToken();
  other = await t.shopperToken();
  finance = await t.adminToken('finance');
});
afterAll(() => t.close());
beforeEach(() => {
  answer = 'accepted';
  paid.length = 0;
  refunded.length = 0;
  statusSeenInside = [];
});

describe('sandbox payment', () => {
  it('pays through confirm: a signed v3 notification is verified, decrypted and applied once', async () => {
    const created = await newPayment();
    expect(created.provider).toBe('sandbox');
    const p = created.payParams;
    expect(p).toMatchObject({
      appId: t.platform.config.wechat.appid,
      signType: 'RSA',
      package: expect.stringMatching(/^prepay_id=/),
    });
    const keys = await sandbox.keys();
    const [publicKey] = keys.publicKeys.values();
    expect(rsaVerify(publicKey, `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`, p.paySign)).toBe(
      true,
    );

    const res = await confirm(created.paymentId).expect(200);
    expect(res.body.data).toEqual({ paymentId: created.paymentId, status: 'paid', outcome: 'accepted' });
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({
      paymentId: created.paymentId,
      amount: 1234,
      transactionId: expect.stringMatching(/^4200\d{24}$/),
    });
    expect(statusSeenInside).toEqual(['paid']); // onPaid ran inside the transaction that marked it paid
    const row = await paymentRow(created.paymentId);
    expect(row).toMatchObject({ status: 'paid', outcome: 'accepted', transaction_id: paid[0].transactionId });
    expect(await events('payment.succeeded', created.paymentId)).toBe(1);
    const log = await rows<{ event_type: string; outcome: string }>(
      'SELECT event_type, outcome FROM payment_notifications WHERE subject = :no',
      { no: row.out_trade_no },
    );
    expect(log).toEqual([{ event_type: 'TRANSACTION.SUCCESS', outcome: 'applied' }]);

    // paying again re-sends the notification (a new id): a duplicate, nothing moves
    await confirm(created.paymentId).expect(200);
    expect(paid).toHaveLength(1);
    expect(await events('payment.succeeded', created.paymentId)).toBe(1);
    expect(await pay.service.paidAmount(paid[0].orderId)).toEqual({ paid: 1234, refunded: 0 });
  });

  it('lets only the payer confirm, and only a sandbox payment that exists', async () => {
    const created = await newPayment();
    const res = await confirm(created.paymentId, other.token);
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await confirm(999_999)).status).toBe(404);
    expect((await paymentRow(created.paymentId)).status).toBe('created');
    expect(paid).toHaveLength(0);
  });

  it('keeps one open payment per order: same amount reuses it, another amount replaces it, a paid order refuses', async () => {
    const first = await newPayment();
    const orderId = nextOrderId - 1;
    const again = await newPayment({ orderId, orderNo: `O${orderId}` });
    expect(again.paymentId).toBe(first.paymentId);
    expect(again.payParams.package).toBe(first.payParams.package);
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => newPayment({ orderId, orderNo: `O${orderId}` })),
    );
    expect(new Set(concurrent.map((c) => c.paymentId))).toEqual(new Set([first.paymentId]));

    const changed = await newPayment({ orderId, orderNo: `O${orderId}`, amount: 999 });
    expect(changed.paymentId).not.toBe(first.paymentId);
    expect((await paymentRow(first.paymentId)).status).toBe('closed');
    expect((await confirm(first.paymentId)).body.error.code).toBe('ORDER_NOT_PAYABLE');

    await confirm(changed.paymentId).expect(200);
    await expect(newPayment({ orderId, orderNo: `O${orderId}`, amount: 999 })).rejects.toMatchObject({
      code: 'ORDER_NOT_PAYABLE',
    });
    await expect(newPayment({ amount: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(newPayment({ expiresAt: new Date(Date.now() - 1000) })).rejects.toMatchObject({
      code: 'ORDER_NOT_PAYABLE',
    });
  });

  it('closes on cancel; a closed payment cannot be paid', async () => {
    const created = await newPayment();
    await pay.service.closePayment(nextOrderId - 1);
    expect((await paymentRow(created.paymentId)).status).toBe('closed');
    const res = await confirm(created.paymentId);
    expect([res.status, res.body.error.code]).toEqual([409, 'ORDER_NOT_PAYABLE']);
    expect(paid).toHaveLength(0);
  });

  it('refuses a tampered signature or body with 401 and changes nothing; the genuine one then pays', async () => {
    const created = await newPayment();
    const { out_trade_no: no } = await paymentRow(created.paymentId);
    const genuine = await sandbox.pay(no); // the sandbox took the money; its notification is in hand
    const before = {
      log: await count('SELECT COUNT(*) AS n FROM payment_notifications'),
      outbox: await count('SELECT COUNT(*) AS n FROM outbox_events'),
    };
    const sig = genuine.headers['Wechatpay-Signature'];
    const envelope = JSON.parse(genuine.body);
    const ct = Buffer.from(envelope.resource.ciphertext, 'base64');
    ct[3] ^= 0x20;
    const tampered = [
      {
        ...genuine,
        headers: {
          ...genuine.headers,
          'Wechatpay-Signature': `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`,
        },
      },
      { ...genuine, body: genuine.body.replace('支付成功', '支付成攻') },
      {
        ...genuine,
        body: JSON.stringify({
          ...envelope,
          resource: { ...envelope.resource, ciphertext: ct.toString('base64') },
        }),
      },
      { ...genuine, headers: { ...genuine.headers, 'Wechatpay-Serial': 'SOMEONE-ELSE' } },
      {
        ...genuine,
        headers: { ...genuine.headers, 'Wechatpay-Timestamp': String(Math.floor(Date.now() / 1000) - 3600) },
      },
      { headers: {}, body: genuine.body },
    ];
    for (const n of tampered) {
      const res = await notify(n);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 401,
        body: {
          code: 'FAIL',
          message: expect.any(String),
          error: { code: 'INVALID_SIGNATURE', message: expect.any(String) },
        },
      });
    }
    expect((await paymentRow(created.paymentId)).status).toBe('created');
    expect(await count('SELECT COUNT(*) AS n FROM payment_notifications')).toBe(before.log);
    expect(await count('SELECT COUNT(*) AS n FROM outbox_events')).toBe(before.outbox);
    expect(paid).toHaveLength(0);

    await notify(genuine).expect(204);
    await notify(genuine).expect(204); // the same notification again: acknowledged, nothing moves
    expect((await paymentRow(created.paymentId)).status).toBe('paid');
    expect(paid).toHaveLength(1);
    expect(await events('payment.succeeded', created.paymentId)).toBe(1);
  });

  it('answers junk with 4xx, never 500', async () => {
    const empty = await t.http.post('/api/pay/notify/wechatpay').send({});
    expect([empty.status, empty.body.code]).toEqual([401, 'FAIL']);
    const broken = await t.http
      .post('/api/pay/notify/wechatpay')
      .set('Content-Type', 'application/json')
      .send('{"id": ');
    expect(broken.status).toBe(400);
    const text = await t.http
      .post('/api/pay/notify/wechatpay')
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(text.status).toBe(401);
  });

  it('refunds a rejected (late) payment in full, automatically, and processes the refund notification', async () => {
    answer = 'rejected';
    const created = await newPayment({ amount: 500 });
    const orderId = nextOrderId - 1;
    const res = await confirm(created.paymentId).expect(200);
    expect(res.body.data).toMatchObject({ status: 'paid', outcome: 'rejected' });
    const { out_trade_no: no } = await paymentRow(created.paymentId);
    const refund = await waitFor(async () => {
      const [r] = await rows<{ id: number; status: string; amount: number; source: string; reason: string }>(
        'SELECT * FROM payment_refunds WHERE out_refund_no = :no',
        { no: `auto-${no}` },
      );
      return r?.status === 'succeeded' && r;
    });
    expect(refund).toMatchObject({
      amount: 500,
      source: 'auto',
      reason: expect.stringContaining('订单已取消'),
    });
    expect(await paymentRow(created.paymentId)).toMatchObject({
      status: 'refunded',
      outcome: 'rejected',
      reject_reason: 'order_rejected',
      refunded_amount: 500,
    });
    expect(
      await rows('SELECT event_type, outcome FROM payment_notifications WHERE subject = :no', {
        no: `auto-${no}`,
      }),
    ).toEqual([{ event_type: 'REFUND.SUCCESS', outcome: 'applied' }]);
    expect(await events('payment.refunded', created.paymentId)).toBe(1);
    expect(refunded).toHaveLength(0); // no order refund behind it: onRefunded is for refunds the order asked for
    expect(await pay.service.paidAmount(orderId)).toEqual({ paid: 0, refunded: 0 });
  });

  it('refunds idempotently by refundNo and never beyond what was paid', async () => {
    const created = await newPayment({ amount: 1000 });
    const orderId = nextOrderId - 1;
    await confirm(created.paymentId).expect(200);
    const refund = (refundNo: string, amount: number) =>
      pay.service.refund({ orderId, refundNo, amount, reason: '售后退款' });

    const r1 = await refund(`R${orderId}-1`, 300);
    // the sandbox accepts it (PROCESSING) and settles it from a queue job, which may already have run
    expect(['pending', 'succeeded']).toContain(r1.status);
    expect(await refund(`R${orderId}-1`, 300)).toEqual({ refundId: r1.refundId, status: expect.any(String) });
    await expect(refund(`R${orderId}-1`, 400)).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    await expect(refund(`R${orderId}-2`, 800)).rejects.toMatchObject({
      code: 'REFUND_EXCEEDS_PAID',
      details: { paid: 1000, refunded: 300, requested: 800 },
    });
    const r2 = await refund(`R${orderId}-2`, 700);
    await expect(refund(`R${orderId}-3`, 1)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAID' });
    await expect(
      pay.service.refund({ orderId: 424242, refundNo: 'R-none', amount: 1, reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'REFUND_EXCEEDS_PAID',
    });
    await expect(refund('bad refund no!', 1)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    await waitFor(async () => refunded.length === 2);
    expect(refunded.map((r) => [r.refundId, r.refundNo, r.amount]).sort()).toEqual(
      [
        [r1.refundId, `R${orderId}-1`, 300],
        [r2.refundId, `R${orderId}-2`, 700],
      ].sort(),
    );
    expect(await paymentRow(created.paymentId)).toMatchObject({ status: 'refunded', refunded_amount: 1000 });
    expect(await events('payment.refunded', created.paymentId)).toBe(2);
    expect(await pay.service.paidAmount(orderId)).toEqual({ paid: 1000, refunded: 1000 });
    // asking again after the fact answers the final state
    expect(await refund(`R${orderId}-1`, 300)).toEqual({ refundId: r1.refundId, status: 'succeeded' });
  });
});

describe('reconciliation', () => {
  const run = (date: string, token = finance) =>
    t.http
      .post('/api/admin/reconciliation/runs')
      .set('X-Forwarded-For', t.nextIp())
      .set('Authorization', `Bearer ${token}`)
      .send({ date });

  it('balances the day, then lists every injected difference; runs are kept, audited and listed', async () => {
    const date = today(new Date());
    const clean = await run(date).expect(201);
    expect(clean.body.data).toMatchObject({
      status: 'done',
      trigger: 'admin',
      differenceCount: 0,
      differences: [],
    });
    expect(clean.body.data.providerRows).toBeGreaterThan(5);
    expect(clean.body.data.localRows).toBe(clean.body.data.providerRows);

    // the provider's side disagrees: one amount, one trade we never heard of, one payment it never had
    const a = await newPayment({ amount: 100 });
    const b = await newPayment({ amount: 200 });
    await confirm(a.paymentId).expect(200);
    await confirm(b.paymentId).expect(200);
    const noA = (await paymentRow(a.paymentId)).out_trade_no;
    const noB = (await paymentRow(b.paymentId)).out_trade_no;
    await t.platform.sequelize.query(
      'UPDATE payment_sandbox_trades SET amount = 101 WHERE out_trade_no = :no',
      { replacements: { no: noA } },
    );
    await t.platform.sequelize.query('DELETE FROM payment_sandbox_trades WHERE out_trade_no = :no', {
      replacements: { no: noB },
    });
    const stranger = `PX${crypto.randomBytes(6).toString('hex')}`;
    await t.platform.sequelize.query(
      `INSERT INTO payment_sandbox_trades (out_trade_no, transaction_id, amount, description, payer_openid, state, expires_at, success_time, created_at, updated_at)
       VALUES (:no, '4200000000000000000000000001', 77, 'x', 'o', 'SUCCESS', :t, :t, :t, :t)`,
      { replacements: { no: stranger, t: new Date() } },
    );

    const dirty = await run(date).expect(201);
    const brief = dirty.body.data.differences.map(
      (d: { kind: string; outTradeNo: string }) => `${d.kind} ${d.outTradeNo}`,
    );
    expect(brief.sort()).toEqual(
      [`amount_mismatch ${noA}`, `missing_local ${stranger}`, `missing_provider ${noB}`].sort(),
    );
    expect(
      dirty.body.data.differences.find((d: { kind: string }) => d.kind === 'amount_mismatch'),
    ).toMatchObject({
      localAmount: 100,
      providerAmount: 101,
    });

    const listed = await t.http
      .get(`/api/admin/reconciliation?date=${date}`)
      .set('Authorization', `Bearer ${await t.adminToken('owner')}`)
      .expect(200);
    expect(
      listed.body.data.runs.map((r: { id: number; differenceCount: number }) => [r.id, r.differenceCount]),
    ).toEqual([
      [dirty.body.data.id, 3],
      [clean.body.data.id, 0],
    ]);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_logs WHERE action = 'payment.reconciliation.run'"),
    ).toBe(2);

    // the daily job reconciles yesterday: run it "tomorrow" and it reconciles today, once per day
    const job = pay.cronJobs!.find((j) => j.name === 'pay-reconcile')!;
    const runner = new CronRunner({
      sequelize: t.platform.sequelize,
      lock: t.platform.drivers.lock,
      logger: t.platform.logger,
      clock: t.platform.clock,
      timezone: t.platform.config.shopTimezone,
    });
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    expect(await runner.run(job, { now: tomorrow })).toMatchObject({
      status: 'done',
      counts: { differences: 3 },
    });
    expect(await runner.run(job, { now: tomorrow })).toMatchObject({ status: 'skipped_done' });
    const runs = await rows<{ trigger_kind: string }>(
      'SELECT trigger_kind FROM payment_reconciliation_runs WHERE bill_date = :date',
      { date },
    );
    expect(runs.filter((r) => r.trigger_kind === 'cron')).toHaveLength(1);
  });

  it('refuses a future day and a malformed date', async () => {
    const future = await run('2999-01-01');
    expect([future.status, future.body.error.code]).toEqual([422, 'BUSINESS_RULE']);
    expect((await run('2026-13-45')).status).toBe(400);
    const q = await t.http
      .get('/api/admin/reconciliation?date=yesterday')
      .set('Authorization', `Bearer ${finance}`);
    expect(q.status).toBe(400);
  });
});

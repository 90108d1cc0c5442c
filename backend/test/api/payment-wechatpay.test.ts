import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { startFakeWechatPay, type FakeWechatPay } from '../fakes/wechatpay-server';
import { startTestApp, type TestApp } from '../support/app';
import { loadConfig, type WechatPayConfig } from '../../src/config';
import type { paymentModule } from '../../src/modules/payment';
import type { PaidInfo, RefundedInfo } from '../../src/modules/payment/service';
import { createWechatPayProvider } from '../../src/modules/payment/providers/wechatpay';
import { today } from '../../src/modules/payment/reconciliation';
import { systemClock } from '../../src/platform/clock';
import { CronRunner } from '../../src/platform/cron';

type PaymentModule = ReturnType<typeof paymentModule>;

let fake: FakeWechatPay;
let t: TestApp;
let pay: PaymentModule;
let wechatpay: WechatPayConfig;
let keyDir: string;
const paid: PaidInfo[] = [];
const refunded: RefundedInfo[] = [];
let nextOrderId = 5000;

async function rows<T extends object = Record<string, unknown>>(
  sql: string,
  replacements: Record<string, unknown> = {},
) {
  return t.platform.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
}
const payment = async (id: number) =>
  (
    await rows<{ status: string; out_trade_no: string; outcome: string | null; refund_reserved: number }>(
      'SELECT * FROM payments WHERE id = :id',
      { id },
    )
  )[0];
const refundRow = async (id: number) =>
  (
    await rows<{ status: string; failure_reason: string | null; provider_refund_id: string | null }>(
      'SELECT * FROM payment_refunds WHERE id = :id',
      { id },
    )
  )[0];

async function newPayment(amount = 2000) {
  const orderId = nextOrderId++;
  const created = await pay.service.createPayment({
    orderId,
    orderNo: `W${orderId}`,
    amount,
    payerOpenid: 'o-wechat-payer',
    description: '微信支付测试商品',
    expiresAt: new Date(Date.now() + 30 * 60_000),
  });
  return { ...created, orderId, outTradeNo: (await payment(created.paymentId)).out_trade_no };
}

const notify = (n: { headers: Record<string, string>; body: string }) =>
  t.http
    .post('/api/pay/notify/wechatpay')
    .set(n.headers)
    .set('Content-Type', 'application/json')
    .send(n.body);

beforeAll(async () => {
  fake = await startFakeWechatPay({ appid: 'wx-pay-test-appid' });
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechatpay-keys-'));
  const files = fake.writeKeys(keyDir);
  wechatpay = {
    mchid: fake.mchid,
    serialNo: fake.merchantSerial,
    privateKeyPath: files.privateKeyPath,
    platformPublicKeyPath: files.platformPublicKeyPath,
    platformSerial: fake.platformSerial,
    apiV3Key: fake.apiV3Key,
    notifyUrl: 'https://shop.example.com/api/pay/notify/wechatpay',
    apiBase: fake.url,
  };
  const base = loadConfig();
  t = await startTestApp({
    wechat: { ...base.wechat, appid: fake.appid },
    payment: { provider: 'wechatpay', wechatpay },
  });
  pay = t.modules.find((m) => m.name === 'payment') as PaymentModule;
  pay.service.onPaid(async (_tx, p) => {
    paid.push(p);
    return 'accepted';
  });
  pay.service.onRefunded(async (_tx, r) => {
    refunded.push(r);
  });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
  fs.rmSync(keyDir, { recursive: true, force: true });
});
beforeEach(() => {
  paid.length = 0;
  refunded.length = 0;
});

describe('wechatpay provider against a fake WeChat Pay server that checks every signature', () => {
  it('creates a JSAPI order and answers wx.requestPayment parameters signed with the merchant key', async () => {
    const created = await newPayment(2000);
    expect(created.provider).toBe('wechatpay');
    const trade = fake.trades.get(created.outTradeNo)!;
    expect(trade).toMatchObject({
      amount: 2000,
      openid: 'o-wechat-payer',
      description: '微信支付测试商品',
      notifyUrl: wechatpay.notifyUrl,
      timeExpire: expect.stringMatching(/\+08:00$/),
    });
    const p = created.payParams;
    expect(p).toMatchObject({ appId: fake.appid, signType: 'RSA', package: `prepay_id=${trade.prepayId}` });
    const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    expect(
      crypto.createVerify('RSA-SHA256').update(message).verify(fake.merchantPublicKey, p.paySign, 'base64'),
    ).toBe(true);
    // a retry reuses the trade: same prepay_id, fresh signature
    const again = await pay.service.createPayment({
      orderId: created.orderId,
      orderNo: `W${created.orderId}`,
      amount: 2000,
      payerOpenid: 'o-wechat-payer',
      description: '微信支付测试商品',
      expiresAt: new Date(Date.now() + 30 * 60_000),
    });
    expect(again.payParams.package).toBe(p.package);
    expect(fake.calls.every((c) => c.signedOk)).toBe(true);
    // no sandbox button with the real provider
    expect(t.routes.some((r) => r.path.includes('/sandbox/'))).toBe(false);
  });

  it('applies a genuine notification once, refuses a tampered one, and queries the trade', async () => {
    const created = await newPayment(1500);
    const n = fake.pay(created.outTradeNo);
    const forged = { ...n, body: n.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') };
    const refused = await notify(forged);
    expect([refused.status, refused.body.code, refused.body.error.code]).toEqual([
      401,
      'FAIL',
      'INVALID_SIGNATURE',
    ]);
    expect((await payment(created.paymentId)).status).toBe('created');

    await notify(n).expect(204);
    await notify(n).expect(204);
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({
      paymentId: created.paymentId,
      amount: 1500,
      transactionId: fake.trades.get(created.outTradeNo)!.transactionId,
    });
    expect(await payment(created.paymentId)).toMatchObject({ status: 'paid', outcome: 'accepted' });

    const q = await pay.internals.provider.query(created.outTradeNo);
    expect(q).toMatchObject({ state: 'SUCCESS', amount: 1500, payerOpenid: 'o-wechat-payer' });
    expect(await pay.internals.provider.query('P-never-created')).toBeUndefined();
  });

  it('closes an unpaid trade, and finds a paid one whose notification was lost instead of closing it', async () => {
    const open = await newPayment();
    await pay.service.closePayment(open.orderId);
    expect(fake.trades.get(open.outTradeNo)!.state).toBe('CLOSED');
    expect((await payment(open.paymentId)).status).toBe('closed');

    const lost = await newPayment(900);
    fake.pay(lost.outTradeNo); // paid at WeChat, notification never arrives
    await pay.service.closePayment(lost.orderId);
    expect(fake.trades.get(lost.outTradeNo)!.state).toBe('SUCCESS');
    expect((await payment(lost.paymentId)).status).toBe('paid');
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ orderId: lost.orderId, amount: 900 });
  });

  it('refunds: PROCESSING, then the refund notification; a lost one found by sync; CLOSED releases; a refusal fails at once', async () => {
    const created = await newPayment(3000);
    await notify(fake.pay(created.outTradeNo)).expect(204);
    const refund = (refundNo: string, amount: number) =>
      pay.service.refund({ orderId: created.orderId, refundNo, amount, reason: '退货退款' });

    const r1 = await refund(`WR${created.orderId}-1`, 1000);
    expect(r1.status).toBe('pending');
    expect(fake.refunds.get(`WR${created.orderId}-1`)).toMatchObject({
      amount: 1000,
      total: 3000,
      reason: '退货退款',
    });
    await notify(fake.finishRefund(`WR${created.orderId}-1`, 'SUCCESS')).expect(204);
    expect(await refundRow(r1.refundId)).toMatchObject({
      status: 'succeeded',
      provider_refund_id: expect.stringMatching(/^50/),
    });
    expect(refunded).toEqual([
      { refundId: r1.refundId, orderId: created.orderId, refundNo: `WR${created.orderId}-1`, amount: 1000 },
    ]);

    const r2 = await refund(`WR${created.orderId}-2`, 500);
    fake.finishRefund(`WR${created.orderId}-2`, 'SUCCESS'); // its notification is lost
    expect(await pay.internals.syncRefund(r2.refundId)).toBe('succeeded');
    expect(refunded).toHaveLength(2);

    const r3 = await refund(`WR${created.orderId}-3`, 1500);
    await notify(fake.finishRefund(`WR${created.orderId}-3`, 'CLOSED')).expect(204);
    expect(await refundRow(r3.refundId)).toMatchObject({ status: 'failed' });
    expect((await payment(created.paymentId)).refund_reserved).toBe(1500);

    fake.failNext('/v3/refund/domestic/refunds', 400, 'INVALID_REQUEST', '退款申请失败');
    const r4 = await refund(`WR${created.orderId}-4`, 1500);
    expect(r4.status).toBe('failed');
    expect((await refundRow(r4.refundId)).failure_reason).toContain('INVALID_REQUEST');

    fake.failNext('/v3/refund/domestic/refunds', 500, 'SYSTEM_ERROR');
    const r5 = await refund(`WR${created.orderId}-5`, 1500);
    expect(r5.status).toBe('pending'); // WeChat's trouble: kept and retried
    expect(await pay.internals.syncRefund(r5.refundId)).toBe('pending'); // resubmitted, now PROCESSING
    await notify(fake.finishRefund(`WR${created.orderId}-5`, 'SUCCESS')).expect(204);
    expect(await payment(created.paymentId)).toMatchObject({ status: 'refunded', refund_reserved: 3000 });
    expect(await pay.service.paidAmount(created.orderId)).toEqual({ paid: 3000, refunded: 3000 });
  });

  it('the pay-refund-sync sweep finishes a refund whose notification and queue job were both lost', async () => {
    const created = await newPayment(800);
    await notify(fake.pay(created.outTradeNo)).expect(204);
    const r = await pay.service.refund({
      orderId: created.orderId,
      refundNo: `SW${created.orderId}`,
      amount: 800,
      reason: '退款',
    });
    fake.finishRefund(`SW${created.orderId}`, 'SUCCESS');
    await t.platform.sequelize.query('UPDATE payment_refunds SET updated_at = :old WHERE id = :id', {
      replacements: { id: r.refundId, old: new Date(Date.now() - 10 * 60_000) },
    });
    const runner = new CronRunner({
      sequelize: t.platform.sequelize,
      lock: t.platform.drivers.lock,
      logger: t.platform.logger,
      clock: t.platform.clock,
      timezone: t.platform.config.shopTimezone,
    });
    const job = pay.cronJobs!.find((j) => j.name === 'pay-refund-sync')!;
    expect(await runner.run(job)).toMatchObject({ status: 'done', counts: { checked: 1, pending: 0 } });
    expect(await refundRow(r.refundId)).toMatchObject({ status: 'succeeded' });
    expect(refunded.map((x) => x.refundId)).toEqual([r.refundId]);
  });

  it('turns provider errors, forged answers and a wrong merchant key into PAYMENT_PROVIDER_ERROR', async () => {
    fake.failNext('/v3/pay/transactions/jsapi', 500, 'SYSTEM_ERROR', '系统错误');
    await expect(newPayment()).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_ERROR',
      status: 502,
      details: { status: 500, code: 'SYSTEM_ERROR' },
    });

    const created = await newPayment();
    fake.tamperNextAnswer();
    await expect(pay.internals.provider.query(created.outTradeNo)).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_ERROR',
      message: expect.stringContaining('failed verification'),
    });

    const wrongKey = path.join(keyDir, 'wrong_key.pem');
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(wrongKey, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const impostor = createWechatPayProvider({
      config: { ...wechatpay, privateKeyPath: wrongKey },
      appid: fake.appid,
      clock: systemClock,
    });
    await expect(impostor.query(created.outTradeNo)).rejects.toMatchObject({
      details: { status: 401, code: 'SIGN_ERROR' },
    });
    expect(fake.calls.at(-1)!.signedOk).toBe(false);
  });

  it('reads the trade bill and reconciles it; a changed amount at WeChat is a difference', async () => {
    const date = today(new Date());
    const bill = await pay.internals.provider.tradeBill(date);
    const paidTrades = [...fake.trades.values()].filter((x) => x.successTime);
    expect(
      bill
        .filter((r) => r.kind === 'payment')
        .map((r) => r.outTradeNo)
        .sort(),
    ).toEqual(paidTrades.map((x) => x.outTradeNo).sort());
    expect(bill.filter((r) => r.kind === 'refund')).toHaveLength(fake.refunds.size);
    expect(await pay.internals.provider.tradeBill('2020-01-01')).toEqual([]); // NO_STATEMENT_EXIST: a day without trades

    const finance = await t.adminToken('finance');
    const run = () =>
      t.http
        .post('/api/admin/reconciliation/runs')
        .set('Authorization', `Bearer ${finance}`)
        .send({ date })
        .expect(201);
    expect((await run()).body.data).toMatchObject({
      status: 'done',
      differenceCount: 0,
      provider: 'wechatpay',
    });
    paidTrades[0].amount += 1;
    const dirty = (await run()).body.data;
    expect(dirty.differences).toEqual([
      expect.objectContaining({
        kind: 'amount_mismatch',
        outTradeNo: paidTrades[0].outTradeNo,
        providerAmount: paidTrades[0].amount,
      }),
    ]);
    paidTrades[0].amount -= 1;

    fake.failNext('/v3/bill/tradebill', 400, 'STATEMENT_CREATING', '账单生成中');
    expect((await run()).body.data).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('STATEMENT_CREATING'),
    });
    expect(fake.calls.filter((c) => !c.signedOk)).toHaveLength(1); // only the impostor's
  });
});

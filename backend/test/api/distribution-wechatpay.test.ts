/**
 * Withdrawals paid by WeChat Pay transfer bills (商家转账, user-confirmation mode) against the fake WeChat Pay
 * server, which checks every request's merchant signature and signs every answer and notification: the bill
 * made with out_bill_no = the withdrawal number, the package the mini-program needs, the notification
 * verified and applied once (repeats change nothing), failures and unconfirmed transfers returning the money,
 * a refusal versus WeChat's own trouble, tampered and mismatched notifications. The ledger invariant holds
 * after every test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeWechatPay, type FakeWechatPay } from '../fakes/wechatpay-server';
import { startTestApp, type TestApp } from '../support/app';
import { loadConfig } from '../../src/config';
import {
  balanceOf,
  call,
  dist,
  expectInvariant,
  newDistributor,
  rows,
  setSettings,
} from './distribution-support';

let fake: FakeWechatPay;
let t: TestApp;
let keyDir: string;
let finance = '';
const TRANSFERS = '/v3/fund-app/mch-transfer/transfer-bills';

const notify = (n: { headers: Record<string, string>; body: string }) =>
  t.http
    .post('/api/pay/notify/wechat-transfer')
    .set(n.headers)
    .set('Content-Type', 'application/json')
    .send(n.body);

async function withdrawal(id: number) {
  const [w] = await rows<{
    status: string;
    transfer_state: string | null;
    fail_reason: string | null;
    withdrawal_no: string;
  }>(
    t,
    'SELECT status, transfer_state, fail_reason, withdrawal_no FROM distribution_withdrawals WHERE id = :id',
    { id },
  );
  return w;
}

const ledgerCount = async (distributorId: number) =>
  (
    await rows(t, 'SELECT id FROM distribution_ledger WHERE distributor_id = :distributorId', {
      distributorId,
    })
  ).length;

/** A distributor with ¥100 who asked to withdraw `amount`, approved by finance (transfer not sent yet). */
async function approved(amount: number) {
  const d = await newDistributor(t);
  await call(
    t,
    finance,
    'post',
    `/api/admin/distribution/distributors/${d.id}/adjustments`,
    { delta: 10_000, reason: '测试' },
    201,
  );
  const w = await call(t, d.token, 'post', '/api/shop/distribution/withdrawals', { amount }, 201);
  await call(t, finance, 'post', `/api/admin/distribution/withdrawals/${w.id}/approve`);
  return { d, w };
}

beforeAll(async () => {
  fake = await startFakeWechatPay({ appid: 'wx-transfer-test-appid' });
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'transfer-keys-'));
  const files = fake.writeKeys(keyDir);
  const base = loadConfig();
  t = await startTestApp({
    wechat: { ...base.wechat, appid: fake.appid },
    payment: {
      provider: 'wechatpay',
      wechatpay: {
        mchid: fake.mchid,
        serialNo: fake.merchantSerial,
        privateKeyPath: files.privateKeyPath,
        platformPublicKeyPath: files.platformPublicKeyPath,
        platformSerial: fake.platformSerial,
        apiV3Key: fake.apiV3Key,
        notifyUrl: 'https://shop.example.com/api/pay/notify/wechatpay',
        apiBase: fake.url,
      },
    },
  });
  finance = await t.adminToken('finance');
  await setSettings(t, { withdrawFeePermille: 6, withdrawMaxPerRequest: 199_999, withdrawDailyCount: 10 });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
  fs.rmSync(keyDir, { recursive: true, force: true });
});
afterEach(() => expectInvariant(t));

describe('transfer bills against the fake WeChat Pay', () => {
  it('makes the bill with out_bill_no = withdrawal number, signed, and answers the package the mini-program needs', async () => {
    const { d, w } = await approved(5000);
    await dist(t).withdrawals.transfer(w.id);
    const bill = fake.transfers.get(w.withdrawalNo)!;
    expect(bill).toMatchObject({
      appid: fake.appid,
      amount: 4970, // ¥50 less 0.6%
      remark: '推广佣金提现',
      sceneId: '1005',
      notifyUrl: 'https://shop.example.com/api/pay/notify/wechat-transfer',
      recvPerception: '劳务报酬',
      state: 'WAIT_USER_CONFIRM',
      reportInfos: [
        { info_type: '岗位类型', info_content: '推广员' },
        { info_type: '报酬说明', info_content: '推广佣金' },
      ],
    });
    const sent = fake.calls.filter((c) => c.path === TRANSFERS);
    expect(sent.every((c) => c.signedOk)).toBe(true);
    const params = await call(t, d.token, 'get', `/api/shop/distribution/withdrawals/${w.id}/transfer`);
    expect(params).toEqual({
      withdrawalId: w.id,
      mchId: fake.mchid,
      appId: fake.appid,
      package: bill.packageInfo,
      sandbox: false,
      confirmDeadline: expect.any(String),
    });
    // a second transfer call (a retried job) finds the same bill
    await dist(t).withdrawals.transfer(w.id);
    await dist(t).withdrawals.sync(w.id);
    expect([...fake.transfers.keys()].filter((k) => k === w.withdrawalNo)).toHaveLength(1);
    expect((await withdrawal(w.id)).status).toBe('transferring');
  });

  it('the confirmed transfer succeeds once; the same notification again, or a re-sent one, changes nothing', async () => {
    const { d, w } = await approved(3000);
    await dist(t).withdrawals.transfer(w.id);
    const n = fake.finishTransfer(w.withdrawalNo, 'SUCCESS');
    expect((await notify(n)).status).toBe(204);
    expect(await withdrawal(w.id)).toMatchObject({ status: 'succeeded', transfer_state: 'SUCCESS' });
    const rowsAfter = await ledgerCount(d.id);
    expect((await notify(n)).status).toBe(204);
    const resent = fake.finishTransfer(w.withdrawalNo, 'SUCCESS');
    expect((await notify(resent)).status).toBe(204);
    await dist(t).withdrawals.sync(w.id);
    expect(await ledgerCount(d.id)).toBe(rowsAfter);
    expect(await balanceOf(t, d.id)).toBe(7000);
    const outcomes = await rows<{ outcome: string }>(
      t,
      'SELECT outcome FROM distribution_transfer_notifications WHERE out_bill_no = :no ORDER BY id',
      { no: w.withdrawalNo },
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'unchanged']);
  });

  it('a failed transfer returns the money once, whatever number of notifications and syncs follow', async () => {
    const { d, w } = await approved(2000);
    await dist(t).withdrawals.transfer(w.id);
    const n = fake.finishTransfer(w.withdrawalNo, 'FAIL', { failReason: 'PAYEE_ACCOUNT_ABNORMAL' });
    await Promise.all([notify(n), notify(n), dist(t).withdrawals.sync(w.id)]);
    expect(await withdrawal(w.id)).toMatchObject({
      status: 'failed',
      transfer_state: 'FAIL',
      fail_reason: 'PAYEE_ACCOUNT_ABNORMAL',
    });
    expect(await balanceOf(t, d.id)).toBe(10_000);
    const returns = await rows(
      t,
      "SELECT id FROM distribution_ledger WHERE reason = 'withdraw_return' AND ref_id = :id",
      { id: w.id },
    );
    expect(returns).toHaveLength(1);
  });

  it('a transfer never confirmed is cancelled at its deadline and the money returns', async () => {
    const { d, w } = await approved(1000);
    await dist(t).withdrawals.transfer(w.id);
    expect(await dist(t).withdrawals.sweep(new Date(Date.now() + 11 * 60_000))).toMatchObject({
      cancelled: 0,
    });
    expect((await withdrawal(w.id)).status).toBe('transferring');
    const r = await dist(t).withdrawals.sweep(new Date(Date.now() + 25 * 3_600_000));
    expect(r.cancelled).toBeGreaterThanOrEqual(1); // the first test's transfer is still waiting too
    expect(
      fake.calls.some((c) => c.path === `${TRANSFERS}/out-bill-no/${w.withdrawalNo}/cancel` && c.signedOk),
    ).toBe(true);
    expect(await withdrawal(w.id)).toMatchObject({ status: 'failed', transfer_state: 'CANCELLED' });
    expect(await balanceOf(t, d.id)).toBe(10_000);
    // WeChat's own notification of the cancellation comes later: nothing more happens
    expect((await notify(fake.finishTransfer(w.withdrawalNo, 'CANCELLED'))).status).toBe(204);
    expect(await balanceOf(t, d.id)).toBe(10_000);
  });

  it('a refusal with no bill behind it fails the withdrawal; WeChat’s trouble leaves it for the next try', async () => {
    const refused = await approved(1500);
    fake.failNext(TRANSFERS, 400, 'PARAM_ERROR', '参数错误');
    await dist(t).withdrawals.transfer(refused.w.id);
    expect(await withdrawal(refused.w.id)).toMatchObject({
      status: 'failed',
      fail_reason: expect.stringContaining('PARAM_ERROR'),
    });
    expect(await balanceOf(t, refused.d.id)).toBe(10_000);

    const trouble = await approved(1500);
    fake.failNext(TRANSFERS, 500, 'SYSTEM_ERROR', '系统繁忙');
    await expect(dist(t).withdrawals.transfer(trouble.w.id)).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_ERROR',
    });
    expect((await withdrawal(trouble.w.id)).status).toBe('transferring');
    expect(fake.transfers.has(trouble.w.withdrawalNo)).toBe(false);
    await dist(t).withdrawals.sync(trouble.w.id);
    expect(fake.transfers.get(trouble.w.withdrawalNo)?.state).toBe('WAIT_USER_CONFIRM');
    expect((await withdrawal(trouble.w.id)).transfer_state).toBe('WAIT_USER_CONFIRM');
  });

  it('refuses a tampered notification with 401 and ignores one whose amount differs', async () => {
    const { d, w } = await approved(2500);
    await dist(t).withdrawals.transfer(w.id);
    const n = fake.finishTransfer(w.withdrawalNo, 'SUCCESS');
    const tampered = await notify({ headers: n.headers, body: n.body.replace(/"id":"/, '"id":"x') });
    expect({ status: tampered.status, code: tampered.body.code, error: tampered.body.error?.code }).toEqual({
      status: 401,
      code: 'FAIL',
      error: 'INVALID_SIGNATURE',
    });
    expect((await withdrawal(w.id)).status).toBe('transferring');
    fake.transfers.get(w.withdrawalNo)!.amount += 1;
    const wrong = fake.finishTransfer(w.withdrawalNo, 'SUCCESS');
    expect((await notify(wrong)).status).toBe(204);
    expect((await withdrawal(w.id)).status).toBe('transferring');
    const [logged] = await rows<{ outcome: string }>(
      t,
      'SELECT outcome FROM distribution_transfer_notifications WHERE out_bill_no = :no',
      {
        no: w.withdrawalNo,
      },
    );
    expect(logged.outcome).toBe('amount_mismatch');
    fake.transfers.get(w.withdrawalNo)!.amount -= 1;
    expect((await notify(fake.finishTransfer(w.withdrawalNo, 'SUCCESS'))).status).toBe(204);
    expect((await withdrawal(w.id)).status).toBe('succeeded');
    expect(await balanceOf(t, d.id)).toBe(7500);
  });
});

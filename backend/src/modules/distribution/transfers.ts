import crypto from 'node:crypto';
import fs from 'node:fs';
import Pay from 'wechatpay-node-v3';
import type { Platform } from '../../platform';
import { isUniqueViolation } from '../../platform/db/tx';
import { AppError } from '../../platform/errors';
import { WechatPayHttp, type PayOutput } from '../payment/providers/wechatpay-http';
import {
  randomNonce,
  readPlatformKey,
  verifyAndDecryptNotification,
  type DecryptedNotification,
  type HeaderBag,
} from '../payment/v3-crypto';
import { SandboxTransfer } from './models';

/**
 * WeChat Pay 商家转账 in user-confirmation mode (`/v3/fund-app/mch-transfer/transfer-bills`). The bill is made
 * with `out_bill_no` (our withdrawal number) as its idempotency key; the shopper then confirms in the
 * mini-program with `wx.requestMerchantTransfer({ mchId, appId, package })` while it is WAIT_USER_CONFIRM;
 * the result arrives by notification (MCHTRANSFER.BILL.FINISHED) or by query.
 */
export type TransferState =
  | 'ACCEPTED'
  | 'PROCESSING'
  | 'WAIT_USER_CONFIRM'
  | 'TRANSFERING'
  | 'SUCCESS'
  | 'FAIL'
  | 'CANCELING'
  | 'CANCELLED';

export const FINAL_FAILED: readonly string[] = ['FAIL', 'CANCELLED'];

export interface TransferBill {
  outBillNo: string;
  transferBillNo: string | null;
  state: TransferState;
  /** present while WAIT_USER_CONFIRM: what wx.requestMerchantTransfer takes as `package` */
  packageInfo: string | null;
  failReason: string | null;
  /** fen, when the provider says */
  amount: number | null;
}

export interface CreateBillInput {
  outBillNo: string;
  openid: string;
  /** fen */
  amount: number;
  remark: string;
  sceneId: string;
  recvPerception: string;
  reportInfos: { infoType: string; infoContent: string }[];
}

export interface TransferProvider {
  readonly name: 'wechatpay' | 'sandbox';
  /** what the mini-program passes as mchId / appId to wx.requestMerchantTransfer */
  readonly mchId: string;
  readonly appId: string;
  /**
   * Creates the bill, or answers the existing one for the same out_bill_no. A refusal is
   * PAYMENT_PROVIDER_ERROR with `details: { status, code }`; `status` < 500 means WeChat answered and refused.
   */
  create(input: CreateBillInput): Promise<TransferBill>;
  /** undefined when the provider has no such bill */
  query(outBillNo: string): Promise<TransferBill | undefined>;
  /** asks to cancel a bill not yet confirmed; answers the bill as it is after the call */
  cancel(outBillNo: string): Promise<TransferBill>;
  verifyAndDecrypt(headers: HeaderBag, rawBody: string): Promise<DecryptedNotification>;
}

const TRANSFER_PATH = '/v3/fund-app/mch-transfer/transfer-bills';
const HOST = 'https://api.mch.weixin.qq.com';

export function billFromWechat(data: Record<string, unknown>): TransferBill {
  return {
    outBillNo: String(data.out_bill_no ?? ''),
    transferBillNo: typeof data.transfer_bill_no === 'string' ? data.transfer_bill_no : null,
    state: String(data.state ?? '') as TransferState,
    packageInfo: typeof data.package_info === 'string' ? data.package_info : null,
    failReason: typeof data.fail_reason === 'string' ? data.fail_reason : null,
    amount: typeof data.transfer_amount === 'number' ? data.transfer_amount : null,
  };
}

function providerError(op: string, out: PayOutput): AppError {
  let body: { code?: string; message?: string } = {};
  if (out.data && typeof out.data === 'object') body = out.data as typeof body;
  else {
    try {
      body = JSON.parse(out.error ?? '') as typeof body;
    } catch {
      body = {};
    }
  }
  return new AppError(
    'PAYMENT_PROVIDER_ERROR',
    `WeChat Pay ${op} failed: ${body.code ?? out.status} ${body.message ?? ''}`.trim(),
    { status: out.status, code: body.code },
  );
}

/**
 * The real provider. wechatpay-node-v3 has no transfer-bills method, so requests are signed with its public
 * helpers (`getSignature` over method, path, timestamp, nonce and body; `getAuthorization`) and sent through
 * the payment module's `WechatPayHttp`, which reaches WECHATPAY_API_BASE and verifies every answer's platform
 * signature. Notifications are verified and decrypted with the payment module's v3-crypto.
 */
export function createWechatTransferProvider(platform: Platform): TransferProvider {
  const { config, clock } = platform;
  const c = config.payment.wechatpay;
  if (!c) throw new Error('Invalid configuration: WeChat Pay credentials missing');
  const privateKey = fs.readFileSync(c.privateKeyPath);
  const merchantCert = c.merchantCertPath ? fs.readFileSync(c.merchantCertPath) : undefined;
  const serialNo = c.serialNo ?? new crypto.X509Certificate(merchantCert!).serialNumber.toUpperCase();
  const platformKey = readPlatformKey(fs.readFileSync(c.platformPublicKeyPath, 'utf8'));
  const platformSerial = c.platformSerial ?? platformKey.certificateSerial;
  if (!platformSerial) throw new Error('Invalid configuration: WECHATPAY_PLATFORM_SERIAL is required');
  const platformKeys = new Map([[platformSerial, platformKey.key]]);
  const appid = config.wechat.appid;
  const pay = new Pay({
    appid,
    mchid: c.mchid,
    serial_no: serialNo,
    publicKey: merchantCert ?? Buffer.from(''),
    privateKey,
    key: c.apiV3Key,
  });
  const http = new WechatPayHttp({ apiBase: c.apiBase, platformKeys, now: () => clock.now() });
  const notifyUrl = new URL('/api/pay/notify/wechat-transfer', c.notifyUrl).toString();

  function headers(method: 'GET' | 'POST', path: string, body?: string) {
    const nonce = randomNonce(32);
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const signature = pay.getSignature(method, nonce, timestamp, path, body);
    return {
      Authorization: pay.getAuthorization(nonce, timestamp, signature),
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'User-Agent': 'mall-distribution',
    };
  }

  async function post(path: string, params: Record<string, unknown>): Promise<PayOutput> {
    return http.post(`${HOST}${path}`, params, headers('POST', path, JSON.stringify(params)));
  }

  const byNo = (outBillNo: string) => `${TRANSFER_PATH}/out-bill-no/${encodeURIComponent(outBillNo)}`;

  const provider: TransferProvider = {
    name: 'wechatpay',
    mchId: c.mchid,
    appId: appid,

    async create(input) {
      const out = await post(TRANSFER_PATH, {
        appid,
        out_bill_no: input.outBillNo,
        transfer_scene_id: input.sceneId,
        openid: input.openid,
        transfer_amount: input.amount,
        transfer_remark: input.remark,
        notify_url: notifyUrl,
        ...(input.recvPerception ? { user_recv_perception: input.recvPerception } : {}),
        transfer_scene_report_infos: input.reportInfos.map((i) => ({
          info_type: i.infoType,
          info_content: i.infoContent,
        })),
      });
      if (out.status !== 200) throw providerError('transfer', out);
      return billFromWechat(out.data as Record<string, unknown>);
    },

    async query(outBillNo) {
      const path = byNo(outBillNo);
      const out = await http.get(`${HOST}${path}`, headers('GET', path));
      if (out.status === 404) return undefined;
      if (out.status !== 200) throw providerError('transfer query', out);
      return billFromWechat(out.data as Record<string, unknown>);
    },

    async cancel(outBillNo) {
      const out = await post(`${byNo(outBillNo)}/cancel`, {});
      if (out.status !== 200) {
        // refused (already confirmed, already final): the bill's state says what happened
        const bill = await provider.query(outBillNo);
        if (bill) return bill;
        throw providerError('transfer cancel', out);
      }
      const data = out.data as Record<string, unknown>;
      return { ...billFromWechat(data), outBillNo };
    },

    async verifyAndDecrypt(h, rawBody) {
      return verifyAndDecryptNotification({
        headers: h,
        rawBody,
        publicKeys: platformKeys,
        apiV3Key: c.apiV3Key,
        now: clock.now(),
      });
    },
  };
  return provider;
}

/**
 * The sandbox plays WeChat Pay's side with its own table: a bill waits for the shopper's confirmation, which
 * the H5 app gives through `POST /api/shop/distribution/withdrawals/:id/sandbox-confirm` (not in production).
 * It sends no notifications: its results are applied through the same function the notification handler uses.
 */
export function createSandboxTransferProvider(platform: Platform) {
  const view = (b: SandboxTransfer): TransferBill => ({
    outBillNo: b.outBillNo,
    transferBillNo: b.transferBillNo,
    state: b.state as TransferState,
    packageInfo: b.state === 'WAIT_USER_CONFIRM' ? `sandbox_package_${b.outBillNo}` : null,
    failReason: b.failReason,
    amount: Number(b.amount),
  });

  const provider: TransferProvider & {
    finish(
      outBillNo: string,
      state: 'SUCCESS' | 'FAIL' | 'CANCELLED',
      reason?: string,
    ): Promise<TransferBill>;
  } = {
    name: 'sandbox',
    mchId: 'sandbox-mchid',
    appId: platform.config.wechat.appid,

    async create(input) {
      const existing = await SandboxTransfer.findByPk(input.outBillNo);
      if (existing) return view(existing);
      try {
        return view(
          await SandboxTransfer.create({
            outBillNo: input.outBillNo,
            transferBillNo: `SB${crypto.randomBytes(12).toString('hex')}`,
            openid: input.openid,
            amount: input.amount,
            state: 'WAIT_USER_CONFIRM',
            failReason: null,
          }),
        );
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        return view((await SandboxTransfer.findByPk(input.outBillNo))!);
      }
    },

    async query(outBillNo) {
      const b = await SandboxTransfer.findByPk(outBillNo);
      return b ? view(b) : undefined;
    },

    async cancel(outBillNo) {
      await SandboxTransfer.update(
        { state: 'CANCELLED', failReason: 'MERCHANT_REVOCATION' },
        { where: { outBillNo, state: ['ACCEPTED', 'WAIT_USER_CONFIRM'] } },
      );
      const b = await SandboxTransfer.findByPk(outBillNo);
      if (!b) throw new AppError('NOT_FOUND', 'No such sandbox transfer');
      return view(b);
    },

    async finish(outBillNo, state, reason) {
      await SandboxTransfer.update(
        { state, failReason: state === 'SUCCESS' ? null : (reason ?? state) },
        { where: { outBillNo, state: 'WAIT_USER_CONFIRM' } },
      );
      const b = await SandboxTransfer.findByPk(outBillNo);
      if (!b) throw new AppError('NOT_FOUND', 'No such sandbox transfer');
      return view(b);
    },

    async verifyAndDecrypt() {
      throw new AppError('INVALID_SIGNATURE', 'The sandbox sends no transfer notifications');
    },
  };
  return provider;
}

export type SandboxTransferProvider = ReturnType<typeof createSandboxTransferProvider>;

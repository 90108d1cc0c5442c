import crypto from 'node:crypto';
import fs from 'node:fs';
import Pay from 'wechatpay-node-v3';
import type { Ijsapi } from 'wechatpay-node-v3/dist/lib/interface';
import type { WechatPayConfig } from '../../../config';
import type { Clock } from '../../../platform/clock';
import { AppError } from '../../../platform/errors';
import { parseTradeBill } from '../bill';
import { readPlatformKey, rfc3339, verifyAndDecryptNotification, type HeaderBag } from '../v3-crypto';
import { WechatPayHttp, type PayOutput } from './wechatpay-http';
import {
  refundFromWechat,
  tradeFromWechat,
  type JsapiInput,
  type PayParams,
  type PaymentProvider,
  type RefundInput,
} from './types';

/** `{ code, message }` of a WeChat Pay error answer, when it has one. */
function errorBody(out: PayOutput): { code?: string; message?: string } {
  if (out.data && typeof out.data === 'object') return out.data as { code?: string; message?: string };
  try {
    return JSON.parse(out.error ?? '') as { code?: string; message?: string };
  } catch {
    return {};
  }
}

function providerError(op: string, out: PayOutput): AppError {
  const { code, message } = errorBody(out);
  return new AppError(
    'PAYMENT_PROVIDER_ERROR',
    `WeChat Pay ${op} failed: ${code ?? out.status} ${message ?? ''}`.trim(),
    {
      status: out.status,
      code,
    },
  );
}

/**
 * The real provider: wechatpay-node-v3 (`Pay`) signs requests and builds the JSAPI parameters; its HTTP
 * layer is replaced (`createHttp`) to reach `apiBase` and to verify WeChat Pay's signed answers.
 * Notifications are verified with node:crypto against the configured platform key (v3-crypto.ts), not with
 * the library's `verifySign`, whose certificate map is static and downloads /v3/certificates from the
 * hard-coded host when a serial is unknown.
 */
export function createWechatPayProvider(opts: {
  config: WechatPayConfig;
  appid: string;
  clock: Clock;
}): PaymentProvider {
  const c = opts.config;
  const privateKey = fs.readFileSync(c.privateKeyPath);
  const merchantCert = c.merchantCertPath ? fs.readFileSync(c.merchantCertPath) : undefined;
  const serialNo = c.serialNo ?? new crypto.X509Certificate(merchantCert!).serialNumber.toUpperCase();
  const platform = readPlatformKey(fs.readFileSync(c.platformPublicKeyPath, 'utf8'));
  const platformSerial = c.platformSerial ?? platform.certificateSerial;
  if (!platformSerial) {
    throw new Error('Invalid configuration: WECHATPAY_PLATFORM_SERIAL is required with a public key file');
  }
  const platformKeys = new Map([[platformSerial, platform.key]]);

  const pay = new Pay({
    appid: opts.appid,
    mchid: c.mchid,
    serial_no: serialNo,
    // the library only reads the serial from this certificate, and it is given above
    publicKey: merchantCert ?? Buffer.from(''),
    privateKey,
    key: c.apiV3Key,
  });
  pay.createHttp(new WechatPayHttp({ apiBase: c.apiBase, platformKeys, now: () => opts.clock.now() }));

  const provider: PaymentProvider = {
    name: 'wechatpay',

    async createJsapi(input: JsapiInput) {
      const params = {
        description: input.description,
        out_trade_no: input.outTradeNo,
        time_expire: rfc3339(input.expiresAt),
        notify_url: input.notifyUrl ?? c.notifyUrl,
        amount: { total: input.amount, currency: 'CNY' },
        payer: { openid: input.payerOpenid },
        ...(input.profitSharing ? { settle_info: { profit_sharing: true } } : {}),
      };
      const out = (await pay.transactions_jsapi(params as Ijsapi)) as PayOutput;
      const data = out.data as PayParams | undefined;
      if (out.status !== 200 || !data?.paySign) throw providerError('JSAPI order', out);
      return data;
    },

    async query(outTradeNo) {
      const out = (await pay.query({ out_trade_no: outTradeNo })) as PayOutput;
      if (out.status === 404) return undefined;
      if (out.status !== 200) throw providerError('query', out);
      return tradeFromWechat(out.data as Record<string, unknown>);
    },

    async close(outTradeNo) {
      const out = (await pay.close(outTradeNo)) as PayOutput;
      if (out.status === 204 || out.status === 200) return 'closed';
      // refused (paid meanwhile, already closed, unknown): the trade's state says what happened
      const trade = await provider.query(outTradeNo);
      if (!trade || trade.state === 'CLOSED' || trade.state === 'REVOKED') return 'closed';
      if (trade.state === 'SUCCESS' || trade.state === 'REFUND') return 'paid';
      throw providerError('close', out);
    },

    async refund(input: RefundInput) {
      const out = (await pay.refunds({
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        reason: input.reason,
        notify_url: input.notifyUrl ?? c.notifyUrl,
        amount: { refund: input.amount, total: input.total, currency: 'CNY' },
      })) as PayOutput;
      if (out.status !== 200) throw providerError('refund', out);
      return refundFromWechat(out.data as Record<string, unknown>);
    },

    async queryRefund(outRefundNo) {
      const out = (await pay.find_refunds(outRefundNo)) as PayOutput;
      if (out.status === 404) return undefined;
      if (out.status !== 200) throw providerError('refund query', out);
      return refundFromWechat(out.data as Record<string, unknown>);
    },

    async verifyAndDecrypt(headers: HeaderBag, rawBody: string) {
      return verifyAndDecryptNotification({
        headers,
        rawBody,
        publicKeys: platformKeys,
        apiV3Key: c.apiV3Key,
        now: opts.clock.now(),
      });
    },

    async tradeBill(date) {
      const out = (await pay.tradebill({ bill_date: date, bill_type: 'ALL' })) as PayOutput;
      if (out.status !== 200) {
        // a day without any trade has no bill; STATEMENT_CREATING (before ~10:00 next day) stays an error
        if (errorBody(out).code === 'NO_STATEMENT_EXIST') return [];
        throw providerError('tradebill', out);
      }
      const meta = out.data as { download_url: string; hash_type?: string; hash_value?: string };
      const file = (await pay.downloadBill(meta.download_url)) as PayOutput;
      if (file.status !== 200 || typeof file.data !== 'string') throw providerError('bill download', file);
      const algorithm = (meta.hash_type ?? 'SHA1').toLowerCase();
      const hash = crypto.createHash(algorithm).update(file.data).digest('hex');
      if (meta.hash_value && hash !== meta.hash_value.toLowerCase()) {
        throw new AppError('PAYMENT_PROVIDER_ERROR', 'WeChat Pay bill file does not match its hash', {
          date,
        });
      }
      return parseTradeBill(file.data);
    },
  };
  return provider;
}

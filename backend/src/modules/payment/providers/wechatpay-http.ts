import type { KeyObject } from 'node:crypto';
import { AppError, isAppError } from '../../../platform/errors';
import { verifySignedBody } from '../v3-crypto';

/** wechatpay-node-v3's Output shape: it never throws on 4xx/5xx, callers check `status`. */
export interface PayOutput {
  status: number;
  data?: unknown;
  error?: string;
}

const WECHATPAY_HOST = 'https://api.mch.weixin.qq.com';

/**
 * The HTTP layer handed to wechatpay-node-v3 through `pay.createHttp(...)`. The library signs every request
 * over its path and query only, so sending it to another host (a fake WeChat Pay server in tests) keeps the
 * signature valid. The library does not check WeChat Pay's answers; this layer does: every answer except
 * the bill file (unsigned by design: the bill is checked against the hash from the signed `tradebill`
 * answer) must carry a valid platform signature, else PAYMENT_PROVIDER_ERROR.
 */
export class WechatPayHttp {
  constructor(
    private readonly opts: {
      apiBase: string;
      platformKeys: ReadonlyMap<string, KeyObject>;
      now: () => Date;
      timeoutMs?: number;
    },
  ) {}

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<PayOutput> {
    // the library signed JSON.stringify(params); send exactly those bytes
    return this.send('POST', url, headers, JSON.stringify(params));
  }

  get(url: string, headers: Record<string, string>): Promise<PayOutput> {
    return this.send('GET', url, headers);
  }

  async upload(): Promise<PayOutput> {
    throw new Error('upload is not used by the payment module');
  }

  private async send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<PayOutput> {
    const target = url.startsWith(WECHATPAY_HOST)
      ? this.opts.apiBase + url.slice(WECHATPAY_HOST.length)
      : url;
    const path = new URL(target).pathname;
    let res: Response;
    let text: string;
    try {
      res = await fetch(target, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      text = await res.text();
    } catch (e) {
      throw new AppError('PAYMENT_PROVIDER_ERROR', `WeChat Pay unreachable (${method} ${path})`, {
        reason: (e as Error).name === 'TimeoutError' ? 'timeout' : (e as Error).message,
      });
    }
    const signed = !path.startsWith('/v3/billdownload/');
    if (signed && (res.ok || res.headers.has('wechatpay-signature'))) {
      try {
        verifySignedBody({
          headers: Object.fromEntries(res.headers.entries()),
          body: text,
          publicKeys: this.opts.platformKeys,
          now: this.opts.now(),
        });
      } catch (e) {
        if (!isAppError(e)) throw e;
        throw new AppError('PAYMENT_PROVIDER_ERROR', `WeChat Pay answer failed verification (${path})`, {
          status: res.status,
          reason: e.message,
        });
      }
    }
    let data: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        throw new AppError('PAYMENT_PROVIDER_ERROR', `WeChat Pay answered malformed JSON (${path})`, {
          status: res.status,
        });
      }
    }
    return res.ok ? { status: res.status, data } : { status: res.status, data, error: text };
  }
}

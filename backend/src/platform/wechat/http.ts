import { AppError } from '../errors';

/** A WeChat JSON answer; `errcode` is absent or 0 on success. */
export interface WechatJson {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

export type WechatResponse =
  { kind: 'json'; json: WechatJson } | { kind: 'bytes'; bytes: Buffer; contentType: string };

export interface WechatRequest {
  method: 'GET' | 'POST';
  path: string;
  query: Record<string, string>;
  body?: unknown;
}

/**
 * One HTTP exchange with the WeChat server API. Never throws on an errcode (the caller decides about
 * retries); throws WECHAT_ERROR when the server cannot be reached, times out or answers non-2xx.
 * URLs carry the secret or the access token, so they are never put into errors or logs.
 */
export function createWechatHttp(apiBase: string, timeoutMs: number) {
  const base = apiBase.replace(/\/+$/, '');

  return async function send(req: WechatRequest): Promise<WechatResponse> {
    const url = `${base}${req.path}?${new URLSearchParams(req.query).toString()}`;
    let res: Response;
    let bytes: Buffer;
    try {
      res = await fetch(url, {
        method: req.method,
        headers: req.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      const reason = (e as Error).name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : describe(e);
      throw new AppError('WECHAT_ERROR', `WeChat ${req.path} unreachable: ${reason}`, { reason });
    }
    if (!res.ok) {
      throw new AppError('WECHAT_ERROR', `WeChat ${req.path} answered HTTP ${res.status}`, {
        status: res.status,
      });
    }
    const contentType = res.headers.get('content-type') ?? '';
    // getwxacodeunlimit answers an image, or JSON when it fails
    if (contentType.startsWith('image/')) return { kind: 'bytes', bytes, contentType };
    try {
      return { kind: 'json', json: JSON.parse(bytes.toString('utf8')) as WechatJson };
    } catch {
      throw new AppError('WECHAT_ERROR', `WeChat ${req.path} answered a body that is not JSON`, {
        contentType,
      });
    }
  };
}

export type WechatHttp = ReturnType<typeof createWechatHttp>;

function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

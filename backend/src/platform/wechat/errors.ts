import { AppError, type ErrorCode } from '../errors';

/** errcodes that mean "this access token is no good": fetch a new one and retry once. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** "system busy, try again": retried once before it becomes WECHAT_ERROR. */
export const SYSTEM_BUSY_ERRCODE = -1;

const STABLE_CODES: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [40029, 'WECHAT_INVALID_CODE'],
  [40163, 'WECHAT_CODE_USED'],
  [45009, 'WECHAT_RATE_LIMITED'],
  [45011, 'WECHAT_RATE_LIMITED'],
  [87014, 'WECHAT_CONTENT_RISKY'],
]);

export interface WechatErrorDetails {
  errcode: number;
  errmsg: string;
}

export function errcodeToAppError(api: string, errcode: number, errmsg: string): AppError {
  const code = STABLE_CODES.get(errcode) ?? 'WECHAT_ERROR';
  const details: WechatErrorDetails = { errcode, errmsg };
  return new AppError(code, `WeChat ${api} failed: ${errcode} ${errmsg}`, details);
}

/**
 * The WeChat errcode behind an error thrown by the client, if any. Callers use it for outcomes that are
 * normal for them but not worth a stable code of their own, e.g. 43101 (the shopper has not granted the
 * subscribe message).
 */
export function wechatErrcodeOf(e: unknown): number | undefined {
  if (!(e instanceof AppError) || !e.code.startsWith('WECHAT_')) return undefined;
  const errcode = (e.details as Partial<WechatErrorDetails> | undefined)?.errcode;
  return typeof errcode === 'number' ? errcode : undefined;
}

import type { BillRow } from '../bill';
import type { DecryptedNotification, HeaderBag } from '../v3-crypto';

export type ProviderName = 'wechatpay' | 'sandbox';

/** What wx.requestPayment takes (also what the H5 sandbox page receives). */
export type PayParams = Record<
  'appId' | 'timeStamp' | 'nonceStr' | 'package' | 'signType' | 'paySign',
  string
>;

export interface JsapiInput {
  outTradeNo: string;
  description: string;
  /** fen, > 0 */
  amount: number;
  payerOpenid: string;
  expiresAt: Date;
  /** defaults to the provider's configured notify URL */
  notifyUrl?: string;
  /** settle_info.profit_sharing: funds stay frozen for 分账 */
  profitSharing?: boolean;
}

/** WeChat Pay's trade_state values */
export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

export interface ProviderTrade {
  outTradeNo: string;
  state: TradeState;
  amount: number;
  transactionId?: string;
  payerOpenid?: string;
  successTime?: Date;
  raw: Record<string, unknown>;
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  amount: number;
  /** the payment's total, as WeChat requires */
  total: number;
  reason: string;
  notifyUrl?: string;
}

/** WeChat Pay's refund status values */
export type RefundState = 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';

export interface ProviderRefund {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  status: RefundState;
  amount: number;
  /** when the provider accepted it (create_time): the day it appears on the trade bill */
  acceptedAt?: Date;
  successTime?: Date;
  raw: Record<string, unknown>;
}

/**
 * The contract both providers implement. Failures are AppError PAYMENT_PROVIDER_ERROR with
 * `details: { status, code }` (WeChat's error code); `query`/`queryRefund` answer undefined for "not found".
 */
export interface PaymentProvider {
  readonly name: ProviderName;
  createJsapi(input: JsapiInput): Promise<PayParams>;
  query(outTradeNo: string): Promise<ProviderTrade | undefined>;
  /** 'paid' when the trade was paid before it could be closed */
  close(outTradeNo: string): Promise<'closed' | 'paid'>;
  refund(input: RefundInput): Promise<ProviderRefund>;
  queryRefund(outRefundNo: string): Promise<ProviderRefund | undefined>;
  /** signature (platform key) and AES-256-GCM resource (APIv3 key); INVALID_SIGNATURE otherwise */
  verifyAndDecrypt(headers: HeaderBag, rawBody: string): Promise<DecryptedNotification>;
  /** the trade bill (ALL) of a Beijing-time day 'YYYY-MM-DD'; [] when the provider has no bill for a day without trades */
  tradeBill(date: string): Promise<BillRow[]>;
}

export const toTradeState = (s: unknown): TradeState => String(s) as TradeState;

/** Maps WeChat's transaction resource / query answer to ProviderTrade. */
export function tradeFromWechat(data: Record<string, unknown>): ProviderTrade {
  const amount = (data.amount ?? {}) as { total?: number };
  const payer = (data.payer ?? {}) as { openid?: string };
  return {
    outTradeNo: String(data.out_trade_no),
    state: toTradeState(data.trade_state),
    amount: Number(amount.total ?? 0),
    transactionId: typeof data.transaction_id === 'string' ? data.transaction_id : undefined,
    payerOpenid: payer.openid,
    successTime: typeof data.success_time === 'string' ? new Date(data.success_time) : undefined,
    raw: data,
  };
}

/** Maps WeChat's refund answer or refund-notification resource to ProviderRefund. */
export function refundFromWechat(data: Record<string, unknown>): ProviderRefund {
  const amount = (data.amount ?? {}) as { refund?: number };
  const status = data.status ?? data.refund_status;
  return {
    outRefundNo: String(data.out_refund_no),
    outTradeNo: String(data.out_trade_no),
    refundId: String(data.refund_id ?? ''),
    status: String(status) as RefundState,
    amount: Number(amount.refund ?? 0),
    acceptedAt: typeof data.create_time === 'string' ? new Date(data.create_time) : undefined,
    successTime: typeof data.success_time === 'string' ? new Date(data.success_time) : undefined,
    raw: data,
  };
}

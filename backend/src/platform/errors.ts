/**
 * The one list of stable error codes. Apps map these strings to messages; never rename one.
 * Each code carries its HTTP status.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_SIGNATURE: 401,
  FORBIDDEN: 403,
  ACCOUNT_FROZEN: 403,
  PRIVACY_NOT_ACCEPTED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BUSINESS_RULE: 422,
  RISK_REFUSED: 422,
  RATE_LIMITED: 429,
  // commerce
  SOLD_OUT: 409,
  PRODUCT_UNAVAILABLE: 422,
  QUANTITY_LIMIT: 422,
  CART_EMPTY: 422,
  ADDRESS_REQUIRED: 422,
  REGION_NOT_DELIVERABLE: 422,
  ORDER_NOT_PAYABLE: 409,
  REFUND_EXCEEDS_PAID: 422,
  AFTERSALE_WINDOW_CLOSED: 422,
  AFTERSALE_OPEN: 409,
  PAYMENT_PROVIDER_ERROR: 502,
  // marketing
  CAMPAIGN_LIMIT_REACHED: 409,
  COUPON_UNAVAILABLE: 409,
  COUPON_SOLD_OUT: 409,
  COUPON_LIMIT: 422,
  COUPON_NOT_CLAIMABLE: 422,
  COUPON_CODE_INVALID: 422,
  POINTS_INSUFFICIENT: 422,
  // WeChat
  WECHAT_INVALID_CODE: 422,
  WECHAT_CODE_USED: 422,
  WECHAT_RATE_LIMITED: 429,
  WECHAT_CONTENT_RISKY: 422,
  WECHAT_ERROR: 502,
  DEPENDENCY_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? code);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

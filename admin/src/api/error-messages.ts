import type { ErrorCode } from './models';

/** Failures the client detects itself, without an error envelope from the server. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE';

/**
 * Chinese messages for the backend's stable error codes. Typed against the generated schema, so a new
 * backend code fails the admin build until it has a message here.
 */
const MESSAGES = {
  VALIDATION_FAILED: '提交的内容不符合要求，请检查后重试',
  MALFORMED_JSON: '请求格式错误',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '用户名或密码错误',
  INVALID_SIGNATURE: '签名校验失败',
  FORBIDDEN: '没有权限执行此操作',
  ACCOUNT_FROZEN: '账号已被冻结，请联系店主',
  PRIVACY_NOT_ACCEPTED: '请先同意隐私保护指引',
  NOT_FOUND: '数据不存在或已被删除',
  ROUTE_NOT_FOUND: '接口不存在，请刷新页面后重试',
  METHOD_NOT_ALLOWED: '接口不支持此请求方式',
  CONFLICT: '数据已被修改，请刷新后重试',
  IDEMPOTENCY_CONFLICT: '重复提交的内容与首次不一致',
  ILLEGAL_TRANSITION: '当前状态不允许此操作',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型',
  BUSINESS_RULE: '不符合业务规则',
  RISK_REFUSED: '操作存在风险，已被拒绝',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  SOLD_OUT: '库存不足',
  PRODUCT_UNAVAILABLE: '商品已下架或不可购买',
  QUANTITY_LIMIT: '超出数量限制',
  CART_EMPTY: '购物车为空',
  ADDRESS_REQUIRED: '缺少收货地址',
  REGION_NOT_DELIVERABLE: '该地区不在配送范围',
  ORDER_NOT_PAYABLE: '订单当前不能支付',
  REFUND_EXCEEDS_PAID: '退款金额超过可退金额',
  AFTERSALE_WINDOW_CLOSED: '已超过售后期限',
  AFTERSALE_OPEN: '该商品已有进行中的售后',
  PAYMENT_PROVIDER_ERROR: '支付服务暂时不可用，请稍后再试',
  CAMPAIGN_LIMIT_REACHED: '活动使用次数已达上限',
  COUPON_UNAVAILABLE: '优惠券不可用',
  COUPON_SOLD_OUT: '优惠券已发完',
  COUPON_LIMIT: '超过每人限领数量',
  COUPON_NOT_CLAIMABLE: '该优惠券当前不可领取或发放',
  COUPON_CODE_INVALID: '兑换码无效',
  POINTS_INSUFFICIENT: '积分不足',
  DISTRIBUTION_DISABLED: '分销功能未开启',
  DISTRIBUTOR_REQUIRED: '该买家还不是推广员',
  DISTRIBUTOR_FROZEN: '推广员已被冻结',
  DISTRIBUTOR_EXISTS: '该买家已经是推广员',
  DISTRIBUTION_APPLICATION_PENDING: '已有待审核的推广员申请',
  DISTRIBUTION_SPEND_NOT_REACHED: '消费金额未达到成为推广员的门槛',
  DISTRIBUTION_SELF_BINDING: '不能把买家绑定到自己',
  DISTRIBUTION_BINDING_CYCLE: '绑定会形成循环（推广人是该买家的下级）',
  DISTRIBUTION_ALREADY_BOUND: '买家已绑定推广人',
  DISTRIBUTION_LEVEL_CONDITION: '升级条件不能只有团队人数，请再设置消费或订单条件',
  WITHDRAWAL_BELOW_MINIMUM: '提现金额低于最低提现金额',
  WITHDRAWAL_ABOVE_MAXIMUM: '提现金额超过单笔上限',
  WITHDRAWAL_DAILY_LIMIT: '超过每日提现限额',
  WITHDRAWAL_INSUFFICIENT_BALANCE: '可提现余额不足',
  WITHDRAWAL_NOT_CONFIRMABLE: '该提现当前不在待确认收款状态',
  SHARE_TARGET_UNKNOWN: '分享目标不存在',
  WECHAT_INVALID_CODE: '微信登录凭证无效',
  WECHAT_CODE_USED: '微信登录凭证已使用',
  WECHAT_RATE_LIMITED: '微信接口调用太频繁，请稍后再试',
  WECHAT_CONTENT_RISKY: '内容含有违规信息',
  WECHAT_ERROR: '微信服务暂时不可用，请稍后再试',
  DEPENDENCY_UNAVAILABLE: '依赖的服务暂时不可用，请稍后再试',
  INTERNAL: '服务器开小差了，请稍后再试',
  NETWORK_ERROR: '网络异常，请检查网络后重试',
  BAD_RESPONSE: '服务器返回了无法识别的内容',
} satisfies Record<ErrorCode | ClientErrorCode, string>;

const FALLBACK = '操作失败，请稍后再试';

/** The message to show a person for an error code, with the details the code's envelope may carry. */
export function errorMessage(code: string, details?: unknown): string {
  const base = Object.hasOwn(MESSAGES, code) ? MESSAGES[code as keyof typeof MESSAGES] : FALLBACK;
  if (code === 'RATE_LIMITED') {
    const retryAfterMs = (details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    if (typeof retryAfterMs === 'number') return `操作太频繁，请 ${Math.ceil(retryAfterMs / 1000)} 秒后再试`;
  }
  if (code === 'VALIDATION_FAILED' && Array.isArray(details)) {
    const fields = details
      .map((d) => (d as { path?: unknown }).path)
      .filter((p) => typeof p === 'string' && p);
    if (fields.length) return `${base}（${[...new Set(fields)].join('、')}）`;
  }
  return base;
}

/**
 * Chinese messages for the API's stable error codes (backend/src/platform/errors.ts).
 * The server's own message is English and meant for logs; shoppers see these.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '填写的信息有误，请检查后重试',
  MALFORMED_JSON: '请求格式有误，请重试',
  UNAUTHENTICATED: '请先登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '登录信息无效，请重新登录',
  INVALID_SIGNATURE: '签名校验失败',
  FORBIDDEN: '没有权限进行此操作',
  ACCOUNT_FROZEN: '账号已被冻结，如有疑问请联系客服',
  PRIVACY_NOT_ACCEPTED: '请先阅读并同意隐私保护指引',
  NOT_FOUND: '内容不存在或已下架',
  ROUTE_NOT_FOUND: '请求的功能不存在',
  METHOD_NOT_ALLOWED: '请求方式不支持',
  SOLD_OUT: '商品已售罄',
  PRODUCT_UNAVAILABLE: '商品已下架或不可购买',
  QUANTITY_LIMIT: '超出可购买数量',
  CART_EMPTY: '购物车是空的',
  ADDRESS_REQUIRED: '请选择收货地址',
  REGION_NOT_DELIVERABLE: '该地区暂不配送',
  ORDER_NOT_PAYABLE: '订单当前不能支付',
  REFUND_EXCEEDS_PAID: '退款金额超过实付金额',
  AFTERSALE_WINDOW_CLOSED: '已超过售后期限',
  AFTERSALE_OPEN: '该商品已有进行中的售后',
  PAYMENT_PROVIDER_ERROR: '支付服务暂时不可用，请稍后再试',
  CAMPAIGN_LIMIT_REACHED: '活动名额已用完',
  COUPON_UNAVAILABLE: '优惠券不可用，请重新选择',
  COUPON_SOLD_OUT: '优惠券已被领完',
  COUPON_LIMIT: '已达到领取上限',
  COUPON_NOT_CLAIMABLE: '该优惠券当前不可领取',
  COUPON_CODE_INVALID: '兑换码无效或已使用',
  POINTS_INSUFFICIENT: '积分不足',
  DISTRIBUTION_DISABLED: '分销功能暂未开启',
  DISTRIBUTOR_REQUIRED: '请先成为推广员',
  DISTRIBUTOR_FROZEN: '推广员资格已被冻结，如有疑问请联系客服',
  DISTRIBUTOR_EXISTS: '你已经是推广员了',
  DISTRIBUTION_APPLICATION_PENDING: '申请正在审核中，请耐心等待',
  DISTRIBUTION_SPEND_NOT_REACHED: '消费金额未达到成为推广员的要求',
  DISTRIBUTION_SELF_BINDING: '不能绑定自己为推广人',
  DISTRIBUTION_BINDING_CYCLE: '不能与自己的下级互相绑定',
  DISTRIBUTION_ALREADY_BOUND: '已绑定推广人，不能更换',
  DISTRIBUTION_LEVEL_CONDITION: '等级升级条件不能只有团队人数',
  WITHDRAWAL_BELOW_MINIMUM: '提现金额低于最低提现金额',
  WITHDRAWAL_ABOVE_MAXIMUM: '提现金额超过单笔上限',
  WITHDRAWAL_DAILY_LIMIT: '已超过今日提现限额',
  WITHDRAWAL_INSUFFICIENT_BALANCE: '可提现佣金不足',
  WITHDRAWAL_NOT_CONFIRMABLE: '这笔提现当前不需要确认收款',
  SHARE_TARGET_UNKNOWN: '分享的内容不存在或已下架',
  CONFLICT: '数据已变化，请刷新后重试',
  IDEMPOTENCY_CONFLICT: '请求重复提交，请刷新后重试',
  ILLEGAL_TRANSITION: '当前状态不能进行此操作',
  PAYLOAD_TOO_LARGE: '内容过大，请压缩后重试',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件类型',
  BUSINESS_RULE: '暂时无法完成此操作',
  RISK_REFUSED: '操作存在风险，已被拒绝',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  WECHAT_INVALID_CODE: '微信登录失败，请重试',
  WECHAT_CODE_USED: '微信登录凭证已使用，请重试',
  WECHAT_RATE_LIMITED: '微信登录太频繁，请稍后再试',
  WECHAT_CONTENT_RISKY: '内容含有违规信息，请修改后重试',
  WECHAT_ERROR: '微信服务暂时不可用，请稍后再试',
  DEPENDENCY_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
} as const;

export type KnownErrorCode = keyof typeof ERROR_MESSAGES;

export const FALLBACK_ERROR_MESSAGE = '出错了，请稍后再试';

export function errorMessageFor(code: string): string {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code)
    ? ERROR_MESSAGES[code as KnownErrorCode]
    : FALLBACK_ERROR_MESSAGE;
}

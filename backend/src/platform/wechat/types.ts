/** Public argument and result types of the WeChat client, named after the documented fields. */

export interface Code2SessionResult {
  openid: string;
  sessionKey: string;
  /** present when the mini-program is bound to an open-platform account the shopper is known to */
  unionid?: string;
}

export interface PhoneNumberResult {
  /** with country code for numbers outside mainland China */
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export interface UnlimitedQrCodeOptions {
  /** at most 32 visible characters; the page reads it from `options.scene` */
  scene: string;
  /** e.g. 'pages/goods/detail' (no leading slash); the home page when omitted */
  page?: string;
  /** 280–1280 px, WeChat's default 430 */
  width?: number;
  /** false lets you make codes for pages not yet released; WeChat's default true */
  checkPath?: boolean;
  envVersion?: 'release' | 'trial' | 'develop';
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  /** keyword → value, e.g. `{ thing1: '拼团成功', amount2: '¥9.90' }`; sent as `{ thing1: { value } }` */
  data: Record<string, string>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

/** `/wxa/sec/order/upload_shipping_info`, fields exactly as documented. */
export const LOGISTICS_TYPE = { express: 1, sameCity: 2, virtual: 3, selfPickup: 4 } as const;
export const DELIVERY_MODE = { unified: 1, split: 2 } as const;

export type ShippingOrderKey =
  /** by the merchant's order number */
  | { order_number_type: 1; mchid: string; out_trade_no: string }
  /** by WeChat Pay's transaction id */
  | { order_number_type: 2; transaction_id: string };

export interface ShippingItem {
  /** required for express (logistics_type 1) */
  tracking_no?: string;
  /** WeChat's carrier code (delivery_id), required for express */
  express_company?: string;
  /** at most 120 characters */
  item_desc: string;
  /** masked phone numbers; required by some carriers (SF Express) */
  contact?: { consignor_contact?: string; receiver_contact?: string };
}

export interface ShippingInfo {
  order_key: ShippingOrderKey;
  logistics_type: (typeof LOGISTICS_TYPE)[keyof typeof LOGISTICS_TYPE];
  delivery_mode: (typeof DELIVERY_MODE)[keyof typeof DELIVERY_MODE];
  /** required with split delivery: true on the last package */
  is_all_delivered?: boolean;
  /** 1 to 15 packages; several only with express split delivery */
  shipping_list: ShippingItem[];
  /** RFC 3339, e.g. `2024-05-01T10:00:00.000+08:00` */
  upload_time: string;
  payer: { openid: string };
}

export interface MsgSecCheckOptions {
  openid: string;
  content: string;
  /** 1 profile, 2 comment, 3 forum, 4 social log */
  scene: 1 | 2 | 3 | 4;
  title?: string;
  nickname?: string;
}

export interface MsgSecCheckResult {
  suggest: 'pass' | 'review' | 'risky';
  /** 100 normal, 10001 ad, 20001 politics, 20002 porn, 20003 abuse, 20006 crime, 20008 fraud, 20012 vulgar, 20013 copyright, 21000 other */
  label: number;
  traceId: string;
}

export interface MediaCheckOptions {
  mediaUrl: string;
  mediaType: 'audio' | 'image';
  openid: string;
  scene: 1 | 2 | 3 | 4;
}

export interface UserRiskRankOptions {
  openid: string;
  /** 0 registration, 1 marketing campaign */
  scene: 0 | 1;
  clientIp: string;
  mobileNo?: string;
  emailAddress?: string;
  extendedInfo?: string;
  isTest?: boolean;
}

export interface UserRiskRankResult {
  /** 0 (lowest) to 4 (highest) */
  riskRank: number;
  unionId: number;
}

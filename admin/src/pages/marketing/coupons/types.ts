import type { ApiBody, ApiData, ApiQuery } from '../../../components/api-types';

export type CouponTemplate = ApiData<'/api/admin/coupon-templates/{id}', 'get'>;
export type TemplateBody = ApiBody<'/api/admin/coupon-templates', 'post'>;
export type TemplatesQuery = ApiQuery<'/api/admin/coupon-templates', 'get'>;
export type TemplateStats = ApiData<'/api/admin/coupon-templates/{id}/stats', 'get'>;
export type GrantResult = ApiData<'/api/admin/coupon-templates/{id}/grants', 'post'>;
export type CodeBatch = ApiData<'/api/admin/coupon-templates/{id}/code-batches', 'get'>[number];
export type CouponKind = CouponTemplate['kind'];
export type Channel = CouponTemplate['channels'][number];
export type GrantOutcome = GrantResult['results'][number]['outcome'];

export const KIND_LABELS: Record<CouponKind, string> = {
  amount_off: '满减券',
  percent_off: '折扣券',
  free_shipping: '包邮券',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  claim_center: '领券中心',
  new_user: '新人礼包',
  merchant_grant: '商家发放',
  system: '系统发放',
  redemption_code: '兑换码',
};

export const OUTCOME_LABELS: Record<GrantOutcome, string> = {
  issued: '已发放',
  already_issued: '本次已发过',
  limit: '超过每人限领',
  sold_out: '已发完',
  not_issuable: '当前不可发放',
  unknown_shopper: '买家不存在',
};

/** ISO weekdays, 1 = Monday. */
export const WEEKDAYS: { value: number; label: string }[] = [
  { value: 1, label: '周一' },
  { value: 2, label: '周二' },
  { value: 3, label: '周三' },
  { value: 4, label: '周四' },
  { value: 5, label: '周五' },
  { value: 6, label: '周六' },
  { value: 7, label: '周日' },
];

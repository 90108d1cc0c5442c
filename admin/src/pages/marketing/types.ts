import type { AdminRole } from '../../api/models';
import type { ApiBody, ApiData, ApiQuery } from '../../components/api-types';

export type Tool = ApiData<'/api/admin/marketing/tools', 'get'>[number];
export type Campaign = ApiData<'/api/admin/campaigns/{id}', 'get'>;
export type CampaignBody = ApiBody<'/api/admin/campaigns', 'post'>;
export type CampaignQuery = ApiQuery<'/api/admin/campaigns', 'get'>;
export type CampaignStats = ApiData<'/api/admin/campaigns/{id}/stats', 'get'>;
export type Phase = Campaign['phase'];
export type CampaignStatus = Campaign['status'];
export type AudienceType = Campaign['audience']['type'];
export type ScopeMode = Campaign['scope']['mode'];

/** RULES §14 as the API enforces it (marketing/routes.ts): owners and operators write, every role reads. */
export const CAMPAIGN_WRITERS: readonly AdminRole[] = ['owner', 'operator'];

export const PHASE_LABELS: Record<Phase, { text: string; color: string }> = {
  running: { text: '进行中', color: 'green' },
  upcoming: { text: '未开始', color: 'blue' },
  ended: { text: '已结束', color: 'default' },
};

export const STATUS_LABELS: Record<CampaignStatus, { text: string; color: string }> = {
  enabled: { text: '已启用', color: 'success' },
  disabled: { text: '已停用', color: 'default' },
};

export const AUDIENCE_LABELS: Record<AudienceType, string> = {
  all: '所有买家',
  new: '新客（未下过已付款订单）',
  levels: '指定会员等级',
  paid_members: '付费会员',
  tags: '指定标签的买家',
};

export const SCOPE_LABELS: Record<ScopeMode, string> = {
  all: '全部商品',
  include: '指定商品/分类参加',
  exclude: '指定商品/分类不参加',
};

/** What each tool is for, on the tool cards (a tool this admin does not know shows its schema's notes). */
export const TOOL_BLURBS: Record<string, string> = {
  full_reduction: '满 100 减 20、满 200 打 9 折，或每满 100 减 10',
  buy_n_get_m: '买 2 送 1：每买 N 件，最便宜的 M 件免单',
  member_day: '每月固定一天：会员额外折扣、积分翻倍',
  gift: '满额送赠品，赠品库存单独占用',
  free_shipping: '满额或满件包邮，可排除偏远地区',
  tiered_price: '买得越多单价越低：按件数的阶梯单价',
};

export const STAGE_LABELS: Record<string, string> = {
  unit: '单价',
  promotion: '促销',
  gift: '赠品',
  shipping: '运费',
};

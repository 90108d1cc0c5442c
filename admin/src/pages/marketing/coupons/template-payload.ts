import type { Dayjs } from 'dayjs';
import { formatFen } from '../../../lib/money';
import { formatShopTime } from '../../../lib/shop-time';
import { issueText, type Issue } from '../../../components/schema-form/messages';
import { formatPermille } from '../../../components/schema-form/units';
import { isoToShopWall, shopWallToIso } from '../campaign-payload';
import type { ScopeMode } from '../types';
import {
  CHANNEL_LABELS,
  type Channel,
  type CouponKind,
  type CouponTemplate,
  type TemplateBody,
} from './types';

type Range = [Dayjs | null, Dayjs | null] | null;

export interface UsableWindow {
  weekdays: number[];
  from: string;
  to: string;
}

export interface TemplateFormValues {
  name: string;
  description: string;
  kind: CouponKind;
  /** fen; 0 = no threshold */
  threshold: number | undefined;
  amountOff: number | undefined;
  /** 千分比 of the price kept, typed in 折 */
  discountPermille: number | undefined;
  maxDiscount: number | null | undefined;
  scope: { mode: ScopeMode; productIds: number[]; categoryIds: number[] };
  validityType: 'absolute' | 'relative';
  /** shop wall-clock times, both required for an absolute validity */
  validityRange: Range;
  validityDays: number | undefined;
  windows: UsableWindow[];
  totalQuantity: number | null | undefined;
  perUserLimit: number;
  channels: Channel[];
  stackable: boolean;
  allowActivityLines: boolean;
  returnOnRefund: boolean;
  enabled: boolean;
  /** shop wall-clock times; either end may be open */
  claimRange: Range;
}

export const NEW_TEMPLATE: TemplateFormValues = {
  name: '',
  description: '',
  kind: 'amount_off',
  threshold: 0,
  amountOff: undefined,
  discountPermille: undefined,
  maxDiscount: null,
  scope: { mode: 'all', productIds: [], categoryIds: [] },
  validityType: 'relative',
  validityRange: null,
  validityDays: 7,
  windows: [],
  totalQuantity: null,
  perUserLimit: 1,
  channels: ['claim_center'],
  stackable: false,
  allowActivityLines: false,
  returnOnRefund: true,
  enabled: true,
  claimRange: null,
};

export function fromTemplate(t: CouponTemplate): TemplateFormValues {
  return {
    name: t.name,
    description: t.description,
    kind: t.kind,
    threshold: t.threshold,
    amountOff: t.kind === 'amount_off' ? t.amountOff : undefined,
    discountPermille: t.kind === 'percent_off' ? t.discountPermille : undefined,
    maxDiscount: t.maxDiscount,
    scope: { mode: t.scope.mode, productIds: [...t.scope.productIds], categoryIds: [...t.scope.categoryIds] },
    validityType: t.validity.type,
    validityRange:
      t.validity.type === 'absolute' ? [isoToShopWall(t.validity.from), isoToShopWall(t.validity.to)] : null,
    validityDays: t.validity.type === 'relative' ? t.validity.days : undefined,
    windows: t.windows.map((w) => ({ weekdays: [...w.weekdays], from: w.from, to: w.to })),
    totalQuantity: t.totalQuantity,
    perUserLimit: t.perUserLimit,
    channels: [...t.channels],
    stackable: t.stackable,
    allowActivityLines: t.allowActivityLines,
    returnOnRefund: t.returnOnRefund,
    enabled: t.status === 'enabled',
    claimRange:
      t.claimStartsAt || t.claimEndsAt
        ? [
            t.claimStartsAt ? isoToShopWall(t.claimStartsAt) : null,
            t.claimEndsAt ? isoToShopWall(t.claimEndsAt) : null,
          ]
        : null,
  };
}

/**
 * The request body. Fields that do not belong to the kind keep the API's neutral values (amountOff 0,
 * discountPermille 1000, maxDiscount null): a template never says two things.
 */
export function toTemplateBody(v: TemplateFormValues): TemplateBody {
  const [validFrom, validTo] = v.validityRange ?? [null, null];
  const [claimFrom, claimTo] = v.claimRange ?? [null, null];
  const scoped = v.scope.mode !== 'all';
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    kind: v.kind,
    threshold: v.threshold ?? 0,
    amountOff: v.kind === 'amount_off' ? (v.amountOff ?? 0) : 0,
    discountPermille: v.kind === 'percent_off' ? (v.discountPermille ?? 1000) : 1000,
    maxDiscount: v.kind === 'percent_off' ? (v.maxDiscount ?? null) : null,
    scope: {
      mode: v.scope.mode,
      productIds: scoped ? v.scope.productIds : [],
      categoryIds: scoped ? v.scope.categoryIds : [],
    },
    validity:
      v.validityType === 'absolute'
        ? {
            type: 'absolute',
            from: validFrom ? shopWallToIso(validFrom) : '',
            to: validTo ? shopWallToIso(validTo) : '',
          }
        : { type: 'relative', days: v.validityDays ?? 0 },
    windows: v.windows.map((w) => ({
      weekdays: [...w.weekdays].sort((a, b) => a - b),
      from: w.from,
      to: w.to,
    })),
    totalQuantity: v.totalQuantity ?? null,
    perUserLimit: v.perUserLimit,
    channels: v.channels,
    stackable: v.stackable,
    allowActivityLines: v.allowActivityLines,
    returnOnRefund: v.returnOnRefund,
    status: v.enabled ? 'enabled' : 'disabled',
    claimStartsAt: claimFrom ? shopWallToIso(claimFrom) : null,
    claimEndsAt: claimTo ? shopWallToIso(claimTo) : null,
  };
}

/** What the coupon gives, as a shopper reads it: 满100减20, 无门槛减5, 8.5 折 最多减¥30, 满99包邮. */
/** Yuan without the zeros a person would not write: 9900 → "99", 1250 → "12.5", 1999 → "19.99". */
const yuan = (fen: number) =>
  formatFen(fen)
    .slice(1)
    .replace(/\.00$/, '')
    .replace(/(\.\d)0$/, '$1');

export function couponFace(
  t: Pick<CouponTemplate, 'kind' | 'threshold' | 'amountOff' | 'discountPermille' | 'maxDiscount'>,
): string {
  const over = t.threshold > 0 ? `满${yuan(t.threshold)}` : '无门槛';
  if (t.kind === 'amount_off') return `${over}减${yuan(t.amountOff)}`;
  if (t.kind === 'percent_off')
    return `${over}打${formatPermille(t.discountPermille).replace(' ', '')}${t.maxDiscount !== null ? `，最多减${formatFen(t.maxDiscount)}` : ''}`;
  return t.threshold > 0 ? `${over}包邮` : '无门槛包邮';
}

export function validityText(t: Pick<CouponTemplate, 'validity'>): string {
  const v = t.validity;
  return v.type === 'relative'
    ? `领取后 ${v.days} 天内有效`
    : `${formatShopTime(v.from)} ~ ${formatShopTime(v.to)}`;
}

export const channelsText = (channels: Channel[]) => channels.map((c) => CHANNEL_LABELS[c]).join('、');

type NamePath = (string | number)[];

const DIRECT = [
  'name',
  'description',
  'kind',
  'threshold',
  'amountOff',
  'discountPermille',
  'maxDiscount',
  'totalQuantity',
  'perUserLimit',
  'channels',
  'stackable',
  'allowActivityLines',
  'returnOnRefund',
];

const LABELS: Record<string, string> = {
  validity: '有效期',
  windows: '可用时段',
  scope: '适用商品',
  status: '状态',
  claimStartsAt: '领取时间',
  claimEndsAt: '领取时间',
};

const toPath = (dotted: string): NamePath =>
  dotted === '' ? [] : dotted.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** The form field that shows an issue of the template body, or null (listed above the form). */
export function templateField(path: NamePath, message: string): NamePath | null {
  const [head, sub] = path;
  if (typeof head !== 'string') return null;
  if (DIRECT.includes(head)) return [head];
  if (head === 'validity') return sub === 'days' ? ['validityDays'] : ['validityRange'];
  if (head === 'claimStartsAt' || head === 'claimEndsAt') return ['claimRange'];
  if (head === 'scope')
    return sub === 'productIds' || sub === 'categoryIds' ? ['scope', sub] : ['scope', 'mode'];
  if (head === 'windows' && typeof sub === 'number') {
    const leaf = path[2] ?? /^(weekdays|from|to):/.exec(message)?.[1] ?? 'weekdays';
    return ['windows', sub, leaf];
  }
  return null;
}

export function placeTemplateIssues(issues: Issue[]) {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const leftovers: string[] = [];
  for (const issue of issues) {
    const text = issueText(issue);
    const path = toPath(issue.path);
    const name = templateField(path, issue.message);
    if (!name) {
      leftovers.push(`${LABELS[String(path[0])] ?? issue.path}：${text}`);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], leftovers };
}

/** The terms the API names in a CONFLICT (coupons were issued on them), in Chinese. */
const TERM_LABELS: Record<string, string> = {
  kind: '类型',
  threshold: '使用门槛',
  amountOff: '减免金额',
  discountPermille: '折扣',
  maxDiscount: '最多优惠',
  scope: '适用商品',
  validity: '有效期',
  windows: '可用时段',
  stackable: '可叠加',
  allowActivityLines: '活动价商品可用',
};

export function termsText(fields: unknown): string {
  return Array.isArray(fields) ? fields.map((f) => TERM_LABELS[String(f)] ?? String(f)).join('、') : '';
}

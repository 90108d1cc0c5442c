import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
// the pure modules, not the index (which pulls in antd): these helpers are unit-tested in node
import { issueText, type Issue } from '../../components/schema-form/messages';
import {
  cleanValue,
  describePath,
  fieldAt,
  initialValue,
  loadValue,
  type CompiledSchema,
  type FieldNode,
} from '../../components/schema-form/schema';
import { SHOP_TIME_ZONE } from '../../lib/shop-time';
import type { AudienceType, Campaign, CampaignBody, ScopeMode, Tool } from './types';

dayjs.extend(utc);
dayjs.extend(timezone);

const WALL = 'YYYY-MM-DD HH:mm:ss';

/**
 * The date pickers work in the browser's zone; the merchant thinks in shop time. A picker value is a shop
 * wall-clock time (the same digits in whatever zone the browser runs), so 2026-06-18 00:00 picked in New York
 * is 2026-06-18 00:00 in Shanghai, sent as 2026-06-17T16:00:00.000Z.
 */
export function isoToShopWall(iso: string): Dayjs {
  return dayjs(dayjs(iso).tz(SHOP_TIME_ZONE).format(WALL), WALL);
}

export function shopWallToIso(wall: Dayjs): string {
  return dayjs.tz(wall.format(WALL), SHOP_TIME_ZONE).toISOString();
}

export interface CampaignFormValues {
  name: string;
  description: string;
  /** shop wall-clock times; either end may be open (不限) */
  window: [Dayjs | null, Dayjs | null] | null;
  audience: {
    type: AudienceType;
    levelIds?: number[];
    tags?: string[];
    bucket?: Campaign['audience']['bucket'];
  };
  scope: { mode: ScopeMode; productIds: number[]; categoryIds: number[] };
  config: unknown;
  totalLimit: number | null | undefined;
  perShopperLimit: number | null | undefined;
  priority: number;
  exclusive: boolean;
  stackGroup: string;
  enabled: boolean;
}

/** A new campaign of a tool: the tool's stacking defaults and its config schema's defaults. */
export function newCampaign(tool: Tool, schema: CompiledSchema): CampaignFormValues {
  return {
    name: '',
    description: '',
    window: null,
    audience: { type: 'all' },
    scope: { mode: 'all', productIds: [], categoryIds: [] },
    config: initialValue(schema.root),
    totalLimit: null,
    perShopperLimit: null,
    priority: tool.defaults.priority,
    exclusive: tool.defaults.exclusive,
    stackGroup: tool.defaults.stackGroup,
    enabled: true,
  };
}

export function fromCampaign(c: Campaign, schema: CompiledSchema): CampaignFormValues {
  return {
    name: c.name,
    description: c.description ?? '',
    window:
      c.startsAt || c.endsAt
        ? [c.startsAt ? isoToShopWall(c.startsAt) : null, c.endsAt ? isoToShopWall(c.endsAt) : null]
        : null,
    audience: { ...c.audience },
    scope: { mode: c.scope.mode, productIds: [...c.scope.productIds], categoryIds: [...c.scope.categoryIds] },
    config: loadValue(schema.root, c.config),
    totalLimit: c.totalLimit,
    perShopperLimit: c.perShopperLimit,
    priority: c.priority,
    exclusive: c.exclusive,
    stackGroup: c.stackGroup,
    enabled: c.status === 'enabled',
  };
}

/** The request body: config through the schema (fen as typed in yuan, only the active option's keys). */
export function toBody(kind: string, v: CampaignFormValues, schema: CompiledSchema): CampaignBody {
  const [from, to] = v.window ?? [null, null];
  const audience: CampaignBody['audience'] = { type: v.audience.type };
  if (v.audience.type === 'levels') audience.levelIds = v.audience.levelIds ?? [];
  if (v.audience.type === 'tags') audience.tags = v.audience.tags ?? [];
  if (v.audience.bucket) audience.bucket = v.audience.bucket;
  const scoped = v.scope.mode !== 'all';
  return {
    kind,
    name: v.name.trim(),
    description: v.description.trim() || null,
    priority: v.priority,
    exclusive: v.exclusive,
    stackGroup: v.stackGroup.trim(),
    startsAt: from ? shopWallToIso(from) : null,
    endsAt: to ? shopWallToIso(to) : null,
    audience,
    scope: {
      mode: v.scope.mode,
      productIds: scoped ? v.scope.productIds : [],
      categoryIds: scoped ? v.scope.categoryIds : [],
    },
    config: cleanValue(schema.root, v.config),
    totalLimit: v.totalLimit ?? null,
    perShopperLimit: v.perShopperLimit ?? null,
    enabled: v.enabled,
  };
}

type NamePath = (string | number)[];

const COMMON_LABELS: Record<string, string> = {
  kind: '营销工具',
  name: '活动名称',
  description: '活动说明',
  startsAt: '开始时间',
  endsAt: '结束时间',
  audience: '参与对象',
  scope: '适用商品',
  totalLimit: '总次数',
  perShopperLimit: '每人次数',
  priority: '优先级',
  exclusive: '互斥',
  stackGroup: '叠加分组',
  enabled: '启用',
};

const TOP_FIELDS = [
  'name',
  'description',
  'totalLimit',
  'perShopperLimit',
  'priority',
  'exclusive',
  'stackGroup',
  'enabled',
];

/** The form field that shows an issue of the common fields, or null (then it is listed above the form). */
function commonField(path: NamePath): NamePath | null {
  const [head, sub] = path;
  if (typeof head !== 'string') return null;
  if (TOP_FIELDS.includes(head)) return [head];
  if (head === 'startsAt' || head === 'endsAt') return ['window'];
  if (head === 'audience')
    return sub === 'levelIds' || sub === 'tags' ? ['audience', sub] : ['audience', 'type'];
  if (head === 'scope')
    return sub === 'productIds' || sub === 'categoryIds' ? ['scope', sub] : ['scope', 'mode'];
  return null;
}

export interface PlacedIssues {
  /** errors per form field */
  fields: { name: NamePath; errors: string[] }[];
  /** issues no field shows, with where they are: "档位 第 2 行：档位门槛不能重复" */
  leftovers: string[];
}

const toPath = (dotted: string): NamePath =>
  dotted === '' ? [] : dotted.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** Puts the issues of a VALIDATION_FAILED answer on the form's fields (config ones through the schema). */
export function placeIssues(issues: Issue[], root: FieldNode): PlacedIssues {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const leftovers: string[] = [];
  for (const issue of issues) {
    const path = toPath(issue.path);
    let name: NamePath | null = null;
    let text: string;
    if (path[0] === 'config') {
      const hit = fieldAt(root, path.slice(1));
      text = issueText(issue, hit?.field.node);
      if (hit) name = ['config', ...hit.path];
      else leftovers.push(`${describePath(root, path.slice(1)) || '活动规则'}：${text}`);
    } else {
      text = issueText(issue);
      name = commonField(path);
      if (!name) leftovers.push(`${COMMON_LABELS[String(path[0])] ?? issue.path}：${text}`);
    }
    if (!name) continue;
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], leftovers };
}

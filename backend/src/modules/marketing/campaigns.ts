import { z } from 'zod';
import { Op, type WhereOptions } from 'sequelize';
import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { withTransaction, type Tx } from '../../platform/db/tx';
import type { Principal } from '../../platform/http/access';
import type { Paged } from '../../platform/http/route';
import type { Audience, Campaign, MarketingTool, Scope } from './engine/types';
import { CampaignOrderUse, CampaignRow } from './models';
import type * as s from './schemas';

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

type Phase = 'running' | 'upcoming' | 'ended';
type CampaignView = z.infer<typeof s.campaignView>;

/** Campaigns read by pricing are cached this long in each process; a write here clears this process's copy. */
const ACTIVE_TTL_MS = 5000;

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ path, message, code: 'custom' }]);

export function phaseOf(c: { startsAt: Date | null; endsAt: Date | null }, now: Date): Phase {
  if (c.endsAt && c.endsAt.getTime() <= now.getTime()) return 'ended';
  if (c.startsAt && c.startsAt.getTime() > now.getTime()) return 'upcoming';
  return 'running';
}

/** Campaign storage and the merchant's CRUD. Each config is validated by its tool's own zod schema. */
export function createCampaignService(platform: Platform, tools: readonly MarketingTool[]) {
  const { sequelize, audit, clock } = platform;
  const toolByKind = new Map(tools.map((t) => [t.kind, t]));
  let active: { until: number; campaigns: Promise<ActiveCampaign[]> } | null = null;

  function toolOf(kind: string): MarketingTool {
    const tool = toolByKind.get(kind);
    if (!tool) throw invalid('kind', `Unknown campaign kind '${kind}'`);
    return tool;
  }

  function validConfig(tool: MarketingTool, config: unknown): unknown {
    const parsed = tool.configSchema.safeParse(config);
    if (!parsed.success) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Invalid ${tool.kind} config`,
        parsed.error.issues.map((i) => ({
          path: ['config', ...i.path.map(String)].join('.'),
          message: i.message,
          code: i.code,
        })),
      );
    }
    return parsed.data;
  }

  function view(row: CampaignRow): CampaignView {
    const tool = toolByKind.get(row.kind);
    return {
      id: Number(row.id),
      kind: row.kind,
      toolTitle: tool?.title ?? row.kind,
      name: row.name,
      description: row.description,
      status: row.status,
      phase: phaseOf(row, clock.now()),
      priority: row.priority,
      exclusive: Boolean(row.exclusive),
      stackGroup: row.stackGroup,
      startsAt: row.startsAt?.toISOString() ?? null,
      endsAt: row.endsAt?.toISOString() ?? null,
      audience: JSON.parse(row.audienceJson) as Audience,
      scope: JSON.parse(row.scopeJson) as Scope,
      config: JSON.parse(row.configJson) as unknown,
      totalLimit: row.totalLimit,
      perShopperLimit: row.perShopperLimit,
      usedCount: Number(row.usedCount),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  function rowValues(input: s.CampaignInput) {
    const tool = toolOf(input.kind);
    return {
      kind: input.kind,
      name: input.name,
      description: input.description,
      status: input.enabled ? ('enabled' as const) : ('disabled' as const),
      priority: input.priority ?? tool.defaults.priority,
      exclusive: input.exclusive ?? tool.defaults.exclusive,
      stackGroup: input.stackGroup ?? tool.defaults.stackGroup,
      startsAt: input.startsAt ? new Date(input.startsAt) : null,
      endsAt: input.endsAt ? new Date(input.endsAt) : null,
      audienceJson: JSON.stringify(input.audience),
      scopeJson: JSON.stringify(input.scope),
      configJson: JSON.stringify(validConfig(tool, input.config)),
      totalLimit: input.totalLimit,
      perShopperLimit: input.perShopperLimit,
    };
  }

  async function record(
    actor: Principal,
    action: string,
    id: number,
    change: { before?: unknown; after?: unknown },
    meta: RequestMeta,
    tx: Tx,
  ) {
    await audit.record({ actor, action, subjectType: 'campaign', subjectId: id, ...change, ...meta }, tx);
  }

  async function lockedRow(id: number, tx: Tx) {
    const row = await CampaignRow.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!row) throw new AppError('NOT_FOUND', 'Campaign not found');
    return row;
  }

  function changed() {
    active = null;
  }

  async function create(actor: Principal, input: s.CampaignInput, meta: RequestMeta) {
    const values = rowValues(input);
    const after = await withTransaction(sequelize, async (tx) => {
      const row = await CampaignRow.create(values, { transaction: tx });
      const v = view(row);
      await record(actor, 'campaign.create', v.id, { after: v }, meta, tx);
      return v;
    });
    changed();
    return after;
  }

  /**
   * Replaces a campaign's definition. Its counters stay; a total limit below what was already used is refused
   * (the uses happened).
   */
  async function update(actor: Principal, id: number, input: s.CampaignInput, meta: RequestMeta) {
    const values = rowValues(input);
    const after = await withTransaction(sequelize, async (tx) => {
      const row = await lockedRow(id, tx);
      if (row.kind !== input.kind) throw invalid('kind', 'The kind of a campaign cannot change');
      if (values.totalLimit !== null && values.totalLimit < Number(row.usedCount)) {
        throw invalid('totalLimit', `Already used ${row.usedCount} times`);
      }
      const before = view(row);
      await row.update(values, { transaction: tx });
      const v = view(row);
      await record(actor, 'campaign.update', id, { before, after: v }, meta, tx);
      return v;
    });
    changed();
    return after;
  }

  async function setEnabled(actor: Principal, id: number, enabled: boolean, meta: RequestMeta) {
    const after = await withTransaction(sequelize, async (tx) => {
      const row = await lockedRow(id, tx);
      const before = view(row);
      await row.update({ status: enabled ? 'enabled' : 'disabled' }, { transaction: tx });
      const v = view(row);
      await record(
        actor,
        enabled ? 'campaign.enable' : 'campaign.disable',
        id,
        { before, after: v },
        meta,
        tx,
      );
      return v;
    });
    changed();
    return after;
  }

  /** Only a campaign no order used can be deleted; a used one is disabled instead (its orders name it). */
  async function remove(actor: Principal, id: number, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const row = await lockedRow(id, tx);
      const uses = await CampaignOrderUse.count({ where: { campaignId: id }, transaction: tx });
      if (uses > 0) {
        throw new AppError('BUSINESS_RULE', 'Orders used this campaign: disable it instead', {
          rule: 'campaign_used',
        });
      }
      const before = view(row);
      await row.destroy({ transaction: tx });
      await record(actor, 'campaign.delete', id, { before }, meta, tx);
    });
    changed();
  }

  async function get(id: number) {
    const row = await CampaignRow.findByPk(id);
    if (!row) throw new AppError('NOT_FOUND', 'Campaign not found');
    return view(row);
  }

  async function list(q: z.infer<typeof s.campaignQuery>): Promise<Paged<CampaignView>> {
    const now = clock.now();
    const where: WhereOptions<CampaignRow>[] = [];
    if (q.kind) where.push({ kind: q.kind });
    if (q.status) where.push({ status: q.status });
    if (q.phase === 'ended') where.push({ endsAt: { [Op.lte]: now } });
    if (q.phase === 'upcoming') where.push({ startsAt: { [Op.gt]: now } });
    if (q.phase === 'running') {
      where.push({ [Op.or]: [{ startsAt: null }, { startsAt: { [Op.lte]: now } }] });
      where.push({ [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: now } }] });
    }
    const { rows, count } = await CampaignRow.findAndCountAll({
      where: { [Op.and]: where },
      order: [['id', 'DESC']],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: rows.map(view), total: count, page: q.page, pageSize: q.pageSize };
  }

  async function stats(id: number) {
    await get(id);
    const uses = await CampaignOrderUse.findAll({ where: { campaignId: id } });
    const counted = uses.filter((u) => u.status === 'counted');
    return {
      campaignId: id,
      orders: counted.length,
      shoppers: new Set(counted.map((u) => Number(u.shopperId))).size,
      discount: counted.reduce((a, u) => a + Number(u.discount), 0),
      returnedUses: uses.length - counted.length,
    };
  }

  function describeTools() {
    return tools.map((t) => ({
      kind: t.kind,
      title: t.title,
      stage: t.stage,
      defaults: t.defaults,
      jsonSchema: z.toJSONSchema(t.configSchema, { io: 'input', unrepresentable: 'any' }),
    }));
  }

  async function loadActive(): Promise<ActiveCampaign[]> {
    const now = clock.now();
    const rows = await CampaignRow.findAll({
      where: {
        status: 'enabled',
        [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: now } }],
      },
    });
    return rows.flatMap((row) => {
      const tool = toolByKind.get(row.kind);
      if (!tool) return [];
      return [
        {
          id: Number(row.id),
          kind: row.kind,
          name: row.name,
          priority: row.priority,
          exclusive: Boolean(row.exclusive),
          stackGroup: row.stackGroup,
          startsAt: row.startsAt,
          endsAt: row.endsAt,
          audience: JSON.parse(row.audienceJson) as Audience,
          scope: JSON.parse(row.scopeJson) as Scope,
          config: tool.configSchema.parse(JSON.parse(row.configJson)),
          // limits are per shopper and change with every order: pricing fills them in
          remainingUses: null,
          totalLimit: row.totalLimit,
          perShopperLimit: row.perShopperLimit,
          usedCount: Number(row.usedCount),
        },
      ];
    });
  }

  /** Enabled campaigns not yet ended, with their limits; cached a few seconds per process. */
  async function activeCampaigns(): Promise<ActiveCampaign[]> {
    const nowMs = Date.now();
    if (!active || active.until < nowMs) {
      const campaigns = loadActive();
      active = { until: nowMs + ACTIVE_TTL_MS, campaigns };
      campaigns.catch(() => {
        if (active?.campaigns === campaigns) active = null;
      });
    }
    return active.campaigns;
  }

  return { create, update, setEnabled, remove, get, list, stats, describeTools, activeCampaigns, toolOf };
}

export interface ActiveCampaign extends Campaign {
  totalLimit: number | null;
  perShopperLimit: number | null;
  usedCount: number;
}

export type CampaignService = ReturnType<typeof createCampaignService>;

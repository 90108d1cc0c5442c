import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import type { z } from 'zod';
import { AppError } from '../../platform/errors';
import { guardedUpdate, withTransaction, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { Principal } from '../../platform/http/access';
import type { Paged } from '../../platform/http/route';
import { channelLike, type CouponContext, type RequestMeta } from './context';
import type { Issuer } from './issue';
import { CouponCodeBatch, CouponTemplate } from './models';
import type * as s from './schemas';
import { templateView } from './views';

type TemplatesQuery = z.infer<typeof s.templatesQuery>;
type GrantResult = z.infer<typeof s.grantResult>;

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ path, message, code: 'custom' }]);

/**
 * The terms a shopper holds a coupon on. Once an instance exists they are fixed: changing them would change
 * coupons already in wallets (and the validity of absolute instances is copied at issue). To offer other
 * terms the merchant disables the template and creates another.
 */
const TERMS = [
  'kind',
  'threshold',
  'amountOff',
  'discountPermille',
  'maxDiscount',
  'scope',
  'validity',
  'windows',
  'stackable',
  'allowActivityLines',
] as const;

function columns(input: s.TemplateInput) {
  return {
    name: input.name,
    description: input.description,
    kind: input.kind,
    threshold: input.threshold,
    amountOff: input.amountOff,
    discountPermille: input.discountPermille,
    maxDiscount: input.maxDiscount,
    scopeMode: input.scope.mode,
    scopeProductIds: JSON.stringify(input.scope.productIds),
    scopeCategoryIds: JSON.stringify(input.scope.categoryIds),
    validityType: input.validity.type,
    validFrom: input.validity.type === 'absolute' ? new Date(input.validity.from) : null,
    validTo: input.validity.type === 'absolute' ? new Date(input.validity.to) : null,
    validDays: input.validity.type === 'relative' ? input.validity.days : null,
    windowsJson: JSON.stringify(
      input.windows.map((w) => ({ weekdays: [...w.weekdays].sort((a, b) => a - b), from: w.from, to: w.to })),
    ),
    perUserLimit: input.perUserLimit,
    channelsJson: JSON.stringify(input.channels),
    stackable: input.stackable,
    allowActivityLines: input.allowActivityLines,
    returnOnRefund: input.returnOnRefund,
    status: input.status,
    claimStartsAt: input.claimStartsAt ? new Date(input.claimStartsAt) : null,
    claimEndsAt: input.claimEndsAt ? new Date(input.claimEndsAt) : null,
  };
}

/** The terms in a comparable form (times as instants, ids and weekdays sorted), keyed by field. */
function termsOf(v: s.TemplateView | s.TemplateInput): Record<(typeof TERMS)[number], string> {
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const normalized: Record<(typeof TERMS)[number], unknown> = {
    kind: v.kind,
    threshold: v.threshold,
    amountOff: v.amountOff,
    discountPermille: v.discountPermille,
    maxDiscount: v.maxDiscount,
    scope: {
      mode: v.scope.mode,
      productIds: sorted(v.scope.productIds),
      categoryIds: sorted(v.scope.categoryIds),
    },
    validity:
      v.validity.type === 'absolute'
        ? { type: 'absolute', from: Date.parse(v.validity.from), to: Date.parse(v.validity.to) }
        : { type: 'relative', days: v.validity.days },
    windows: v.windows.map((w) => ({ weekdays: sorted(w.weekdays), from: w.from, to: w.to })),
    stackable: v.stackable,
    allowActivityLines: v.allowActivityLines,
  };
  return Object.fromEntries(TERMS.map((k) => [k, JSON.stringify(normalized[k])])) as Record<
    (typeof TERMS)[number],
    string
  >;
}

const changedTerms = (a: s.TemplateView, b: s.TemplateInput) => {
  const [x, y] = [termsOf(a), termsOf(b)];
  return TERMS.filter((k) => x[k] !== y[k]);
};
const sameTime = (a: string | null, b: string | null) =>
  a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));

export function createTemplates(ctx: CouponContext, issuer: Issuer) {
  const { sequelize, audit, clock, accounts } = { ...ctx.platform, accounts: ctx.accounts };
  const now = () => clock.now();

  async function record(
    actor: Principal,
    action: string,
    subjectId: number,
    change: { before?: unknown; after?: unknown },
    meta: RequestMeta,
    tx: Tx,
  ) {
    await audit.record({ actor, action, subjectType: 'coupon_template', subjectId, ...change, ...meta }, tx);
  }

  async function find(id: number, tx?: Tx, lock = false) {
    const t = await CouponTemplate.findByPk(id, {
      transaction: tx,
      ...(lock && tx ? { lock: tx.LOCK.UPDATE } : {}),
    });
    if (!t) throw new AppError('NOT_FOUND', 'Coupon template not found');
    return t;
  }

  /** Rules that need the clock: a new absolute validity or claim window must not be over already. */
  function assertNotOver(input: s.TemplateInput, at: Date) {
    if (input.validity.type === 'absolute' && Date.parse(input.validity.to) <= at.getTime())
      throw invalid('validity.to', 'The validity is already over');
    if (input.claimEndsAt && Date.parse(input.claimEndsAt) <= at.getTime())
      throw invalid('claimEndsAt', 'The claim window is already over');
  }

  async function list(query: TemplatesQuery): Promise<Paged<s.TemplateView>> {
    const where: WhereOptions<CouponTemplate>[] = [];
    if (query.status) where.push({ status: query.status });
    if (query.kind) where.push({ kind: query.kind });
    if (query.channel) where.push({ channelsJson: { [Op.like]: channelLike(query.channel) } });
    if (query.keyword) {
      where.push(
        sequelize.literal(
          `name LIKE ${sequelize.escape(`%${query.keyword.replace(/[!%_]/g, (c) => `!${c}`)}%`)} ESCAPE '!'`,
        ) as unknown as WhereOptions<CouponTemplate>,
      );
    }
    const { rows, count } = await CouponTemplate.findAndCountAll({
      where: { [Op.and]: where },
      order: [['id', 'DESC']],
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items: rows.map(templateView), total: count, page: query.page, pageSize: query.pageSize };
  }

  async function get(id: number) {
    return templateView(await find(id));
  }

  async function create(actor: Principal, input: s.TemplateInput, meta: RequestMeta) {
    assertNotOver(input, now());
    return withTransaction(sequelize, async (tx) => {
      const t = await CouponTemplate.create(
        {
          ...columns(input),
          totalQuantity: input.totalQuantity,
          remaining: input.totalQuantity,
          createdBy: actor.id,
        },
        { transaction: tx },
      );
      const after = templateView(t);
      await record(actor, 'coupon_template.create', after.id, { after }, meta, tx);
      return after;
    });
  }

  /**
   * Replaces a template. Quantity: remaining becomes total − issued by one guarded update (a total below what
   * was issued is refused), so claims racing the edit never oversell. Terms are fixed once issued.
   */
  async function update(actor: Principal, id: number, input: s.TemplateInput, meta: RequestMeta) {
    return withTransaction(sequelize, async (tx) => {
      const t = await find(id, tx, true);
      const before = templateView(t);
      const changed = changedTerms(before, input);
      if (Number(t.issuedCount) > 0 && changed.length > 0) {
        throw new AppError('CONFLICT', 'Coupons were issued on these terms: create a new template instead', {
          fields: changed,
        });
      }
      if (changed.length > 0 || !sameTime(before.claimEndsAt, input.claimEndsAt)) assertNotOver(input, now());
      const moved = await guardedUpdate(
        sequelize,
        `UPDATE coupon_templates
            SET total_quantity = :total,
                remaining = CASE WHEN :total IS NULL THEN NULL ELSE :total - issued_count END,
                updated_at = :now
          WHERE id = :id AND (:total IS NULL OR issued_count <= :total)`,
        { id, total: input.totalQuantity, now: sqlTime(sequelize, now()) },
        tx,
      );
      if (moved !== 1)
        throw invalid(
          'totalQuantity',
          `${Number(t.issuedCount)} were issued already: the total cannot be lower`,
        );
      await t.update(columns(input), { transaction: tx });
      await t.reload({ transaction: tx });
      const after = templateView(t);
      await record(actor, 'coupon_template.update', id, { before, after }, meta, tx);
      return after;
    });
  }

  async function setStatus(actor: Principal, id: number, status: 'enabled' | 'disabled', meta: RequestMeta) {
    return withTransaction(sequelize, async (tx) => {
      const t = await find(id, tx, true);
      const before = templateView(t);
      await t.update({ status }, { transaction: tx });
      const after = templateView(t);
      await record(
        actor,
        `coupon_template.${status === 'enabled' ? 'enable' : 'disable'}`,
        id,
        { before, after },
        meta,
        tx,
      );
      return after;
    });
  }

  /** Only a template nothing was issued from and no code was made for; otherwise disable it. */
  async function remove(actor: Principal, id: number, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const t = await find(id, tx, true);
      if (
        Number(t.issuedCount) > 0 ||
        (await CouponCodeBatch.count({ where: { templateId: id }, transaction: tx }))
      )
        throw new AppError('CONFLICT', 'Coupons or codes exist for this template: disable it instead');
      const before = templateView(t);
      await t.destroy({ transaction: tx });
      await record(actor, 'coupon_template.delete', id, { before }, meta, tx);
    });
  }

  /**
   * Merchant grant to a list of shoppers, in one transaction with its audit entry. Each shopper gets one
   * instance through `tryIssue` (channel merchant_grant); a refusal (limit, sold out) is that shopper's outcome
   * and the others go on. With an idempotency key, sending the same grant again issues nothing new.
   */
  async function grant(
    actor: Principal,
    templateId: number,
    input: { shopperIds: number[]; idempotencyKey?: string },
    meta: RequestMeta,
  ): Promise<GrantResult> {
    return withTransaction(sequelize, async (tx) => {
      await find(templateId, tx);
      const results: GrantResult['results'] = [];
      for (const shopperId of input.shopperIds) {
        const shopper = await accounts.findShopper(shopperId, tx);
        if (!shopper || shopper.status === 'deleted') {
          results.push({ shopperId, outcome: 'unknown_shopper', instanceId: null });
          continue;
        }
        const r = await issuer.tryIssue(tx, {
          templateId,
          shopperId,
          channel: 'merchant_grant',
          idempotencyKey: input.idempotencyKey ? `grant:${input.idempotencyKey}` : undefined,
        });
        if (r.ok) {
          results.push({
            shopperId,
            outcome: r.replayed ? 'already_issued' : 'issued',
            instanceId: Number(r.instance.id),
          });
        } else {
          const outcome =
            r.code === 'COUPON_LIMIT' ? 'limit' : r.code === 'COUPON_SOLD_OUT' ? 'sold_out' : 'not_issuable';
          results.push({ shopperId, outcome, instanceId: null });
        }
      }
      const issued = results.filter((r) => r.outcome === 'issued').length;
      const summary = {
        issued,
        refused: results.filter((r) => r.outcome !== 'issued' && r.outcome !== 'already_issued').length,
        results,
      };
      await record(actor, 'coupon_template.grant', templateId, { after: summary }, meta, tx);
      return summary;
    });
  }

  async function stats(id: number): Promise<z.infer<typeof s.templateStats>> {
    const t = await find(id);
    const byStatus = await sequelize.query<{ status: string; n: number; discount: number | null }>(
      `SELECT status, COUNT(*) AS n, SUM(discount_amount) AS discount FROM coupon_instances
        WHERE template_id = :id GROUP BY status`,
      { replacements: { id }, type: QueryTypes.SELECT },
    );
    const byChannel = await sequelize.query<{ channel: string; n: number }>(
      'SELECT channel, COUNT(*) AS n FROM coupon_instances WHERE template_id = :id GROUP BY channel',
      { replacements: { id }, type: QueryTypes.SELECT },
    );
    const [orders] = await sequelize.query<{ n: number }>(
      `SELECT COUNT(DISTINCT order_id) AS n FROM coupon_instances
        WHERE template_id = :id AND status = 'used' AND order_id IS NOT NULL`,
      { replacements: { id }, type: QueryTypes.SELECT },
    );
    const [codes] = await sequelize.query<{ generated: number | null; redeemed: number | null }>(
      `SELECT SUM(quantity) AS generated, SUM(redeemed_count) AS redeemed FROM coupon_code_batches
        WHERE template_id = :id`,
      { replacements: { id }, type: QueryTypes.SELECT },
    );
    const count = (status: string) => Number(byStatus.find((r) => r.status === status)?.n ?? 0);
    return {
      templateId: id,
      issued: byStatus.reduce((sum, r) => sum + Number(r.n), 0),
      unused: count('unused'),
      locked: count('locked'),
      used: count('used'),
      expired: count('expired'),
      remaining: t.remaining === null ? null : Number(t.remaining),
      discountGiven: Number(byStatus.find((r) => r.status === 'used')?.discount ?? 0),
      orders: Number(orders?.n ?? 0),
      byChannel: Object.fromEntries(byChannel.map((r) => [r.channel, Number(r.n)])),
      codes: { generated: Number(codes?.generated ?? 0), redeemed: Number(codes?.redeemed ?? 0) },
    };
  }

  return { list, get, create, update, setStatus, remove, grant, stats, find };
}
export type Templates = ReturnType<typeof createTemplates>;

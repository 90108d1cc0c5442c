import { Op, QueryTypes } from 'sequelize';
import type { z } from 'zod';
import { guardedUpdate, isUniqueViolation, withTransaction, type Tx } from '../../platform/db/tx';
import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/http/access';
import { iso, num, type DistributionContext } from './context';
import { DistributionApplication, DistributionLevel, Distributor, type DistributorSource } from './models';
import type * as s from './schemas';
import { conditionsProblem, meetsConditions, type DistributorFacts, type LevelConditions } from './rules';

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

export interface LevelInput extends LevelConditions {
  name: string;
  grade: number;
  level1Bps: number | null;
  level2Bps: number | null;
}

/** Commission states that count as sales of the team (paid and not refunded away). */
export const LIVE_STATUSES = ['pending', 'frozen', 'available', 'withdrawn'] as const;

export const levelView = (l: DistributionLevel): z.infer<typeof s.level> => ({
  id: num(l.id),
  name: l.name,
  grade: num(l.grade),
  level1Bps: l.level1Bps === null ? null : num(l.level1Bps),
  level2Bps: l.level2Bps === null ? null : num(l.level2Bps),
  minOwnSpend: l.minOwnSpend === null ? null : num(l.minOwnSpend),
  minTeamSpend: l.minTeamSpend === null ? null : num(l.minTeamSpend),
  minTeamOrders: l.minTeamOrders === null ? null : num(l.minTeamOrders),
  minTeamSize: l.minTeamSize === null ? null : num(l.minTeamSize),
});

export const applicationView = (a: DistributionApplication): z.infer<typeof s.application> => ({
  id: num(a.id),
  shopperId: num(a.shopperId),
  status: a.status,
  realName: a.realName,
  phone: a.phone,
  note: a.note,
  rejectReason: a.rejectReason ? String(a.rejectReason) : null,
  reviewerId: a.reviewerId === null || a.reviewerId === undefined ? null : num(a.reviewerId),
  reviewedAt: iso(a.reviewedAt),
  createdAt: iso(a.createdAt)!,
});

/**
 * Distributors (推广员): who may promote (everyone, approved applicants, a spend threshold), their profile,
 * levels with automatic upgrades on conditions that never rest on team size alone, freezing.
 */
export function createDistributors(ctx: DistributionContext) {
  const { sequelize, audit } = ctx.platform;

  const find = (shopperId: number, tx?: Tx) => Distributor.findByPk(shopperId, { transaction: tx });

  async function activate(
    tx: Tx,
    shopperId: number,
    source: DistributorSource,
    profile: { realName?: string | null; phone?: string | null } = {},
  ): Promise<Distributor> {
    const now = ctx.now();
    try {
      return await Distributor.create(
        {
          shopperId,
          status: 'active',
          levelId: null,
          source,
          realName: profile.realName ?? null,
          phone: profile.phone ?? null,
          activatedAt: now,
        },
        { transaction: tx },
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('DISTRIBUTOR_EXISTS', 'Already a distributor');
      throw e;
    }
  }

  /**
   * The promoter of a share must be an active distributor; in "everyone" mode an active shopper becomes one
   * on first use. DISTRIBUTOR_REQUIRED / DISTRIBUTOR_FROZEN otherwise.
   */
  async function requireActivePromoter(tx: Tx, shopperId: number, autoActivate: boolean): Promise<void> {
    const d = await find(shopperId, tx);
    if (d) {
      if (d.status !== 'active') throw new AppError('DISTRIBUTOR_FROZEN', 'The promoter is frozen');
      return;
    }
    const shopper = await ctx.accounts.findShopper(shopperId, tx);
    if (autoActivate && shopper?.status === 'active') {
      try {
        await Distributor.findOrCreate({
          where: { shopperId },
          defaults: {
            shopperId,
            status: 'active',
            levelId: null,
            source: 'everyone',
            realName: null,
            phone: null,
            activatedAt: ctx.now(),
          },
          transaction: tx,
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      return;
    }
    throw new AppError('DISTRIBUTOR_REQUIRED', 'The sharer is not a distributor', { shopperId });
  }

  async function spendOf(shopperId: number, tx?: Tx): Promise<number> {
    const [row] = await sequelize.query<{ spend: number }>(
      'SELECT spend FROM distribution_shopper_stats WHERE shopper_id = :shopperId',
      { replacements: { shopperId }, type: QueryTypes.SELECT, transaction: tx },
    );
    return row ? num(row.spend) : 0;
  }

  /** The shopper asks to promote; what happens depends on the mode (RULES §8). */
  async function apply(
    shopperId: number,
    input: { realName?: string | null; phone?: string | null; note?: string | null },
  ) {
    const rules = await ctx.settings.get();
    if (!rules.enabled) throw new AppError('DISTRIBUTION_DISABLED', 'Distribution is switched off');
    const existing = await find(shopperId);
    if (existing) {
      if (existing.status === 'frozen')
        throw new AppError('DISTRIBUTOR_FROZEN', 'Your distributor account is frozen');
      throw new AppError('DISTRIBUTOR_EXISTS', 'Already a distributor');
    }
    if (rules.applyMode === 'everyone' || rules.applyMode === 'spend') {
      if (rules.applyMode === 'spend') {
        const spend = await spendOf(shopperId);
        if (spend < rules.spendThreshold) {
          throw new AppError('DISTRIBUTION_SPEND_NOT_REACHED', 'Spend below the threshold', {
            spend,
            threshold: rules.spendThreshold,
          });
        }
      }
      await withTransaction(sequelize, (tx) =>
        activate(tx, shopperId, rules.applyMode as DistributorSource, input),
      );
      return { status: 'active' as const, application: null };
    }
    try {
      const a = await DistributionApplication.create({
        shopperId,
        status: 'pending',
        realName: input.realName ?? null,
        phone: input.phone ?? null,
        note: input.note ?? null,
        openShopperId: shopperId,
      });
      return { status: 'pending' as const, application: applicationView(a) };
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new AppError('DISTRIBUTION_APPLICATION_PENDING', 'An application is already being reviewed');
      }
      throw e;
    }
  }

  async function review(
    actor: Principal,
    id: number,
    decision: { approve: true } | { approve: false; reason: string },
    meta: RequestMeta,
  ) {
    return withTransaction(sequelize, async (tx) => {
      const a = await DistributionApplication.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!a) throw new AppError('NOT_FOUND', 'Application not found');
      const moved = await guardedUpdate(
        sequelize,
        `UPDATE distribution_applications SET status = :status, open_shopper_id = NULL, reviewer_id = :actor,
           reviewed_at = :now, reject_reason = :reason, updated_at = :now WHERE id = :id AND status = 'pending'`,
        {
          id,
          status: decision.approve ? 'approved' : 'rejected',
          actor: actor.id,
          now: ctx.t(ctx.now()),
          reason: decision.approve ? null : decision.reason,
        },
        tx,
      );
      if (moved !== 1) {
        throw new AppError('ILLEGAL_TRANSITION', `The application is ${a.status}`, { status: a.status });
      }
      if (decision.approve && !(await find(num(a.shopperId), tx))) {
        await activate(tx, num(a.shopperId), 'approval', { realName: a.realName, phone: a.phone });
      }
      await audit.record(
        {
          actor,
          action: decision.approve ? 'distribution_application.approve' : 'distribution_application.reject',
          subjectType: 'distribution_application',
          subjectId: id,
          before: { status: 'pending' },
          after: {
            status: decision.approve ? 'approved' : 'rejected',
            reason: decision.approve ? null : decision.reason,
          },
          ...meta,
        },
        tx,
      );
      return applicationView((await DistributionApplication.findByPk(id, { transaction: tx }))!);
    });
  }

  async function listApplications(q: { page: number; pageSize: number; status?: string }) {
    const { rows, count } = await DistributionApplication.findAndCountAll({
      where: q.status ? { status: q.status } : {},
      order: [['id', 'DESC']],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: rows.map(applicationView), total: count, page: q.page, pageSize: q.pageSize };
  }

  async function latestApplication(shopperId: number) {
    const a = await DistributionApplication.findOne({ where: { shopperId }, order: [['id', 'DESC']] });
    return a ? applicationView(a) : null;
  }

  /** The merchant makes a shopper a distributor directly. */
  async function adminCreate(actor: Principal, shopperId: number, meta: RequestMeta) {
    const shopper = await ctx.accounts.findShopper(shopperId);
    if (!shopper || shopper.status === 'deleted') throw new AppError('NOT_FOUND', 'Shopper not found');
    await withTransaction(sequelize, async (tx) => {
      await activate(tx, shopperId, 'admin');
      await guardedUpdate(
        sequelize,
        `UPDATE distribution_applications SET status = 'approved', open_shopper_id = NULL, reviewer_id = :actor,
           reviewed_at = :now, updated_at = :now WHERE shopper_id = :shopperId AND status = 'pending'`,
        { shopperId, actor: actor.id, now: ctx.t(ctx.now()) },
        tx,
      );
      await audit.record(
        {
          actor,
          action: 'distributor.create',
          subjectType: 'shopper',
          subjectId: shopperId,
          after: { status: 'active' },
          ...meta,
        },
        tx,
      );
    });
  }

  async function setFrozen(
    actor: Principal,
    shopperId: number,
    frozen: boolean,
    reason: string,
    meta: RequestMeta,
  ) {
    await withTransaction(sequelize, async (tx) => {
      const d = await find(shopperId, tx);
      if (!d) throw new AppError('NOT_FOUND', 'Distributor not found');
      const moved = await guardedUpdate(
        sequelize,
        `UPDATE distribution_distributors SET status = :to, frozen_at = :frozenAt, freeze_reason = :reason,
           updated_at = :now WHERE shopper_id = :id AND status = :from`,
        {
          id: shopperId,
          to: frozen ? 'frozen' : 'active',
          from: frozen ? 'active' : 'frozen',
          frozenAt: frozen ? ctx.t(ctx.now()) : null,
          reason: frozen ? reason : null,
          now: ctx.t(ctx.now()),
        },
        tx,
      );
      if (moved !== 1) return;
      await audit.record(
        {
          actor,
          action: frozen ? 'distributor.freeze' : 'distributor.unfreeze',
          subjectType: 'shopper',
          subjectId: shopperId,
          before: { status: d.status },
          after: { status: frozen ? 'frozen' : 'active', reason },
          ...meta,
        },
        tx,
      );
    });
  }

  async function setLevel(actor: Principal, shopperId: number, levelId: number | null, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const d = await find(shopperId, tx);
      if (!d) throw new AppError('NOT_FOUND', 'Distributor not found');
      if (levelId !== null && !(await DistributionLevel.findByPk(levelId, { transaction: tx }))) {
        throw new AppError('NOT_FOUND', 'Level not found');
      }
      await Distributor.update({ levelId }, { where: { shopperId }, transaction: tx });
      await audit.record(
        {
          actor,
          action: 'distributor.level',
          subjectType: 'shopper',
          subjectId: shopperId,
          before: { levelId: d.levelId === null ? null : num(d.levelId) },
          after: { levelId },
          ...meta,
        },
        tx,
      );
    });
  }

  async function updateProfile(
    shopperId: number,
    patch: { realName?: string | null; phone?: string | null },
  ) {
    const d = await find(shopperId);
    if (!d) throw new AppError('DISTRIBUTOR_REQUIRED', 'Become a distributor first');
    await Distributor.update(patch, { where: { shopperId } });
  }

  // ── levels ──────────────────────────────────────────────────────────────────────────────────────────────

  const levels = () => DistributionLevel.findAll({ order: [['grade', 'ASC']] });

  function checkConditions(input: LevelConditions) {
    const problem = conditionsProblem(input);
    if (problem) throw new AppError('DISTRIBUTION_LEVEL_CONDITION', problem, { rule: 'team_size_alone' });
  }

  async function saveLevel(actor: Principal, id: number | null, input: LevelInput, meta: RequestMeta) {
    checkConditions(input);
    return withTransaction(sequelize, async (tx) => {
      const before = id === null ? null : await DistributionLevel.findByPk(id, { transaction: tx });
      if (id !== null && !before) throw new AppError('NOT_FOUND', 'Level not found');
      let level: DistributionLevel;
      try {
        if (before) {
          await before.update(input, { transaction: tx });
          level = before;
        } else {
          level = await DistributionLevel.create(input, { transaction: tx });
        }
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('CONFLICT', 'Another level has this grade', { grade: input.grade });
        throw e;
      }
      await audit.record(
        {
          actor,
          action: id === null ? 'distribution_level.create' : 'distribution_level.update',
          subjectType: 'distribution_level',
          subjectId: num(level.id),
          after: levelView(level),
          ...meta,
        },
        tx,
      );
      return levelView(level);
    });
  }

  async function deleteLevel(actor: Principal, id: number, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const level = await DistributionLevel.findByPk(id, { transaction: tx });
      if (!level) throw new AppError('NOT_FOUND', 'Level not found');
      // its distributors fall back to the shop's rates
      const [, affected] = await Promise.all([
        level.destroy({ transaction: tx }),
        Distributor.update({ levelId: null }, { where: { levelId: id }, transaction: tx }),
      ]);
      await audit.record(
        {
          actor,
          action: 'distribution_level.delete',
          subjectType: 'distribution_level',
          subjectId: id,
          before: levelView(level),
          after: { distributorsMovedToNoLevel: affected[0] },
          ...meta,
        },
        tx,
      );
    });
  }

  // ── facts and upgrades ──────────────────────────────────────────────────────────────────────────────────

  /** What level conditions look at: own spend, the team's sales and orders (levels 1 and 2), direct team size. */
  async function facts(shopperId: number, tx?: Tx): Promise<DistributorFacts> {
    const [sales] = await sequelize.query<{ spend: number | null; orders: number }>(
      `SELECT SUM(base_amount - refunded_base) AS spend, COUNT(DISTINCT order_id) AS orders
         FROM distribution_commissions WHERE beneficiary_id = :id AND status IN (:live)`,
      { replacements: { id: shopperId, live: LIVE_STATUSES }, type: QueryTypes.SELECT, transaction: tx },
    );
    const [team] = await sequelize.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM distribution_relations WHERE parent_id = :id',
      { replacements: { id: shopperId }, type: QueryTypes.SELECT, transaction: tx },
    );
    return {
      ownSpend: await spendOf(shopperId, tx),
      teamSpend: num(sales?.spend),
      teamOrders: num(sales?.orders),
      teamSize: num(team?.n),
    };
  }

  /**
   * Moves an active distributor up to the highest level whose conditions hold (never down: a merchant
   * lowers a level by hand). Answers the new level id, or null when nothing changed.
   */
  async function upgrade(shopperId: number, tx?: Tx): Promise<number | null> {
    const all = await DistributionLevel.findAll({ order: [['grade', 'DESC']], transaction: tx });
    if (!all.length) return null;
    const d = await find(shopperId, tx);
    if (!d || d.status !== 'active') return null;
    const current = d.levelId === null ? null : all.find((l) => num(l.id) === num(d.levelId));
    const f = await facts(shopperId, tx);
    const best = all.find((l) => meetsConditions(l, f));
    if (!best || (current && num(best.grade) <= num(current.grade))) return null;
    const moved = await guardedUpdate(
      sequelize,
      `UPDATE distribution_distributors SET level_id = :level, updated_at = :now
        WHERE shopper_id = :id AND status = 'active' AND ${d.levelId === null ? 'level_id IS NULL' : 'level_id = :was'}`,
      { id: shopperId, level: num(best.id), was: d.levelId, now: ctx.t(ctx.now()) },
      tx,
    );
    if (moved === 1) ctx.log.info({ shopperId, levelId: num(best.id) }, 'distributor upgraded');
    return moved === 1 ? num(best.id) : null;
  }

  async function upgradeAll(): Promise<{ checked: number; upgraded: number }> {
    if (!(await DistributionLevel.count())) return { checked: 0, upgraded: 0 };
    let checked = 0;
    let upgraded = 0;
    let after = 0;
    for (;;) {
      const batch = await Distributor.findAll({
        where: { status: 'active', shopperId: { [Op.gt]: after } },
        order: [['shopperId', 'ASC']],
        limit: 500,
        attributes: ['shopperId'],
      });
      if (!batch.length) break;
      for (const d of batch) {
        checked++;
        if ((await upgrade(num(d.shopperId))) !== null) upgraded++;
        after = num(d.shopperId);
      }
    }
    return { checked, upgraded };
  }

  return {
    find,
    activate,
    requireActivePromoter,
    spendOf,
    apply,
    review,
    listApplications,
    latestApplication,
    adminCreate,
    setFrozen,
    setLevel,
    updateProfile,
    levels,
    saveLevel,
    deleteLevel,
    facts,
    upgrade,
    upgradeAll,
  };
}

export type Distributors = ReturnType<typeof createDistributors>;

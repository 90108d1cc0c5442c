import { Op, QueryTypes } from 'sequelize';
import { withTransaction, type Tx } from '../../platform/db/tx';
import { AppError, isAppError, type ErrorCode } from '../../platform/errors';
import type { Principal } from '../../platform/http/access';
import { lockRow, num, type DistributionContext } from './context';
import type { Distributors } from './distributors';
import { DistributionBindingLog, DistributionRelation, type BindReason } from './models';
import type { BindingOutcome } from './ports';

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

/** Codes a visit's binding answers with instead of failing the visit. */
const OUTCOME_CODES = new Set<ErrorCode>([
  'DISTRIBUTION_DISABLED',
  'DISTRIBUTOR_REQUIRED',
  'DISTRIBUTOR_FROZEN',
  'DISTRIBUTION_SELF_BINDING',
  'DISTRIBUTION_BINDING_CYCLE',
  'DISTRIBUTION_ALREADY_BOUND',
]);

/** A chain longer than this is a corrupted table, not a team: refuse rather than loop. */
const MAX_CHAIN = 10_000;

/**
 * Binding a shopper to the promoter whose share they opened (RULES §8): first touch with a configurable lock
 * (permanent, N days, last touch), never to oneself, never into a cycle, every change kept in the history.
 *
 * Concurrency: a binding locks the visitor's relation row and then, walking up from the promoter, every
 * ancestor's row (each created if missing). Two bindings that would close a cycle between them lock a common
 * row, so one waits for the other (or InnoDB picks a deadlock victim, which is retried) and then sees the
 * other's parent on its walk.
 */
export function createBinding(ctx: DistributionContext, distributors: Distributors) {
  const { sequelize } = ctx.platform;

  async function lockRelation(tx: Tx, shopperId: number): Promise<DistributionRelation> {
    await lockRow(ctx, tx, 'distribution_relations', { shopper_id: shopperId }, 'shopper_id');
    return (await DistributionRelation.findByPk(shopperId, { transaction: tx, lock: tx.LOCK.UPDATE }))!;
  }

  /** Walks up from `from` locking each row; true when `target` is on the way (binding would close a cycle). */
  async function reaches(tx: Tx, from: number, target: number): Promise<boolean> {
    const seen = new Set<number>();
    let at: number | null = from;
    while (at !== null) {
      if (at === target) return true;
      if (seen.has(at) || seen.size > MAX_CHAIN) {
        ctx.log.error({ from, at }, 'distribution relations already contain a cycle');
        return true;
      }
      seen.add(at);
      const row = await lockRelation(tx, at);
      at = row.parentId === null ? null : num(row.parentId);
    }
    return false;
  }

  async function setParent(
    tx: Tx,
    rel: DistributionRelation,
    parentId: number | null,
    opts: { reason: BindReason; sceneCode: string | null; lockDays: number | null; actorId: number | null },
  ) {
    const now = ctx.now();
    const from = rel.parentId === null ? null : num(rel.parentId);
    await DistributionRelation.update(
      {
        parentId,
        boundAt: parentId === null ? null : now,
        lockUntil: opts.lockDays ? new Date(now.getTime() + opts.lockDays * 86_400_000) : null,
        sceneCode: opts.sceneCode,
        updatedAt: now,
      },
      { where: { shopperId: num(rel.shopperId) }, transaction: tx },
    );
    await DistributionBindingLog.create(
      {
        shopperId: num(rel.shopperId),
        fromParentId: from,
        toParentId: parentId,
        reason: opts.reason,
        sceneCode: opts.sceneCode,
        actorId: opts.actorId,
        createdAt: now,
      },
      { transaction: tx },
    );
  }

  /**
   * The visitor opened the promoter's share: bound when the rules allow. Throws the refusal's AppError
   * (DISTRIBUTION_SELF_BINDING, DISTRIBUTION_BINDING_CYCLE, DISTRIBUTION_ALREADY_BOUND,
   * DISTRIBUTOR_REQUIRED, DISTRIBUTION_DISABLED); answers 'unchanged' when already bound to this promoter.
   */
  async function bind(
    visitorId: number,
    promoterId: number,
    sceneCode: string | null,
  ): Promise<BindingOutcome> {
    const rules = await ctx.settings.get();
    if (!rules.enabled) throw new AppError('DISTRIBUTION_DISABLED', 'Distribution is switched off');
    if (visitorId === promoterId) {
      throw new AppError('DISTRIBUTION_SELF_BINDING', 'A shopper cannot be bound to themselves');
    }
    return withTransaction(sequelize, async (tx) => {
      // in "everyone" mode any active shopper who shares is a promoter (made one here on first use)
      await distributors.requireActivePromoter(tx, promoterId, rules.applyMode === 'everyone');
      const rel = await lockRelation(tx, visitorId);
      const current = rel.parentId === null ? null : num(rel.parentId);
      if (current === promoterId) return { status: 'unchanged', parentId: current, code: null };
      let reason: BindReason = 'first_touch';
      if (current !== null) {
        if (rules.bindLock === 'permanent') throw alreadyBound(current);
        if (rules.bindLock === 'days') {
          if (rel.lockUntil && new Date(rel.lockUntil).getTime() > ctx.now().getTime())
            throw alreadyBound(current);
          reason = 'lock_expired';
        } else {
          reason = 'last_touch';
        }
      }
      if (await reaches(tx, promoterId, visitorId)) {
        throw new AppError('DISTRIBUTION_BINDING_CYCLE', 'The promoter is already in this shopper’s team', {
          promoterId,
        });
      }
      await setParent(tx, rel, promoterId, {
        reason,
        sceneCode,
        lockDays: rules.bindLock === 'days' ? rules.bindLockDays : null,
        actorId: null,
      });
      return { status: 'bound', parentId: promoterId, code: null };
    });
  }

  const alreadyBound = (parentId: number) =>
    new AppError('DISTRIBUTION_ALREADY_BOUND', 'The shopper is bound to another promoter', { parentId });

  /** The share module's open handler: a refusal is an outcome, never an error of the visit. */
  async function onOpen(input: {
    visitorId: number;
    sharerId: number;
    code: string;
  }): Promise<BindingOutcome> {
    try {
      return await bind(input.visitorId, input.sharerId, input.code);
    } catch (e) {
      if (!isAppError(e) || !OUTCOME_CODES.has(e.code)) throw e;
      const rel = await DistributionRelation.findByPk(input.visitorId);
      const parentId = rel?.parentId === null || rel?.parentId === undefined ? null : num(rel.parentId);
      const kept = e.code === 'DISTRIBUTION_ALREADY_BOUND';
      return { status: kept ? 'unchanged' : 'refused', parentId, code: e.code };
    }
  }

  /** The merchant sets (or clears, with null) a shopper's promoter: no lock applies, the other rules do. */
  async function adminSetParent(
    actor: Principal,
    shopperId: number,
    parentId: number | null,
    meta: RequestMeta,
  ) {
    if (parentId === shopperId) {
      throw new AppError('DISTRIBUTION_SELF_BINDING', 'A shopper cannot be bound to themselves');
    }
    const shopper = await ctx.accounts.findShopper(shopperId);
    if (!shopper || shopper.status === 'deleted') throw new AppError('NOT_FOUND', 'Shopper not found');
    await withTransaction(sequelize, async (tx) => {
      if (parentId !== null) await distributors.requireActivePromoter(tx, parentId, false);
      const rel = await lockRelation(tx, shopperId);
      const before = rel.parentId === null ? null : num(rel.parentId);
      if (before === parentId) return;
      if (parentId !== null && (await reaches(tx, parentId, shopperId))) {
        throw new AppError('DISTRIBUTION_BINDING_CYCLE', 'The promoter is already in this shopper’s team', {
          promoterId: parentId,
        });
      }
      await setParent(tx, rel, parentId, {
        reason: 'admin',
        sceneCode: null,
        lockDays: null,
        actorId: actor.id,
      });
      await ctx.platform.audit.record(
        {
          actor,
          action: 'distribution.bind',
          subjectType: 'shopper',
          subjectId: shopperId,
          before: { parentId: before },
          after: { parentId },
          ...meta,
        },
        tx,
      );
    });
    return relationOf(shopperId);
  }

  async function parentOf(shopperId: number, tx?: Tx): Promise<number | null> {
    const rel = await DistributionRelation.findByPk(shopperId, { transaction: tx });
    return rel?.parentId === null || rel?.parentId === undefined ? null : num(rel.parentId);
  }

  /**
   * The promoter a shopper had at `at` (from the history). Order times are kept to the second, binding
   * times to the millisecond: a binding within the order's second counts as before it.
   */
  async function parentAt(shopperId: number, at: Date, tx?: Tx): Promise<number | null> {
    const [row] = await sequelize.query<{ to_parent_id: number | null }>(
      `SELECT to_parent_id FROM distribution_binding_logs
        WHERE shopper_id = :shopperId AND created_at < :until
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      {
        replacements: { shopperId, until: ctx.t(new Date(Math.floor(at.getTime() / 1000) * 1000 + 1000)) },
        type: QueryTypes.SELECT,
        transaction: tx,
      },
    );
    return row?.to_parent_id === null || row?.to_parent_id === undefined ? null : num(row.to_parent_id);
  }

  async function relationOf(shopperId: number) {
    const [rel, history] = await Promise.all([
      DistributionRelation.findByPk(shopperId),
      DistributionBindingLog.findAll({ where: { shopperId }, order: [['id', 'DESC']], limit: 50 }),
    ]);
    return {
      shopperId,
      parentId: rel?.parentId === null || rel?.parentId === undefined ? null : num(rel.parentId),
      boundAt: rel?.boundAt ? new Date(rel.boundAt).toISOString() : null,
      lockUntil: rel?.lockUntil ? new Date(rel.lockUntil).toISOString() : null,
      sceneCode: rel?.sceneCode ?? null,
      history: history.map((h) => ({
        fromParentId: h.fromParentId === null ? null : num(h.fromParentId),
        toParentId: h.toParentId === null ? null : num(h.toParentId),
        reason: h.reason,
        sceneCode: h.sceneCode,
        actorId: h.actorId === null ? null : num(h.actorId),
        at: new Date(h.createdAt).toISOString(),
      })),
    };
  }

  /** Direct (level 1) and indirect (level 2) team members' ids. */
  async function teamIds(distributorId: number): Promise<{ level1: number[]; level2: number[] }> {
    const direct = await DistributionRelation.findAll({
      where: { parentId: distributorId },
      attributes: ['shopperId'],
    });
    const level1 = direct.map((r) => num(r.shopperId));
    const indirect = level1.length
      ? await DistributionRelation.findAll({
          where: { parentId: { [Op.in]: level1 } },
          attributes: ['shopperId'],
        })
      : [];
    return { level1, level2: indirect.map((r) => num(r.shopperId)) };
  }

  return { bind, onOpen, adminSetParent, parentOf, parentAt, relationOf, teamIds };
}

export type Binding = ReturnType<typeof createBinding>;

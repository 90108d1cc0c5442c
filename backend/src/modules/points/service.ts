import crypto from 'node:crypto';
import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import type { z } from 'zod';
import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { guardedUpdate, withTransaction, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { EventPayload } from '../../platform/events/catalog';
import type { Principal } from '../../platform/http/access';
import type { Paged } from '../../platform/http/route';
import {
  initPointsModels,
  PointsBalance,
  PointsLedger,
  PointsOrderEarning,
  PointsOrderLine,
  PointsOrderRefund,
  type LedgerReason,
} from './models';
import { clawbackTarget, earnedPoints, pointsForUnits } from './rules';
import type * as schemas from './schemas';
import { createPointsSettings, type RequestMeta } from './settings';

export type LedgerView = z.infer<typeof schemas.ledgerEntry>;
export type AdminLedgerView = z.infer<typeof schemas.adminLedgerEntry>;

/**
 * What points needs of the order module: the lines' pay amounts (goods after discounts and points, without
 * freight) to earn on. `index.ts` assigns the order service to it, so the compiler checks it still offers it.
 */
export interface OrdersPort {
  getOrder(orderId: number): Promise<{ kind: string; lines: { payAmount: number }[] }>;
}

/** What points needs of the account module. */
export interface AccountsPort {
  findShopper(id: number, tx?: Tx): Promise<{ id: number; status: string } | undefined>;
  registerExporter?(name: string, fn: (shopperId: number) => Promise<unknown>): void;
}

/** Order kinds that earn nothing: stored value earns when it is spent on goods, not when it is topped up. */
const NO_EARNING_KINDS = new Set(['topup']);

const num = (v: unknown) => Number(v ?? 0);

const ledgerView = (l: PointsLedger): LedgerView => ({
  id: num(l.id),
  delta: num(l.delta),
  balanceAfter: num(l.balanceAfter),
  reason: l.reason,
  refType: l.refType,
  refId: l.refId === null ? null : num(l.refId),
  note: l.note,
  createdAt: new Date(l.createdAt).toISOString(),
});

const adminLedgerView = (l: PointsLedger): AdminLedgerView => ({
  ...ledgerView(l),
  shopperId: num(l.shopperId),
  actorId: l.actorId === null ? null : num(l.actorId),
});

interface Change {
  shopperId: number;
  delta: number;
  reason: LedgerReason;
  refType: string | null;
  refId: number | null;
  /** one business event, one key: a repeated event finds it and changes nothing */
  idemKey: string;
  note?: string | null;
  actorId?: number | null;
  /** clawbacks may take the balance below 0 (RULES §9); everything else is refused there */
  mayGoNegative?: boolean;
}

/**
 * The points ledger (RULES §9). Every change is a ledger row with a unique idempotency key; the shopper's
 * balance row changes only by guarded updates in the same transaction, so balance = Σ ledger always.
 * Every change but `spend` first takes the shopper's balance row lock (creating the row if missing), so
 * changes of one shopper are serialized and the idempotency check under the lock is exact; `spend` is a
 * single guarded decrement in the order's transaction (0 rows: not enough points).
 */
export function createPointsService(
  platform: Platform,
  deps: { orders: OrdersPort; accounts: AccountsPort },
) {
  const { sequelize, clock, audit, logger } = platform;
  initPointsModels(sequelize);
  const settings = createPointsSettings(platform);
  const log = logger.child({ module: 'points' });
  const mysql = sequelize.getDialect() !== 'sqlite';
  const now = () => clock.now();
  const t = (d: Date) => sqlTime(sequelize, d);

  /** Creates the balance row if missing and locks it until the transaction ends; answers the balance. */
  async function lockAccount(tx: Tx, shopperId: number): Promise<number> {
    const at = t(now());
    // ON DUPLICATE KEY UPDATE takes an exclusive lock on an existing row (a plain INSERT IGNORE a shared one)
    await sequelize.query(
      mysql
        ? `INSERT INTO points_balances (shopper_id, balance, created_at, updated_at) VALUES (:id, 0, :at, :at)
           ON DUPLICATE KEY UPDATE shopper_id = shopper_id`
        : `INSERT INTO points_balances (shopper_id, balance, created_at, updated_at) VALUES (:id, 0, :at, :at)
           ON CONFLICT (shopper_id) DO NOTHING`,
      { replacements: { id: shopperId, at }, transaction: tx, type: QueryTypes.INSERT },
    );
    const row = await PointsBalance.findByPk(shopperId, { transaction: tx, lock: tx.LOCK.UPDATE });
    return num(row!.balance);
  }

  const applied = async (tx: Tx, idemKey: string) =>
    !!(await PointsLedger.findOne({ where: { idemKey }, attributes: ['id'], transaction: tx }));

  /**
   * One change under the shopper's lock: the guarded balance update and its ledger row. Null when the key
   * was applied before (or the delta is 0). A debit that would go below 0 is POINTS_INSUFFICIENT unless
   * `mayGoNegative`.
   */
  async function change(tx: Tx, c: Change): Promise<PointsLedger | null> {
    const balance = await lockAccount(tx, c.shopperId);
    if (c.delta === 0 || (await applied(tx, c.idemKey))) return null;
    const guard = c.delta < 0 && !c.mayGoNegative ? ' AND balance >= :need' : '';
    const moved = await guardedUpdate(
      sequelize,
      `UPDATE points_balances SET balance = balance + :delta, updated_at = :at WHERE shopper_id = :id${guard}`,
      { id: c.shopperId, delta: c.delta, need: -c.delta, at: t(now()) },
      tx,
    );
    if (moved !== 1) {
      throw new AppError('POINTS_INSUFFICIENT', 'Not enough points', { points: -c.delta, balance });
    }
    return PointsLedger.create(
      {
        shopperId: c.shopperId,
        delta: c.delta,
        balanceAfter: balance + c.delta,
        reason: c.reason,
        refType: c.refType,
        refId: c.refId,
        idemKey: c.idemKey,
        note: c.note ?? null,
        actorId: c.actorId ?? null,
        createdAt: now(),
      },
      { transaction: tx },
    );
  }

  // ── the PointsSource contract ────────────────────────────────────────────────────────────────────────

  async function balance(shopperId: number, tx?: Tx): Promise<number> {
    const row = await PointsBalance.findByPk(shopperId, { transaction: tx });
    return row ? num(row.balance) : 0;
  }

  /**
   * In the order's transaction: `balance = balance - n WHERE balance >= n` (0 rows: POINTS_INSUFFICIENT and
   * the order rolls back), the ledger row (one per order), and each line's share for exact returns.
   */
  async function spend(
    tx: Tx,
    input: {
      shopperId: number;
      orderId: number;
      points: number;
      lines: { orderLineId: number; quantity: number; points: number }[];
    },
  ): Promise<void> {
    const { shopperId, orderId, points, lines } = input;
    if (!Number.isSafeInteger(points) || points < 0)
      throw new RangeError('points must be a whole number ≥ 0');
    for (const l of lines) {
      if (
        !Number.isSafeInteger(l.quantity) ||
        l.quantity <= 0 ||
        !Number.isSafeInteger(l.points) ||
        l.points < 0
      )
        throw new RangeError('each line needs a positive quantity and whole points ≥ 0');
    }
    if (lines.reduce((a, l) => a + l.points, 0) !== points)
      throw new RangeError("the lines' points must sum to the points spent");
    if (points === 0) return;
    const at = t(now());
    const moved = await guardedUpdate(
      sequelize,
      `UPDATE points_balances SET balance = balance - :n, updated_at = :at
        WHERE shopper_id = :id AND balance >= :n`,
      { id: shopperId, n: points, at },
      tx,
    );
    if (moved !== 1) {
      throw new AppError('POINTS_INSUFFICIENT', 'Not enough points', {
        points,
        balance: await balance(shopperId, tx),
      });
    }
    // our update holds the row: this locking read answers the balance it left
    const row = await PointsBalance.findByPk(shopperId, { transaction: tx, lock: tx.LOCK.UPDATE });
    await PointsLedger.create(
      {
        shopperId,
        delta: -points,
        balanceAfter: num(row!.balance),
        reason: 'spend',
        refType: 'order',
        refId: orderId,
        idemKey: `spend:order:${orderId}`,
        note: null,
        actorId: null,
        createdAt: now(),
      },
      { transaction: tx },
    );
    await PointsOrderLine.bulkCreate(
      lines
        .filter((l) => l.points > 0)
        .map((l) => ({
          orderId,
          orderLineId: l.orderLineId,
          shopperId,
          quantity: l.quantity,
          points: l.points,
        })),
      { transaction: tx },
    );
  }

  // ── order events ─────────────────────────────────────────────────────────────────────────────────────

  /** order.cancelled: every point the order spent comes back, once. */
  async function returnOnCancel(tx: Tx, e: EventPayload<'order.cancelled'>): Promise<void> {
    await lockAccount(tx, e.shopperId);
    const idemKey = `return_cancel:order:${e.orderId}`;
    if (await applied(tx, idemKey)) return;
    const lines = await PointsOrderLine.findAll({
      where: { orderId: e.orderId, shopperId: e.shopperId },
      order: [['id', 'ASC']],
      transaction: tx,
    });
    let back = 0;
    for (const l of lines) {
      const rest = num(l.points) - num(l.returnedPoints);
      if (rest <= 0 && l.returnedUnits >= l.quantity) continue;
      await moveLine(tx, l, l.quantity - l.returnedUnits, rest);
      back += rest;
    }
    await change(tx, {
      shopperId: e.shopperId,
      delta: back,
      reason: 'return_cancel',
      refType: 'order',
      refId: e.orderId,
      idemKey,
      note: `cancelled: ${e.reason}`,
    });
  }

  /** Marks `units` more units of a spending line returned with their points (guarded on the units seen). */
  async function moveLine(tx: Tx, l: PointsOrderLine, units: number, points: number) {
    const moved = await guardedUpdate(
      sequelize,
      `UPDATE points_order_lines SET returned_units = returned_units + :units,
         returned_points = returned_points + :points, updated_at = :at
       WHERE id = :id AND returned_units = :seen AND returned_units + :units <= quantity`,
      { id: num(l.id), units, points, seen: l.returnedUnits, at: t(now()) },
      tx,
    );
    if (moved !== 1) throw new Error(`points line ${l.id} changed under the shopper's lock`);
  }

  /**
   * order.refunded, once per refund id (the refund row is the marker, so a refund that returns 0 points is
   * still remembered): the refunded units' points come back, the line's points split over its units like
   * its money; and if the order has earned points, the refunded share of them is clawed back.
   */
  async function onRefund(tx: Tx, e: EventPayload<'order.refunded'>): Promise<void> {
    await lockAccount(tx, e.shopperId);
    if (await PointsOrderRefund.findOne({ where: { refundId: e.refundId }, transaction: tx })) return;
    const goods = e.lines.reduce((a, l) => a + l.amount, 0);
    await PointsOrderRefund.create(
      { refundId: e.refundId, orderId: e.orderId, shopperId: e.shopperId, amount: goods, createdAt: now() },
      { transaction: tx },
    );

    let back = 0;
    for (const refunded of e.lines) {
      const l = await PointsOrderLine.findOne({
        where: { orderLineId: refunded.orderLineId, orderId: e.orderId },
        transaction: tx,
      });
      if (!l) continue;
      const units = Math.min(refunded.quantity, l.quantity - l.returnedUnits);
      if (units < refunded.quantity) {
        log.warn(
          { refundId: e.refundId, orderLineId: refunded.orderLineId },
          'refund of units already returned',
        );
      }
      if (units <= 0) continue;
      const points = pointsForUnits(
        { points: num(l.points), quantity: l.quantity, returnedUnits: l.returnedUnits },
        units,
      );
      await moveLine(tx, l, units, points);
      back += points;
    }
    await change(tx, {
      shopperId: e.shopperId,
      delta: back,
      reason: 'return_refund',
      refType: 'order',
      refId: e.orderId,
      idemKey: `return_refund:refund:${e.refundId}`,
      note: `refund ${e.refundId}`,
    });

    const earning = await PointsOrderEarning.findByPk(e.orderId, { transaction: tx });
    if (earning) {
      const refundedAmount = num(earning.refundedAmount) + goods;
      await clawBack(tx, earning, refundedAmount, `clawback:refund:${e.refundId}`, `refund ${e.refundId}`);
    }
  }

  /** Brings the order's clawed points up to the refunded share of what it earned (may go below 0). */
  async function clawBack(
    tx: Tx,
    earning: PointsOrderEarning,
    refundedAmount: number,
    idemKey: string,
    note: string,
  ) {
    const target = clawbackTarget(num(earning.earned), num(earning.baseAmount), refundedAmount);
    const delta = target - num(earning.clawed);
    await PointsOrderEarning.update(
      { refundedAmount, clawed: Math.max(target, num(earning.clawed)), updatedAt: now() },
      { where: { orderId: num(earning.orderId) }, transaction: tx },
    );
    if (delta <= 0) return;
    await change(tx, {
      shopperId: num(earning.shopperId),
      delta: -delta,
      reason: 'clawback',
      refType: 'order',
      refId: num(earning.orderId),
      idemKey,
      note,
      mayGoNegative: true,
    });
  }

  /**
   * order.received: ⌊goods paid in yuan × earnPerYuan⌋ points, once per order (the earning row is the
   * marker). Refunds of this order seen before (events are not ordered across dispatchers) are clawed back
   * at once, so the result does not depend on which event came first.
   */
  async function earnOnReceipt(tx: Tx, e: EventPayload<'order.received'>): Promise<void> {
    if (NO_EARNING_KINDS.has(e.kind)) return;
    // read before the lock, on another connection: the lines' pay amounts do not change after payment
    const order = await deps.orders.getOrder(e.orderId);
    // the lock first: reads after it see everything committed before it (REPEATABLE READ snapshots start
    // at a transaction's first plain read)
    await lockAccount(tx, e.shopperId);
    if (await PointsOrderEarning.findByPk(e.orderId, { transaction: tx })) return;
    const rules = await settings.get(tx);
    const base = order.lines.reduce((a, l) => a + num(l.payAmount), 0);
    const earned = rules.enabled ? earnedPoints(base, rules.earnPerYuan) : 0;
    const earning = await PointsOrderEarning.create(
      {
        orderId: e.orderId,
        shopperId: e.shopperId,
        baseAmount: base,
        earned,
        refundedAmount: 0,
        clawed: 0,
      },
      { transaction: tx },
    );
    await change(tx, {
      shopperId: e.shopperId,
      delta: earned,
      reason: 'earn',
      refType: 'order',
      refId: e.orderId,
      idemKey: `earn:order:${e.orderId}`,
      note: `order ${e.orderNo}`,
    });
    const before = await PointsOrderRefund.sum('amount', { where: { orderId: e.orderId }, transaction: tx });
    if (num(before) > 0) {
      await clawBack(
        tx,
        earning,
        num(before),
        `clawback:order:${e.orderId}:before-receipt`,
        'refunded before receipt',
      );
    }
  }

  // ── merchant and shopper reads, adjustments ──────────────────────────────────────────────────────────

  async function ledgerPage(
    where: WhereOptions<PointsLedger>,
    page: number,
    pageSize: number,
  ): Promise<{ rows: PointsLedger[]; total: number }> {
    const { rows, count } = await PointsLedger.findAndCountAll({
      where,
      order: [['id', 'DESC']],
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { rows, total: count };
  }

  async function shopperLedger(
    shopperId: number,
    q: { page: number; pageSize: number; reason?: LedgerReason },
  ): Promise<Paged<LedgerView>> {
    const { rows, total } = await ledgerPage(
      { shopperId, ...(q.reason ? { reason: q.reason } : {}) },
      q.page,
      q.pageSize,
    );
    return { items: rows.map(ledgerView), total, page: q.page, pageSize: q.pageSize };
  }

  async function adminLedger(q: {
    page: number;
    pageSize: number;
    shopperId?: number;
    reason?: LedgerReason;
    orderId?: number;
  }): Promise<Paged<AdminLedgerView>> {
    const where: WhereOptions<PointsLedger> = {
      ...(q.shopperId ? { shopperId: q.shopperId } : {}),
      ...(q.reason ? { reason: q.reason } : {}),
      ...(q.orderId ? { refType: 'order', refId: q.orderId } : {}),
    };
    const { rows, total } = await ledgerPage(where, q.page, q.pageSize);
    return { items: rows.map(adminLedgerView), total, page: q.page, pageSize: q.pageSize };
  }

  async function requireShopper(shopperId: number, tx?: Tx) {
    const s = await deps.accounts.findShopper(shopperId, tx);
    if (!s || s.status === 'deleted') throw new AppError('NOT_FOUND', 'Shopper not found');
    return s;
  }

  async function shopperSummary(shopperId: number) {
    await requireShopper(shopperId);
    const [earnedTotal, spentTotal] = await Promise.all([
      PointsLedger.sum('delta', { where: { shopperId, delta: { [Op.gt]: 0 } } }),
      PointsLedger.sum('delta', { where: { shopperId, delta: { [Op.lt]: 0 } } }),
    ]);
    return {
      shopperId,
      balance: await balance(shopperId),
      earnedTotal: num(earnedTotal),
      spentTotal: -num(spentTotal),
    };
  }

  async function shopView(shopperId: number) {
    const [rules, points] = await Promise.all([settings.get(), balance(shopperId)]);
    return { balance: points, ...rules };
  }

  /**
   * A merchant's manual change with a reason, audited in the same transaction. A debit never takes the
   * balance below 0 (POINTS_INSUFFICIENT).
   */
  async function adjust(
    actor: Principal,
    shopperId: number,
    input: { delta: number; reason: string },
    meta: RequestMeta,
  ): Promise<AdminLedgerView> {
    return withTransaction(sequelize, async (tx) => {
      await requireShopper(shopperId, tx);
      const before = await lockAccount(tx, shopperId);
      const entry = await change(tx, {
        shopperId,
        delta: input.delta,
        reason: 'adjust',
        refType: null,
        refId: null,
        idemKey: `adjust:${crypto.randomUUID()}`,
        note: input.reason,
        actorId: actor.id,
      });
      await audit.record(
        {
          actor,
          action: 'points.adjust',
          subjectType: 'shopper',
          subjectId: shopperId,
          before: { balance: before },
          after: { balance: num(entry!.balanceAfter), delta: input.delta, reason: input.reason },
          ...meta,
        },
        tx,
      );
      return adminLedgerView(entry!);
    });
  }

  /** The shopper's data export section: balance and the whole ledger. */
  async function exportForShopper(shopperId: number) {
    const rows = await PointsLedger.findAll({ where: { shopperId }, order: [['id', 'ASC']] });
    return { balance: await balance(shopperId), ledger: rows.map(ledgerView) };
  }

  function register() {
    deps.accounts.registerExporter?.('points', exportForShopper);
  }

  return {
    settings: () => settings.get(),
    balance: (shopperId: number) => balance(shopperId),
    spend,
    register,
    settingsService: settings,
    returnOnCancel,
    onRefund,
    earnOnReceipt,
    shopperLedger,
    adminLedger,
    shopperSummary,
    shopView,
    adjust,
  };
}

export type PointsServiceInternal = ReturnType<typeof createPointsService>;

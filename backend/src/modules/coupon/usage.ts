import { QueryTypes } from 'sequelize';
import { AppError } from '../../platform/errors';
import { guardedUpdate, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { Fen } from '../../platform/money';
import type { CouponContext } from './context';

/**
 * An instance's life after issue (RULES §3):
 *
 * - unused → locked: `lock` in the order's transaction (order placed)
 * - locked → used: order.paid
 * - locked → unused (still valid) or expired (past validTo): order.cancelled
 * - used → unused: order.refunded with full: true, when the template returns coupons on refund and the
 *   instance is still valid
 * - unused → expired: the expiry job, past validTo
 *
 * Every move is one guarded UPDATE whose WHERE names the state it leaves (and, after placement, the order),
 * so a repeated or late event changes nothing and a coupon is never in two orders.
 */
export function createUsage(ctx: CouponContext) {
  const { sequelize, clock } = ctx.platform;
  const t = (d: Date) => sqlTime(sequelize, d);

  /**
   * In the order's transaction: each instance unused → locked for this order, recording its discount. Sorted by
   * id so that two orders naming the same coupons wait on each other instead of deadlocking.
   */
  async function lock(
    tx: Tx,
    input: { shopperId: number; orderId: number; coupons: { instanceId: number; discount: Fen }[] },
  ): Promise<void> {
    const now = clock.now();
    const seen = new Set<number>();
    for (const c of [...input.coupons].sort((a, b) => a.instanceId - b.instanceId)) {
      if (!Number.isSafeInteger(c.discount) || c.discount < 0)
        throw new RangeError(`coupon discount must be a non-negative integer of fen, got ${c.discount}`);
      if (seen.has(c.instanceId)) {
        throw new AppError('COUPON_UNAVAILABLE', 'A coupon is named twice', { instanceId: c.instanceId });
      }
      seen.add(c.instanceId);
      const locked = await guardedUpdate(
        sequelize,
        `UPDATE coupon_instances
            SET status = 'locked', order_id = :orderId, discount_amount = :discount, locked_at = :now,
                updated_at = :now
          WHERE id = :id AND shopper_id = :shopperId AND status = 'unused'
            AND valid_from <= :now AND valid_to > :now`,
        {
          id: c.instanceId,
          shopperId: input.shopperId,
          orderId: input.orderId,
          discount: c.discount,
          now: t(now),
        },
        tx,
      );
      if (locked !== 1) {
        throw new AppError('COUPON_UNAVAILABLE', 'The coupon is not usable any more', {
          instanceId: c.instanceId,
        });
      }
    }
  }

  /** order.paid: locked → used. */
  async function markUsed(tx: Tx, orderId: number, now: Date = clock.now()): Promise<number> {
    return guardedUpdate(
      sequelize,
      `UPDATE coupon_instances SET status = 'used', used_at = :now, updated_at = :now
        WHERE order_id = :orderId AND status = 'locked'`,
      { orderId, now: t(now) },
      tx,
    );
  }

  /** order.cancelled (unpaid): locked → unused while valid, else expired; the order lets go of it. */
  async function release(tx: Tx, orderId: number, now: Date = clock.now()): Promise<number> {
    return guardedUpdate(
      sequelize,
      `UPDATE coupon_instances
          SET status = CASE WHEN valid_to > :now THEN 'unused' ELSE 'expired' END,
              expired_at = CASE WHEN valid_to > :now THEN expired_at ELSE :now END,
              order_id = NULL, discount_amount = 0, locked_at = NULL, returned_at = :now, updated_at = :now
        WHERE order_id = :orderId AND status = 'locked'`,
      { orderId, now: t(now) },
      tx,
    );
  }

  /**
   * order.refunded with full: true. Used (or still locked, when this event is handled before order.paid:
   * handlers see events of one order in any order) → unused when the template returns coupons on refund and the
   * instance is still valid; whatever stays is used (the order was paid, or it could not have been refunded).
   */
  async function returnOnFullRefund(tx: Tx, orderId: number, now: Date = clock.now()) {
    const returned = await guardedUpdate(
      sequelize,
      `UPDATE coupon_instances
          SET status = 'unused', order_id = NULL, discount_amount = 0, locked_at = NULL, used_at = NULL,
              returned_at = :now, updated_at = :now
        WHERE order_id = :orderId AND status IN ('used', 'locked') AND valid_to > :now
          AND template_id IN (SELECT id FROM coupon_templates WHERE return_on_refund = 1)`,
      { orderId, now: t(now) },
      tx,
    );
    const kept = await markUsed(tx, orderId, now);
    return { returned, kept };
  }

  /** The expiry job: unused past validTo → expired, in batches of ids so no statement runs long. */
  async function expireDue(now: Date, batchSize = 500): Promise<number> {
    let expired = 0;
    for (;;) {
      const rows = await sequelize.query<{ id: number }>(
        `SELECT id FROM coupon_instances WHERE status = 'unused' AND valid_to <= :now ORDER BY id LIMIT :limit`,
        { replacements: { now: t(now), limit: batchSize }, type: QueryTypes.SELECT },
      );
      if (rows.length === 0) return expired;
      expired += await guardedUpdate(
        sequelize,
        `UPDATE coupon_instances SET status = 'expired', expired_at = :now, updated_at = :now
          WHERE id IN (:ids) AND status = 'unused' AND valid_to <= :now`,
        { ids: rows.map((r) => Number(r.id)), now: t(now) },
      );
      if (rows.length < batchSize) return expired;
    }
  }

  return { lock, markUsed, release, returnOnFullRefund, expireDue };
}
export type Usage = ReturnType<typeof createUsage>;

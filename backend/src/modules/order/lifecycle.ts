import { Op, type WhereOptions } from 'sequelize';
import { AppError } from '../../platform/errors';
import { withTransaction, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import {
  addDays,
  emitOrderEvent,
  moveOrder,
  SYSTEM,
  type Actor,
  type OrderContext,
  type RequestMeta,
} from './context';
import { Order, OrderLine } from './models';
import type { PaidNotice } from './ports';
import type { OrderSettingsService } from './settings';
import type { ShippingUpload } from './shipping-upload';
import { requiresShippingUpload } from './shipping-upload';
import { FULFILMENT_EVENT, OPEN_AFTERSALE_STATES } from './state';

export type CancelReason = 'shopper' | 'timeout' | 'merchant';

const ref = (o: Order) => ({
  orderId: Number(o.id),
  orderNo: o.orderNo,
  shopperId: Number(o.shopperId),
  kind: o.kind,
});

/**
 * Payment, cancellation, receipt, verification and completion. Each is a guarded transition (state.ts) with
 * its side effects in the same transaction: stock, sales counts, outbox events, the timeline.
 */
export function createLifecycle(ctx: OrderContext, settings: OrderSettingsService, uploads: ShippingUpload) {
  const { platform, catalog, payment } = ctx;
  const { sequelize, audit, clock, logger } = platform;
  const log = logger.child({ module: 'order' });

  /**
   * pending_payment → paid → the kind's fulfilment state, in the caller's transaction (the payment module's,
   * or the order's own for a 0-fen order). False when the order was not pending payment any more.
   */
  async function markPaid(
    tx: Tx,
    orderId: number,
    paid: { paidAt: Date; paymentId?: number; transactionId?: string | null; provider?: string | null },
    actor: Actor = SYSTEM,
  ): Promise<boolean> {
    const moved = await moveOrder(ctx, tx, orderId, 'pay', {
      actor,
      set: {
        paid_at: paid.paidAt,
        ...(paid.paymentId !== undefined ? { payment_id: paid.paymentId } : {}),
        ...(paid.transactionId ? { transaction_id: paid.transactionId } : {}),
        ...(paid.provider ? { pay_provider: paid.provider } : {}),
      },
    });
    if (!moved) return false;
    const order = (await Order.findByPk(orderId, { transaction: tx }))!;
    const lines = await OrderLine.findAll({ where: { orderId }, order: [['skuId', 'ASC']], transaction: tx });
    for (const l of lines) await catalog.addSales(tx, Number(l.skuId), l.quantity);
    await emitOrderEvent(ctx, tx, 'order.paid', {
      ...ref(order),
      payAmount: Number(order.payAmount),
      paidAt: paid.paidAt.toISOString(),
      ...(paid.transactionId ? { transactionId: paid.transactionId } : {}),
    });
    const event = FULFILMENT_EVENT[order.kind];
    if (event === 'deliver') {
      const now = clock.now();
      const { aftersaleWindowDays } = await settings.get(tx);
      await moveOrder(ctx, tx, orderId, 'deliver', {
        actor: SYSTEM,
        set: { received_at: now, aftersale_until: addDays(now, aftersaleWindowDays) },
      });
      await emitOrderEvent(ctx, tx, 'order.received', { ...ref(order), receivedAt: now.toISOString() });
      if (requiresShippingUpload(order.payProvider)) await uploads.schedule(tx, orderId);
    } else {
      await moveOrder(ctx, tx, orderId, event, { actor: SYSTEM });
    }
    return true;
  }

  /**
   * The payment module's notification, inside its transaction. 'rejected' (the payment module then refunds)
   * when the order is not waiting for this payment any more (auto-cancelled, or paid by another payment) or
   * the amount is not the order's; a repeated notice of the payment that paid it is 'accepted' again.
   */
  async function onPaid(tx: Tx, notice: PaidNotice): Promise<'accepted' | 'rejected'> {
    const order = await Order.findByPk(notice.orderId, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!order) {
      log.error({ notice }, 'payment for an unknown order');
      return 'rejected';
    }
    if (Number(order.payAmount) !== notice.amount) {
      log.error({ notice, payAmount: Number(order.payAmount) }, 'payment amount differs from the order');
      return 'rejected';
    }
    const paidAt = notice.paidAt instanceof Date ? notice.paidAt : new Date(notice.paidAt);
    const moved = await markPaid(tx, Number(order.id), {
      paidAt: Number.isNaN(paidAt.getTime()) ? clock.now() : paidAt,
      paymentId: notice.paymentId,
      transactionId: notice.transactionId,
      provider: notice.provider ?? order.payProvider,
    });
    if (moved) return 'accepted';
    const again = order.paidAt !== null && Number(order.paymentId) === notice.paymentId;
    if (!again) log.warn({ notice, status: order.status }, 'payment for an order no longer waiting for it');
    return again ? 'accepted' : 'rejected';
  }

  async function findOwned(orderId: number, shopperId?: number, tx?: Tx) {
    const order = await Order.findOne({
      where: { id: orderId, ...(shopperId !== undefined ? { shopperId } : {}) },
      transaction: tx,
    });
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    return order;
  }

  /**
   * pending_payment → cancelled, and the reserved stock back, in one transaction: the guarded status change
   * is what makes the release happen once, whatever races it (a payment, a second cancel, the timeout job).
   * Returns whether this call cancelled it; a repeated cancel of a cancelled order is a no-op.
   */
  async function cancel(
    orderId: number,
    reason: CancelReason,
    actor: Actor,
    opts: { shopperId?: number; now?: Date; meta?: RequestMeta; note?: string } = {},
  ): Promise<boolean> {
    const now = opts.now ?? clock.now();
    const guards: string[] = [];
    const replacements: Record<string, unknown> = {};
    if (opts.shopperId !== undefined) {
      guards.push('shopper_id = :shopperId');
      replacements.shopperId = opts.shopperId;
    }
    if (reason === 'timeout') {
      guards.push('expires_at <= :deadline');
      replacements.deadline = sqlTime(sequelize, now);
    }
    const cancelled = await withTransaction(sequelize, async (tx) => {
      const moved = await moveOrder(ctx, tx, orderId, 'cancel', {
        actor,
        set: { cancelled_at: now, cancel_reason: reason },
        guard: guards.length ? { sql: guards.join(' AND '), replacements } : undefined,
        note: opts.note,
      });
      if (!moved) return false;
      const order = (await Order.findByPk(orderId, { transaction: tx }))!;
      const lines = await OrderLine.findAll({
        where: { orderId },
        order: [['skuId', 'ASC']],
        transaction: tx,
      });
      for (const l of lines) await catalog.releaseStock(tx, Number(l.skuId), l.quantity);
      await emitOrderEvent(ctx, tx, 'order.cancelled', { ...ref(order), reason });
      if (actor.kind === 'admin') {
        await audit.record(
          {
            actor,
            action: 'order.cancel',
            subjectType: 'order',
            subjectId: orderId,
            before: { status: 'pending_payment' },
            after: { status: 'cancelled', note: opts.note },
            ...opts.meta,
          },
          tx,
        );
      }
      return true;
    });
    if (cancelled) {
      // a payment still open with the provider is closed; one that completes anyway is refunded (onPaid)
      await payment
        .closePayment(orderId)
        .catch((e) => log.warn({ err: e, orderId }, 'closing the payment failed'));
      return true;
    }
    if (reason === 'timeout') return false;
    const order = await findOwned(orderId, opts.shopperId);
    if (order.status === 'cancelled') return false;
    throw new AppError('ILLEGAL_TRANSITION', `An order in ${order.status} cannot be cancelled`, {
      status: order.status,
    });
  }

  /** Runs `fn` for every order matching `where`, in id order, in batches (a cursor, so none is visited twice). */
  async function forEachDue(where: WhereOptions<Order>, fn: (orderId: number) => Promise<boolean>) {
    let moved = 0;
    let skipped = 0;
    let after = 0;
    for (;;) {
      const due = await Order.findAll({
        attributes: ['id'],
        where: { ...where, id: { [Op.gt]: after } },
        order: [['id', 'ASC']],
        limit: 200,
      });
      for (const o of due) {
        after = Number(o.id);
        if (await fn(after)) moved++;
        else skipped++;
      }
      if (due.length < 200) return { moved, skipped };
    }
  }

  /** The unpaid timeout: every pending order past its expires_at, each cancelled by its own guarded update. */
  async function cancelExpired(now: Date) {
    return forEachDue({ status: 'pending_payment', expiresAt: { [Op.lte]: now } }, (id) =>
      cancel(id, 'timeout', SYSTEM, { now }),
    );
  }

  /** shipped → received: by the shopper, or by the auto-confirm job (then only when shipped long enough). */
  async function receive(
    orderId: number,
    actor: Actor,
    opts: { shopperId?: number; shippedBefore?: Date } = {},
  ): Promise<boolean> {
    const now = clock.now();
    const guards: string[] = [];
    const replacements: Record<string, unknown> = {};
    if (opts.shopperId !== undefined) {
      guards.push('shopper_id = :shopperId');
      replacements.shopperId = opts.shopperId;
    }
    if (opts.shippedBefore) {
      guards.push('shipped_at <= :shippedBefore');
      replacements.shippedBefore = sqlTime(sequelize, opts.shippedBefore);
    }
    const moved = await withTransaction(sequelize, async (tx) => {
      const { aftersaleWindowDays } = await settings.get(tx);
      const ok = await moveOrder(ctx, tx, orderId, 'receive', {
        actor,
        set: { received_at: now, aftersale_until: addDays(now, aftersaleWindowDays) },
        guard: guards.length ? { sql: guards.join(' AND '), replacements } : undefined,
      });
      if (!ok) return false;
      const order = (await Order.findByPk(orderId, { transaction: tx }))!;
      await emitOrderEvent(ctx, tx, 'order.received', { ...ref(order), receivedAt: now.toISOString() });
      return true;
    });
    if (moved || opts.shippedBefore) return moved;
    const order = await findOwned(orderId, opts.shopperId);
    if (order.status === 'received' || order.status === 'completed') return false;
    throw new AppError('ILLEGAL_TRANSITION', `An order in ${order.status} cannot be received`, {
      status: order.status,
    });
  }

  async function autoReceive(now: Date) {
    const { autoReceiveDays } = await settings.get();
    const shippedBefore = addDays(now, -autoReceiveDays);
    return forEachDue({ status: 'shipped', shippedAt: { [Op.lte]: shippedBefore } }, (id) =>
      receive(id, SYSTEM, { shippedBefore }),
    );
  }

  /**
   * to_verify → received for a local-service order whose code was verified in a store (the staff module calls
   * this in its transaction). Verification counts as receipt: the after-sales window starts.
   */
  async function markVerified(tx: Tx, orderId: number, actor: Actor): Promise<boolean> {
    const now = clock.now();
    const { aftersaleWindowDays } = await settings.get(tx);
    const moved = await moveOrder(ctx, tx, orderId, 'verify', {
      actor,
      set: { received_at: now, aftersale_until: addDays(now, aftersaleWindowDays) },
    });
    if (!moved) return false;
    const order = (await Order.findByPk(orderId, { transaction: tx }))!;
    await emitOrderEvent(ctx, tx, 'order.received', { ...ref(order), receivedAt: now.toISOString() });
    if (requiresShippingUpload(order.payProvider)) await uploads.schedule(tx, orderId);
    return true;
  }

  /** received → completed once the after-sales window has closed and no after-sale is still open. */
  async function autoComplete(now: Date) {
    return forEachDue({ status: 'received', aftersaleUntil: { [Op.lte]: now } }, (orderId) =>
      withTransaction(sequelize, async (tx) => {
        const done = await moveOrder(ctx, tx, orderId, 'complete', {
          actor: SYSTEM,
          set: { completed_at: now },
          guard: {
            sql: `aftersale_until <= :windowEnd AND NOT EXISTS (SELECT 1 FROM after_sales a
                    WHERE a.order_id = :orderId AND a.status IN (:open))`,
            replacements: { windowEnd: sqlTime(sequelize, now), orderId, open: OPEN_AFTERSALE_STATES },
          },
        });
        if (done) {
          const order = (await Order.findByPk(orderId, { transaction: tx }))!;
          await emitOrderEvent(ctx, tx, 'order.completed', ref(order));
        }
        return done;
      }),
    );
  }

  return {
    markPaid,
    onPaid,
    cancel,
    cancelExpired,
    receive,
    autoReceive,
    markVerified,
    autoComplete,
    findOwned,
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;

import { Op } from 'sequelize';
import { AppError } from '../../platform/errors';
import { guardedUpdate, isUniqueViolation, withTransaction, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { Principal } from '../../platform/http/access';
import { afterSaleAmount } from './amounts';
import {
  emitOrderEvent,
  logOrder,
  moveAfterSale,
  moveOrder,
  SYSTEM,
  type Actor,
  type OrderContext,
  type RequestMeta,
} from './context';
import { AfterSale, Order, OrderLine, type AfterSaleType } from './models';
import { newNumber } from './numbers';
import type { RefundedNotice } from './ports';
import type { OrderSettingsService } from './settings';
import { requiresShippingUpload, type ShippingUpload } from './shipping-upload';
import { AFTERSALE_ORDER_STATES, UNFULFILLED_STATES } from './state';
import { afterSaleView } from './views';

export interface AfterSaleRequest {
  orderLineId: number;
  type: AfterSaleType;
  quantity: number;
  reason: string;
  description?: string;
  /** storage keys of photos the shopper uploaded */
  photos?: string[];
}

/**
 * After-sales (their own machine in state.ts), one line and some of its units each. The amount is the
 * line's stored pay amount split over its units by largest remainder (`afterSaleAmount`): the after-sales
 * covering every unit of a line refund exactly what the line paid. Money only leaves through
 * `refund_reserved_amount`, a guarded counter that never exceeds what the order paid.
 */
export const PHOTO_FOLDER = 'aftersales';

export function createAfterSales(ctx: OrderContext, settings: OrderSettingsService, uploads: ShippingUpload) {
  const { platform, catalog, payment } = ctx;
  const { sequelize, audit, clock, logger, config } = platform;
  const log = logger.child({ module: 'order', part: 'aftersale' });
  const photoUrl = (key: string) => platform.storage.url(key);
  const now = () => clock.now();
  const t = (d: Date) => sqlTime(sequelize, d);

  /**
   * What asking for `quantity` more units of a line would refund now (the units' largest-remainder shares
   * after those already held by other after-sales); the request answers the same amount.
   */
  async function previewAmount(shopperId: number, orderId: number, orderLineId: number, quantity: number) {
    const order = await Order.findOne({ where: { id: orderId, shopperId }, attributes: ['id'] });
    const line = order && (await OrderLine.findOne({ where: { id: orderLineId, orderId } }));
    if (!line) throw new AppError('NOT_FOUND', 'No such line in your orders', { orderLineId });
    const left = line.quantity - line.aftersaleQuantity;
    if (quantity > left) {
      throw new AppError('REFUND_EXCEEDS_PAID', 'More units than are left to refund on this line', {
        orderLineId,
        left,
      });
    }
    const amount = afterSaleAmount({
      payAmount: Number(line.payAmount),
      quantity: line.quantity,
      committed: line.aftersaleQuantity,
      requested: quantity,
    });
    return { orderLineId, quantity, left, amount };
  }

  async function request(shopperId: number, orderId: number, input: AfterSaleRequest) {
    const order = await Order.findOne({ where: { id: orderId, shopperId } });
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    if (order.status === 'pending_payment' || order.status === 'cancelled') {
      throw new AppError('ILLEGAL_TRANSITION', 'The order was not paid', { status: order.status });
    }
    const windowOpen =
      AFTERSALE_ORDER_STATES.includes(order.status) &&
      (!order.aftersaleUntil || order.aftersaleUntil.getTime() > now().getTime());
    if (!windowOpen)
      throw new AppError('AFTERSALE_WINDOW_CLOSED', 'The after-sales period of this order is over');
    const line = await OrderLine.findOne({ where: { id: input.orderLineId, orderId } });
    if (!line)
      throw new AppError('NOT_FOUND', 'No such line in this order', { orderLineId: input.orderLineId });
    if (line.giftCampaignId !== null) {
      throw new AppError('BUSINESS_RULE', 'A gift is not refunded on its own', { rule: 'gift_line' });
    }
    if (input.type === 'return_refund' && (line.kind !== 'physical' || line.shippedQuantity === 0)) {
      throw new AppError('BUSINESS_RULE', 'Only shipped goods can be returned; ask for a refund instead', {
        rule: 'return_needs_shipment',
      });
    }
    const id = await withTransaction(sequelize, async (tx) => {
      // the window is checked again under the order row, which the completion job also takes
      const open = await guardedUpdate(
        sequelize,
        `UPDATE orders SET updated_at = :now WHERE id = :id AND status IN (:states)
           AND (aftersale_until IS NULL OR aftersale_until > :now)`,
        { id: orderId, states: AFTERSALE_ORDER_STATES, now: t(now()) },
        tx,
      );
      if (!open)
        throw new AppError('AFTERSALE_WINDOW_CLOSED', 'The after-sales period of this order is over');
      const fresh = (await OrderLine.findByPk(line.id, { transaction: tx, lock: tx.LOCK.UPDATE }))!;
      const held = await guardedUpdate(
        sequelize,
        `UPDATE order_lines SET aftersale_quantity = aftersale_quantity + :q, updated_at = :now
          WHERE id = :id AND aftersale_quantity + :q <= quantity`,
        { id: Number(line.id), q: input.quantity, now: t(now()) },
        tx,
      );
      if (!held) {
        throw new AppError('REFUND_EXCEEDS_PAID', 'More units than are left to refund on this line', {
          orderLineId: Number(line.id),
          left: fresh.quantity - fresh.aftersaleQuantity,
        });
      }
      // what it will refund if the after-sales before it are refunded first; fixed when the refund is committed
      const amount = afterSaleAmount({
        payAmount: Number(fresh.payAmount),
        quantity: fresh.quantity,
        committed: fresh.aftersaleQuantity,
        requested: input.quantity,
      });
      let created: AfterSale;
      try {
        created = await AfterSale.create(
          {
            afterSaleNo: newNumber(now(), config.shopTimezone, 'S'),
            orderId,
            orderLineId: Number(line.id),
            shopperId,
            type: input.type,
            status: 'requested',
            quantity: input.quantity,
            amount,
            openLineId: Number(line.id),
            reason: input.reason,
            description: input.description ?? null,
            photosJson: JSON.stringify(input.photos ?? []),
            requestedAt: now(),
          },
          { transaction: tx },
        );
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new AppError('AFTERSALE_OPEN', 'This line already has an after-sale in progress', {
            orderLineId: Number(line.id),
          });
        }
        throw e;
      }
      await logOrder(ctx, tx, orderId, {
        action: 'aftersale.request',
        actor: { kind: 'shopper', id: shopperId },
        note: `${created.afterSaleNo} ${input.type} ×${input.quantity}`,
      });
      return Number(created.id);
    });
    return view(id);
  }

  async function view(id: number) {
    const a = await AfterSale.findByPk(id);
    if (!a) throw new AppError('NOT_FOUND', 'After-sale not found');
    const [order, line] = await Promise.all([Order.findByPk(a.orderId), OrderLine.findByPk(a.orderLineId)]);
    return afterSaleView(a, photoUrl, { orderNo: order?.orderNo, line: line ?? undefined });
  }

  async function load(id: number, tx: Tx, shopperId?: number) {
    const a = await AfterSale.findOne({
      where: { id, ...(shopperId !== undefined ? { shopperId } : {}) },
      transaction: tx,
      lock: tx.LOCK.UPDATE,
    });
    if (!a) throw new AppError('NOT_FOUND', 'After-sale not found');
    return a;
  }

  const ref = (a: AfterSale) => ({
    id: Number(a.id),
    orderId: Number(a.orderId),
    afterSaleNo: a.afterSaleNo,
  });

  /** A closed after-sale (withdrawn, rejected) gives its units back to the line. */
  async function releaseHold(tx: Tx, a: AfterSale) {
    await guardedUpdate(
      sequelize,
      'UPDATE order_lines SET aftersale_quantity = aftersale_quantity - :q, updated_at = :now WHERE id = :id',
      { id: Number(a.orderLineId), q: a.quantity, now: t(now()) },
      tx,
    );
  }

  function illegal(a: AfterSale, what: string): never {
    throw new AppError('ILLEGAL_TRANSITION', `An after-sale in ${a.status} cannot be ${what}`, {
      status: a.status,
    });
  }

  async function withdraw(shopperId: number, id: number) {
    await withTransaction(sequelize, async (tx) => {
      const a = await load(id, tx, shopperId);
      if (a.status === 'withdrawn') return;
      const moved = await moveAfterSale(ctx, tx, ref(a), 'withdraw', {
        actor: { kind: 'shopper', id: shopperId },
      });
      if (!moved) illegal(a, 'withdrawn');
      await releaseHold(tx, a);
    });
    return view(id);
  }

  /** The shopper's return parcel, while the merchant waits for it. */
  async function submitReturn(shopperId: number, id: number, input: { carrier: string; trackingNo: string }) {
    await withTransaction(sequelize, async (tx) => {
      const a = await load(id, tx, shopperId);
      const ok = await guardedUpdate(
        sequelize,
        `UPDATE after_sales SET return_carrier = :carrier, return_tracking_no = :trackingNo, updated_at = :now
          WHERE id = :id AND status = 'awaiting_return'`,
        { id, ...input, now: t(now()) },
        tx,
      );
      if (!ok) illegal(a, 'given a return parcel');
      await logOrder(ctx, tx, Number(a.orderId), {
        action: 'aftersale.return_sent',
        actor: { kind: 'shopper', id: shopperId },
        note: `${a.afterSaleNo} ${input.carrier} ${input.trackingNo}`,
      });
    });
    return view(id);
  }

  /** The service role handles after-sales up to the configured amount; other roles without limit. */
  async function checkLimit(actor: Principal, amount: number, tx?: Tx) {
    if (actor.role !== 'service') return;
    const { serviceApprovalLimit } = await settings.get(tx);
    if (amount > serviceApprovalLimit) {
      throw new AppError('FORBIDDEN', 'This amount needs a manager', { limit: serviceApprovalLimit, amount });
    }
  }

  async function audited(
    tx: Tx,
    actor: Principal,
    action: string,
    a: AfterSale,
    after: unknown,
    meta: RequestMeta,
  ) {
    await audit.record(
      {
        actor,
        action: `aftersale.${action}`,
        subjectType: 'after_sale',
        subjectId: Number(a.id),
        before: { status: a.status },
        after,
        ...meta,
      },
      tx,
    );
  }

  async function approve(actor: Principal, id: number, meta: RequestMeta) {
    const a0 = await AfterSale.findByPk(id);
    if (!a0) throw new AppError('NOT_FOUND', 'After-sale not found');
    await checkLimit(actor, Number(a0.amount));
    await withTransaction(sequelize, async (tx) => {
      const a = await load(id, tx);
      const moved = await moveAfterSale(ctx, tx, ref(a), 'approve', {
        actor,
        set: { approved_at: now(), handled_by: actor.id },
      });
      if (!moved) illegal(a, 'approved');
      if (a.type === 'return_refund') await moveAfterSale(ctx, tx, ref(a), 'await_return', { actor });
      await audited(
        tx,
        actor,
        'approve',
        a,
        { status: a.type === 'return_refund' ? 'awaiting_return' : 'approved' },
        meta,
      );
    });
    return view(id);
  }

  async function reject(actor: Principal, id: number, reason: string, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const a = await load(id, tx);
      const moved = await moveAfterSale(ctx, tx, ref(a), 'reject', {
        actor,
        set: { reject_reason: reason, handled_by: actor.id },
        note: reason,
      });
      if (!moved) illegal(a, 'rejected');
      await releaseHold(tx, a);
      await audited(tx, actor, 'reject', a, { status: 'rejected', reason }, meta);
    });
    return view(id);
  }

  /**
   * The returned goods arrived. `restock` (default yes): they go back to stock when the refund is committed;
   * damaged goods are received without restocking.
   */
  async function receiveReturn(actor: Principal, id: number, input: { restock: boolean }, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const a = await load(id, tx);
      const moved = await moveAfterSale(ctx, tx, ref(a), 'receive_return', {
        actor,
        set: { returned_at: now(), restock: input.restock, handled_by: actor.id },
      });
      if (!moved) illegal(a, 'received');
      await audited(tx, actor, 'receive_return', a, { status: 'returned', restock: input.restock }, meta);
    });
    return view(id);
  }

  /**
   * Commits the refund (approved | returned → refunding) with everything it changes in one transaction, then
   * asks the payment provider for the money (idempotent by refund number, so asking again is safe). In the
   * transaction: units refunded before they were fulfilled go back to stock and leave what is to ship; the
   * after-sale that refunds the last unit of an order nothing of which was fulfilled also returns the freight,
   * and closes the order (cancelled_refunded); returned goods go back to stock if the merchant said so; the
   * sales count drops. Asking again for a refunding after-sale only repeats the provider call.
   */
  async function refund(actor: Principal, id: number, meta: RequestMeta) {
    const committed = await withTransaction(sequelize, async (tx) => {
      const a = await load(id, tx);
      if (a.status === 'refunding' || a.status === 'refunded') return a;
      const order = (await Order.findByPk(a.orderId, { transaction: tx, lock: tx.LOCK.UPDATE }))!;
      const line = (await OrderLine.findByPk(a.orderLineId, { transaction: tx, lock: tx.LOCK.UPDATE }))!;
      const moved = await moveAfterSale(ctx, tx, ref(a), 'start_refund', {
        actor,
        set: { refund_no: a.afterSaleNo, refund_started_at: now(), handled_by: actor.id },
      });
      if (!moved) illegal(a, 'refunded');
      // the amount is fixed now: the next units' shares of the line, after those committed before
      const committedBefore = line.refundCommittedQuantity;
      const amount = afterSaleAmount({
        payAmount: Number(line.payAmount),
        quantity: line.quantity,
        committed: committedBefore,
        requested: a.quantity,
      });
      const counted = await guardedUpdate(
        sequelize,
        `UPDATE order_lines SET refund_committed_quantity = refund_committed_quantity + :q, updated_at = :now
          WHERE id = :id AND refund_committed_quantity = :before`,
        { id: Number(line.id), q: a.quantity, before: committedBefore, now: t(now()) },
        tx,
      );
      if (!counted) throw new AppError('CONFLICT', 'The line changed meanwhile; try again');

      let restock = 0;
      let unfulfilled = false;
      if (a.type === 'refund_only' && line.kind !== 'virtual' && UNFULFILLED_STATES.includes(order.status)) {
        unfulfilled =
          (await guardedUpdate(
            sequelize,
            `UPDATE order_lines SET cancelled_quantity = cancelled_quantity + :q, updated_at = :now
              WHERE id = :id AND shipped_quantity + cancelled_quantity + :q <= quantity`,
            { id: Number(line.id), q: a.quantity, now: t(now()) },
            tx,
          )) === 1;
        if (unfulfilled) restock = a.quantity;
      } else if (a.type === 'return_refund' && a.restock) {
        restock = a.quantity;
      }
      if (restock) await catalog.releaseStock(tx, Number(line.skuId), restock);
      await catalog.addSales(tx, Number(line.skuId), -a.quantity);

      let freight = 0;
      if (unfulfilled) {
        const closed = await moveOrder(ctx, tx, Number(order.id), 'close_refunded', {
          actor,
          guard: {
            sql: 'NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = :orderId AND l.cancelled_quantity < l.quantity)',
            replacements: { orderId: Number(order.id) },
          },
        });
        if (closed) freight = Number(order.freightAmount);
        else await shipIfRestCancelled(tx, order, actor);
      }
      const total = amount + freight;
      await checkLimit(actor, total, tx);
      const reserved = await guardedUpdate(
        sequelize,
        `UPDATE orders SET refund_reserved_amount = refund_reserved_amount + :total, updated_at = :now
          WHERE id = :id AND refund_reserved_amount + :total <= pay_amount`,
        { id: Number(order.id), total, now: t(now()) },
        tx,
      );
      if (!reserved) {
        throw new AppError('REFUND_EXCEEDS_PAID', 'The refund would exceed what the order paid', {
          payAmount: Number(order.payAmount),
          alreadyRefunding: Number(order.refundReservedAmount),
          amount: total,
        });
      }
      await AfterSale.update(
        { amount, freightAmount: freight, restockQuantity: restock },
        { where: { id: Number(a.id) }, transaction: tx },
      );
      await audited(tx, actor, 'refund', a, { status: 'refunding', amount: total, restock }, meta);
      return (await AfterSale.findByPk(a.id, { transaction: tx }))!;
    });
    if (committed.status === 'refunded') return view(id);
    const error = await askProvider(committed);
    return { ...(await view(id)), refundError: error };
  }

  /**
   * A partly shipped order whose other units were all refunded before shipping has nothing left to ship:
   * it is shipped now (its packages went already).
   */
  async function shipIfRestCancelled(tx: Tx, order: Order, actor: Actor) {
    const shipped = await moveOrder(ctx, tx, Number(order.id), 'ship', {
      actor,
      set: { shipped_at: now() },
      guard: {
        sql: `package_count > 0 AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = :orderId
                AND l.kind = 'physical' AND l.shipped_quantity + l.cancelled_quantity < l.quantity)`,
        replacements: { orderId: Number(order.id) },
      },
    });
    if (!shipped) return;
    await emitOrderEvent(ctx, tx, 'order.shipped', {
      orderId: Number(order.id),
      orderNo: order.orderNo,
      shopperId: Number(order.shopperId),
      kind: order.kind,
    });
    if (requiresShippingUpload(order.payProvider)) await uploads.schedule(tx, Number(order.id));
  }

  /** The provider call, outside any transaction. Returns the error message, if it failed (retried later). */
  async function askProvider(a: AfterSale): Promise<string | null> {
    try {
      await payment.refund({
        orderId: Number(a.orderId),
        refundNo: a.refundNo ?? a.afterSaleNo,
        amount: Number(a.amount) + Number(a.freightAmount),
        reason: a.reason.slice(0, 80),
      });
      return null;
    } catch (e) {
      log.warn({ err: e, afterSaleId: Number(a.id) }, 'refund request failed; it will be asked again');
      return e instanceof Error ? e.message : String(e);
    }
  }

  /** Refunds committed more than 10 minutes ago and still not confirmed are asked of the provider again. */
  async function retryStuckRefunds(at: Date): Promise<number> {
    const stuck = await AfterSale.findAll({
      where: { status: 'refunding', refundStartedAt: { [Op.lte]: new Date(at.getTime() - 10 * 60_000) } },
      order: [['id', 'ASC']],
      limit: 200,
    });
    for (const a of stuck) await askProvider(a);
    return stuck.length;
  }

  /** The payment module's refund notice, inside its transaction: refunding → refunded, once. */
  async function onRefunded(tx: Tx, notice: RefundedNotice): Promise<void> {
    const a = await AfterSale.findOne({
      where: { refundNo: notice.refundNo },
      transaction: tx,
      lock: tx.LOCK.UPDATE,
    });
    if (!a) {
      // e.g. the automatic refund of a late payment for a cancelled order: no after-sale behind it
      log.info({ notice }, 'refund without an after-sale');
      return;
    }
    const moved = await moveAfterSale(ctx, tx, ref(a), 'refund_done', {
      actor: SYSTEM,
      set: { refunded_at: now(), refund_id: notice.refundId },
    });
    if (!moved) return;
    const expected = Number(a.amount) + Number(a.freightAmount);
    if (notice.amount !== expected)
      log.warn({ notice, expected }, 'refunded amount differs from the after-sale');
    const counted = await guardedUpdate(
      sequelize,
      `UPDATE orders SET refunded_amount = refunded_amount + :amount, updated_at = :now
        WHERE id = :id AND refunded_amount + :amount <= pay_amount`,
      { id: Number(a.orderId), amount: notice.amount, now: t(now()) },
      tx,
    );
    if (!counted)
      throw new Error(`refund ${notice.refundNo} would take order ${a.orderId} over what it paid`);
    await guardedUpdate(
      sequelize,
      `UPDATE order_lines SET refunded_quantity = refunded_quantity + :q, refunded_amount = refunded_amount + :amount,
         updated_at = :now WHERE id = :id`,
      { id: Number(a.orderLineId), q: a.quantity, amount: Number(a.amount), now: t(now()) },
      tx,
    );
    const order = (await Order.findByPk(a.orderId, { transaction: tx }))!;
    await emitOrderEvent(ctx, tx, 'order.refunded', {
      orderId: Number(order.id),
      orderNo: order.orderNo,
      shopperId: Number(order.shopperId),
      kind: order.kind,
      refundId: notice.refundId,
      amount: notice.amount,
      lines: [{ orderLineId: Number(a.orderLineId), quantity: a.quantity, amount: Number(a.amount) }],
      full: Number(order.refundedAmount) >= Number(order.payAmount),
    });
  }

  /** A photo for an after-sale request; the key it returns goes into the request's `photos`. */
  async function uploadPhoto(file: { bytes: Buffer; filename?: string }) {
    return platform.storage.put({ ...file, folder: PHOTO_FOLDER, allowed: ['image'] });
  }

  return {
    uploadPhoto,
    previewAmount,
    request,
    withdraw,
    submitReturn,
    approve,
    reject,
    receiveReturn,
    refund,
    onRefunded,
    retryStuckRefunds,
    view,
  };
}

export type AfterSales = ReturnType<typeof createAfterSales>;

import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { guardedUpdate, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import { Payment, PaymentRefund, type RefundSource, type RefundStatus } from './models';
import type { PaymentProvider, ProviderRefund, ProviderTrade } from './providers/types';

export interface PaidInfo {
  paymentId: number;
  orderId: number;
  amount: number;
  transactionId: string;
  paidAt: Date;
}
export type OnPaidHandler = (tx: Tx, p: PaidInfo) => Promise<'accepted' | 'rejected'>;

export interface RefundedInfo {
  refundId: number;
  orderId: number;
  refundNo: string;
  amount: number;
}
export type OnRefundedHandler = (tx: Tx, r: RefundedInfo) => Promise<void>;

export interface Hooks {
  onPaid?: OnPaidHandler;
  onRefunded?: OnRefundedHandler;
}

export interface PaymentContext {
  platform: Platform;
  provider: PaymentProvider;
  hooks: Hooks;
}

/** 'applied' changed state; 'duplicate' found it already changed; 'unknown' names nothing of ours. */
export type TransitionOutcome = 'applied' | 'duplicate' | 'unknown' | 'amount_mismatch';

export const AUTO_REFUND_PREFIX = 'auto-';

/**
 * Every state change of payments and refunds, each in the caller's transaction and each a guarded UPDATE,
 * so a repeated or concurrent notification, query or retry changes nothing the second time.
 */
export function createTransitions(ctx: PaymentContext) {
  const { sequelize, outbox, clock, logger } = ctx.platform;
  const now = () => sqlTime(sequelize, clock.now());

  /**
   * created|closed → paid, once. A closed payment can still be paid (the shopper paid while the order was
   * being cancelled): money arrived, so it is recorded, and the order module decides. Then onPaid runs in
   * this transaction; 'rejected' (or an amount that differs from the one asked for) reserves a full refund
   * with a fixed out_refund_no, which the caller submits after commit.
   */
  async function markPaid(
    tx: Tx,
    trade: ProviderTrade,
    snapshot: string,
  ): Promise<{ outcome: TransitionOutcome; autoRefundId?: number }> {
    const payment = await Payment.findOne({ where: { outTradeNo: trade.outTradeNo }, transaction: tx });
    if (!payment) return { outcome: 'unknown' };
    const paidAt = trade.successTime ?? clock.now();
    const moved = await guardedUpdate(
      sequelize,
      `UPDATE payments SET status = 'paid', transaction_id = :tid, paid_at = :paidAt, open_order_id = NULL,
         notify_snapshot = :snapshot, amount = :amount, updated_at = :now
       WHERE id = :id AND status IN ('created', 'closed')`,
      {
        id: payment.id,
        tid: trade.transactionId ?? '',
        paidAt: sqlTime(sequelize, paidAt),
        snapshot,
        amount: trade.amount,
        now: now(),
      },
      tx,
    );
    if (!moved) return { outcome: 'duplicate' };

    const info: PaidInfo = {
      paymentId: Number(payment.id),
      orderId: Number(payment.orderId),
      amount: trade.amount,
      transactionId: trade.transactionId ?? '',
      paidAt,
    };
    let outcome: 'accepted' | 'rejected';
    let rejectReason: string | null = null;
    if (trade.amount !== Number(payment.amount)) {
      // never tell the order it was paid with another amount than it asked for
      outcome = 'rejected';
      rejectReason = `amount_mismatch: asked ${payment.amount}, paid ${trade.amount}`;
      logger.error(
        { outTradeNo: trade.outTradeNo, asked: payment.amount, paid: trade.amount },
        'payment amount mismatch',
      );
    } else {
      if (!ctx.hooks.onPaid)
        throw new Error('payment: no onPaid handler registered (the order module registers it)');
      outcome = await ctx.hooks.onPaid(tx, info);
      if (outcome === 'rejected') rejectReason = 'order_rejected';
    }
    await Payment.update({ outcome, rejectReason }, { where: { id: payment.id }, transaction: tx });
    await outbox.emit(
      tx,
      'payment.succeeded',
      { paymentId: info.paymentId, orderId: info.orderId, amount: info.amount, provider: payment.provider },
      { aggregateId: `payment:${payment.id}` },
    );
    if (outcome === 'accepted') return { outcome: 'applied' };
    const refund = await reserveRefund(tx, {
      paymentId: info.paymentId,
      orderId: info.orderId,
      outRefundNo: `${AUTO_REFUND_PREFIX}${payment.outTradeNo}`,
      amount: trade.amount,
      reason:
        rejectReason === 'order_rejected' ? '订单已取消，支付款自动退回' : '支付金额与订单不符，自动退回',
      source: 'auto',
    });
    logger.warn(
      { paymentId: info.paymentId, orderId: info.orderId, rejectReason },
      'payment rejected: refunding it',
    );
    return { outcome: 'applied', autoRefundId: Number(refund.id) };
  }

  /** Reserves `amount` of the payment (guarded: reserved never exceeds the amount paid) and writes the refund row. */
  async function reserveRefund(
    tx: Tx,
    r: {
      paymentId: number;
      orderId: number;
      outRefundNo: string;
      amount: number;
      reason: string;
      source: RefundSource;
    },
  ): Promise<PaymentRefund> {
    const reserved = await guardedUpdate(
      sequelize,
      `UPDATE payments SET refund_reserved = refund_reserved + :amount, updated_at = :now
       WHERE id = :id AND refund_reserved + :amount <= amount`,
      { id: r.paymentId, amount: r.amount, now: now() },
      tx,
    );
    if (!reserved) {
      const p = await Payment.findByPk(r.paymentId, { transaction: tx, rejectOnEmpty: true });
      throw new AppError('REFUND_EXCEEDS_PAID', 'Refund exceeds what was paid minus what is refunded', {
        paid: Number(p.amount),
        refunded: Number(p.refundReserved),
        requested: r.amount,
      });
    }
    return PaymentRefund.create({ ...r, status: 'pending' }, { transaction: tx });
  }

  /**
   * Applies what the provider says about a refund. SUCCESS: pending → succeeded once, the payment's refunded
   * amount and status follow, 'payment.refunded' is emitted and onRefunded runs (refunds the order asked for).
   * CLOSED: pending → failed and the reservation is released. ABNORMAL (the bank refused; the merchant
   * finishes it by hand in the WeChat Pay merchant platform) stays pending with the reason noted, because
   * it may still succeed and must not be refunded a second time. PROCESSING: only the provider's ids.
   */
  async function applyRefundResult(
    tx: Tx,
    refundId: number,
    pr: Pick<ProviderRefund, 'status' | 'refundId' | 'successTime' | 'acceptedAt'>,
  ): Promise<{ outcome: TransitionOutcome; status: RefundStatus }> {
    const r = await PaymentRefund.findByPk(refundId, { transaction: tx, rejectOnEmpty: true });
    const common = {
      id: refundId,
      rid: pr.refundId || null,
      accepted: pr.acceptedAt ? sqlTime(sequelize, pr.acceptedAt) : null,
      now: now(),
    };
    const ids = `provider_refund_id = COALESCE(:rid, provider_refund_id), accepted_at = COALESCE(accepted_at, :accepted)`;
    if (pr.status === 'SUCCESS') {
      const done = await guardedUpdate(
        sequelize,
        `UPDATE payment_refunds SET status = 'succeeded', succeeded_at = :at, failure_reason = NULL, ${ids}, updated_at = :now
         WHERE id = :id AND status = 'pending'`,
        { ...common, at: sqlTime(sequelize, pr.successTime ?? clock.now()) },
        tx,
      );
      if (!done) return { outcome: 'duplicate', status: r.status };
      // status first: MySQL applies SET assignments left to right, SQLite reads the old row; both see the old amount here
      await guardedUpdate(
        sequelize,
        `UPDATE payments SET status = CASE WHEN refunded_amount + :amount >= amount THEN 'refunded' ELSE 'refunded_partially' END,
           refunded_amount = refunded_amount + :amount, updated_at = :now
         WHERE id = :pid`,
        { pid: r.paymentId, amount: r.amount, now: common.now },
        tx,
      );
      const payment = await Payment.findByPk(r.paymentId, { transaction: tx, rejectOnEmpty: true });
      await outbox.emit(
        tx,
        'payment.refunded',
        {
          refundId: Number(r.id),
          paymentId: Number(r.paymentId),
          orderId: Number(r.orderId),
          amount: Number(r.amount),
          provider: payment.provider,
        },
        { aggregateId: `payment:${r.paymentId}` },
      );
      if (r.source === 'order') {
        if (!ctx.hooks.onRefunded)
          throw new Error('payment: no onRefunded handler registered (the order module registers it)');
        await ctx.hooks.onRefunded(tx, {
          refundId: Number(r.id),
          orderId: Number(r.orderId),
          refundNo: r.outRefundNo,
          amount: Number(r.amount),
        });
      }
      return { outcome: 'applied', status: 'succeeded' };
    }
    if (pr.status === 'CLOSED') {
      const failed = await failRefund(tx, r, 'CLOSED: refund closed by WeChat Pay');
      return { outcome: failed ? 'applied' : 'duplicate', status: failed ? 'failed' : r.status };
    }
    const reason =
      pr.status === 'ABNORMAL' ? 'ABNORMAL: finish it in the WeChat Pay merchant platform' : null;
    await guardedUpdate(
      sequelize,
      `UPDATE payment_refunds SET ${ids}, failure_reason = COALESCE(:reason, failure_reason), updated_at = :now
       WHERE id = :id AND status = 'pending'`,
      { ...common, reason },
      tx,
    );
    return { outcome: 'applied', status: r.status };
  }

  /** pending → failed once, releasing the reservation so the amount can be refunded again. */
  async function failRefund(tx: Tx, r: PaymentRefund, reason: string): Promise<boolean> {
    const failed = await guardedUpdate(
      sequelize,
      `UPDATE payment_refunds SET status = 'failed', failure_reason = :reason, updated_at = :now
       WHERE id = :id AND status = 'pending'`,
      { id: r.id, reason: reason.slice(0, 255), now: now() },
      tx,
    );
    if (!failed) return false;
    await guardedUpdate(
      sequelize,
      `UPDATE payments SET refund_reserved = refund_reserved - :amount, updated_at = :now WHERE id = :pid`,
      { pid: r.paymentId, amount: r.amount, now: now() },
      tx,
    );
    logger.warn({ refundId: r.id, orderId: r.orderId, reason }, 'refund failed');
    return true;
  }

  return { markPaid, reserveRefund, applyRefundResult, failRefund };
}

export type Transitions = ReturnType<typeof createTransitions>;

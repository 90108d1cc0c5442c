import { Op } from 'sequelize';
import { AppError, isAppError } from '../../platform/errors';
import { isUniqueViolation, withTransaction } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import { Payment, PaymentRefund, type RefundStatus } from './models';
import type { PaymentContext, Transitions } from './transitions';

export const PAYMENT_QUEUE = 'payment';
const REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;
/** WeChat refusals worth retrying: the merchant balance, rate limits, WeChat's own trouble */
const RETRYABLE_CODES = new Set(['NOT_ENOUGH', 'FREQUENCY_LIMITED', 'SYSTEM_ERROR', 'SYSTEMERROR']);

function isFinalRefusal(e: AppError): boolean {
  const d = (e.details ?? {}) as { status?: number; code?: string };
  if (!d.status || d.status >= 500 || d.status === 429) return false;
  return !RETRYABLE_CODES.has(d.code ?? '');
}

/**
 * Refunds: reserve in one transaction, submit to the provider outside it, then learn the result from the
 * refund notification, from the provider's answer, or from the `refund-sync` queue job and the
 * `pay-refund-sync` cron sweep, whichever comes first. Resubmitting is safe: WeChat Pay de-duplicates by
 * out_refund_no.
 */
export function createRefunds(ctx: PaymentContext, transitions: Transitions) {
  const { sequelize, clock, logger, drivers } = ctx.platform;
  const { provider } = ctx;

  async function enqueue(
    job: 'refund-submit' | 'refund-sync',
    refundId: number,
    delayMs: number,
  ): Promise<void> {
    try {
      await drivers.queue.add(
        PAYMENT_QUEUE,
        job,
        { refundId },
        job === 'refund-sync'
          ? { jobId: `refund-sync-${refundId}`, delayMs, attempts: 10, backoffMs: 60_000 }
          : { jobId: `refund-submit-${refundId}`, delayMs, attempts: 5, backoffMs: 10_000 },
      );
    } catch (e) {
      // the cron sweep picks it up
      logger.warn({ err: e, refundId, job }, 'could not queue a refund job');
    }
  }

  /** Queues a sync of this refund (de-duplicated by job id), retried until the refund is final. */
  const scheduleSync = (refundId: number, delayMs = 0) => enqueue('refund-sync', refundId, delayMs);
  /** Queues the first submission of a refund reserved inside another flow (a rejected payment). */
  const scheduleSubmit = (refundId: number) => enqueue('refund-submit', refundId, 0);

  /** The `refund-submit` job: submit, then leave the rest to the notification or a delayed sync. */
  async function submitQueued(refundId: number): Promise<void> {
    if ((await sync(refundId)) === 'pending') await scheduleSync(refundId, 60_000);
  }

  async function currentStatus(refundId: number): Promise<RefundStatus> {
    return (await PaymentRefund.findByPk(refundId, { rejectOnEmpty: true })).status;
  }

  async function submit(refund: PaymentRefund): Promise<RefundStatus> {
    const payment = await Payment.findByPk(refund.paymentId, { rejectOnEmpty: true });
    const started = clock.now();
    let result;
    try {
      result = await provider.refund({
        outTradeNo: payment.outTradeNo,
        outRefundNo: refund.outRefundNo,
        amount: Number(refund.amount),
        total: Number(payment.amount),
        reason: refund.reason,
      });
    } catch (e) {
      if (isAppError(e) && e.code === 'PAYMENT_PROVIDER_ERROR' && isFinalRefusal(e)) {
        await withTransaction(sequelize, (tx) => transitions.failRefund(tx, refund, e.message));
        return currentStatus(refund.id);
      }
      await PaymentRefund.update(
        { attempts: Number(refund.attempts) + 1, lastError: (e as Error).message.slice(0, 1000) },
        { where: { id: refund.id } },
      );
      logger.warn({ err: e, refundId: refund.id }, 'refund submission failed; it will be retried');
      return 'pending';
    }
    // not guarded by status: the refund notification may have finished it already, the ids still belong here
    await sequelize.query(
      `UPDATE payment_refunds SET submitted_at = COALESCE(submitted_at, :started), accepted_at = COALESCE(accepted_at, :accepted),
         provider_refund_id = COALESCE(provider_refund_id, :rid), attempts = attempts + 1, last_error = NULL
       WHERE id = :id`,
      {
        replacements: {
          id: refund.id,
          started: sqlTime(sequelize, started),
          accepted: sqlTime(sequelize, result.acceptedAt ?? started),
          rid: result.refundId || null,
        },
      },
    );
    await withTransaction(sequelize, (tx) =>
      transitions.applyRefundResult(tx, refund.id, { ...result, acceptedAt: result.acceptedAt ?? started }),
    );
    return currentStatus(refund.id);
  }

  /** Brings one refund towards a final state: submit it if it never reached the provider, else ask. */
  async function sync(refundId: number): Promise<RefundStatus> {
    const refund = await PaymentRefund.findByPk(refundId);
    if (!refund) throw new AppError('NOT_FOUND', 'Refund not found');
    if (refund.status !== 'pending') return refund.status;
    if (!refund.submittedAt) return submit(refund);
    let result;
    try {
      result = await provider.queryRefund(refund.outRefundNo);
    } catch (e) {
      logger.warn({ err: e, refundId }, 'refund query failed');
      return 'pending';
    }
    if (!result) return submit(refund);
    await withTransaction(sequelize, (tx) => transitions.applyRefundResult(tx, refundId, result));
    return currentStatus(refundId);
  }

  /** The cron sweep: every refund still pending a few minutes after it was written. */
  async function syncStale(limit = 200): Promise<{ checked: number; pending: number }> {
    const stale = await PaymentRefund.findAll({
      where: { status: 'pending', updatedAt: { [Op.lt]: new Date(clock.now().getTime() - 5 * 60_000) } },
      order: [['id', 'ASC']],
      limit,
    });
    let pending = 0;
    for (const r of stale) {
      if ((await sync(r.id)) === 'pending') pending++;
    }
    return { checked: stale.length, pending };
  }

  /**
   * The order module's refund: idempotent by refundNo (the same refundNo with the same order and amount
   * answers the first refund; with others, IDEMPOTENCY_CONFLICT), never more than paid minus refunded.
   */
  async function request(input: {
    orderId: number;
    refundNo: string;
    amount: number;
    reason: string;
  }): Promise<{ refundId: number; status: RefundStatus }> {
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
      throw new AppError('VALIDATION_FAILED', 'Refund amount must be a positive number of fen');
    }
    if (!REFUND_NO.test(input.refundNo)) {
      throw new AppError('VALIDATION_FAILED', 'refundNo: 1–64 characters of A–Z a–z 0–9 _ - | * @');
    }
    const same = (r: PaymentRefund) => {
      if (Number(r.orderId) !== input.orderId || Number(r.amount) !== input.amount) {
        throw new AppError('IDEMPOTENCY_CONFLICT', 'refundNo already used for another refund', {
          refundNo: input.refundNo,
        });
      }
      return { refundId: Number(r.id), status: r.status };
    };
    const existing = await PaymentRefund.findOne({ where: { outRefundNo: input.refundNo } });
    if (existing) {
      const answer = same(existing);
      // a caller asking again about a pending refund: make sure a sync is on its way
      if (answer.status === 'pending') await scheduleSync(answer.refundId);
      return answer;
    }
    let refund: PaymentRefund;
    try {
      refund = await withTransaction(sequelize, async (tx) => {
        const payment = await Payment.findOne({
          where: { orderId: input.orderId, outcome: 'accepted' },
          transaction: tx,
        });
        if (!payment) {
          throw new AppError('REFUND_EXCEEDS_PAID', 'Nothing was paid for this order', {
            paid: 0,
            refunded: 0,
            requested: input.amount,
          });
        }
        return transitions.reserveRefund(tx, {
          paymentId: Number(payment.id),
          orderId: input.orderId,
          outRefundNo: input.refundNo,
          amount: input.amount,
          reason: (input.reason.trim() || '退款').slice(0, 80),
          source: 'order',
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        const winner = await PaymentRefund.findOne({ where: { outRefundNo: input.refundNo } });
        if (winner) return same(winner);
      }
      throw e;
    }
    const status = await submit(refund);
    if (status === 'pending') await scheduleSync(refund.id, 60_000);
    return { refundId: Number(refund.id), status };
  }

  return { request, submit, sync, syncStale, scheduleSync, scheduleSubmit, submitQueued };
}

export type Refunds = ReturnType<typeof createRefunds>;

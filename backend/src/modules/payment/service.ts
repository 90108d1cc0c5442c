import crypto from 'node:crypto';
import dayjs from 'dayjs';
import { QueryTypes } from 'sequelize';
import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { guardedUpdate, isUniqueViolation, withTransaction } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import { Payment, initPaymentModels, type PaymentStatus, type RefundStatus } from './models';
import type { NotificationOutcome } from './notifications';
import type { HeaderBag } from './v3-crypto';
import { createNotifications } from './notifications';
import { createReconciliation, type Reconciliation } from './reconciliation';
import { createRefunds } from './refunds';
import { SandboxProvider } from './providers/sandbox';
import type { PaymentProvider, ProviderName, ProviderTrade } from './providers/types';
import {
  createTransitions,
  type Hooks,
  type OnPaidHandler,
  type OnRefundedHandler,
  type PaymentContext,
} from './transitions';
import { WECHATPAY_TZ } from './v3-crypto';

export type { OnPaidHandler, OnRefundedHandler, PaidInfo, RefundedInfo } from './transitions';

export interface CreatePaymentInput {
  orderId: number;
  orderNo: string;
  /** fen, > 0 (a 0-fen order never calls this) */
  amount: number;
  payerOpenid: string;
  description: string;
  expiresAt: Date;
  /** the paying shopper: only they may confirm a sandbox payment */
  shopperId?: number;
  /** 分账: funds stay frozen until profit sharing finishes */
  profitSharing?: boolean;
}

/** What other modules may call. The order module registers onPaid and onRefunded once at boot. */
export interface PaymentService {
  /** One open payment per order: a retry with the same amount reuses it (fresh pay parameters). */
  createPayment(
    input: CreatePaymentInput,
  ): Promise<{ paymentId: number; provider: ProviderName; payParams: Record<string, string> }>;
  /**
   * On cancel: closes the order's open payment at the provider. If it was paid meanwhile, the payment is
   * processed as its notification would be (onPaid runs). Call it outside any transaction.
   */
  closePayment(orderId: number): Promise<void>;
  /** Idempotent by refundNo; REFUND_EXCEEDS_PAID beyond paid minus refunded. Call it outside any transaction. */
  refund(input: {
    orderId: number;
    refundNo: string;
    amount: number;
    reason: string;
  }): Promise<{ refundId: number; status: RefundStatus }>;
  /** Called inside the transaction that marks a payment paid; 'rejected' refunds the payment in full. */
  onPaid(handler: OnPaidHandler): void;
  /** Called inside the transaction that marks a refund (asked for through `refund`) succeeded. */
  onRefunded(handler: OnRefundedHandler): void;
  /** Accepted payments of the order and what of them was refunded (succeeded refunds), in fen. */
  paidAmount(orderId: number): Promise<{ paid: number; refunded: number }>;
}

const OUT_TRADE_NO_TIME = 'YYMMDDHHmmss';

/** 'P' + Beijing time + 10 random digits: 23 characters, within WeChat's 6–32 of [A-Za-z0-9_-|*]. */
function newOutTradeNo(now: Date): string {
  const digits = Array.from(crypto.randomBytes(10), (b) => String(b % 10)).join('');
  return `P${dayjs(now).tz(WECHATPAY_TZ).format(OUT_TRADE_NO_TIME)}${digits}`;
}

/** What the module's own routes, jobs and tests use. */
export interface PaymentInternals {
  provider: PaymentProvider;
  handleNotification(headers: HeaderBag, rawBody: string): Promise<NotificationOutcome>;
  confirmSandbox(
    shopperId: number,
    paymentId: number,
  ): Promise<{ paymentId: number; status: PaymentStatus; outcome: 'accepted' | 'rejected' | null }>;
  settleSandboxRefund(outRefundNo: string): Promise<void>;
  syncRefund(refundId: number): Promise<RefundStatus>;
  submitQueuedRefund(refundId: number): Promise<void>;
  syncStaleRefunds(): Promise<{ checked: number; pending: number }>;
  reconciliation: Reconciliation;
}

export function createPaymentService(
  platform: Platform,
  provider: PaymentProvider,
): { service: PaymentService; internals: PaymentInternals } {
  const { sequelize, clock, logger } = platform;
  initPaymentModels(sequelize);
  const hooks: Hooks = {};
  const ctx: PaymentContext = { platform, provider, hooks };
  const transitions = createTransitions(ctx);
  const refunds = createRefunds(ctx, transitions);
  const notifications = createNotifications(ctx, transitions, refunds);
  const reconciliation = createReconciliation(ctx);

  const jsapiFor = (p: Payment) =>
    provider.createJsapi({
      outTradeNo: p.outTradeNo,
      description: p.description,
      amount: Number(p.amount),
      payerOpenid: p.payerOpenid,
      expiresAt: p.expiresAt,
      profitSharing: p.profitSharing,
    });

  /** A trade the provider reports paid, applied as its notification would be. */
  async function applyPaidTrade(trade: ProviderTrade): Promise<void> {
    let autoRefundId: number | undefined;
    await withTransaction(sequelize, async (tx) => {
      autoRefundId = (await transitions.markPaid(tx, trade, JSON.stringify(trade.raw))).autoRefundId;
    });
    if (autoRefundId !== undefined) await refunds.scheduleSubmit(autoRefundId);
  }

  /** Closes one open payment; false when it turned out to be paid. */
  async function closeOne(p: Payment): Promise<boolean> {
    if ((await provider.close(p.outTradeNo)) === 'closed') {
      await guardedUpdate(
        sequelize,
        `UPDATE payments SET status = 'closed', open_order_id = NULL, closed_at = :now, updated_at = :now
         WHERE id = :id AND status = 'created'`,
        { id: p.id, now: sqlTime(sequelize, clock.now()) },
      );
      return true;
    }
    const trade = await provider.query(p.outTradeNo);
    if (trade && (trade.state === 'SUCCESS' || trade.state === 'REFUND')) await applyPaidTrade(trade);
    return false;
  }

  const service: PaymentService = {
    async createPayment(input) {
      if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
        throw new AppError('VALIDATION_FAILED', 'Payment amount must be a positive number of fen');
      }
      if (!input.payerOpenid || input.payerOpenid.length > 64) {
        throw new AppError('VALIDATION_FAILED', 'payerOpenid is required');
      }
      if (!(input.expiresAt.getTime() > clock.now().getTime())) {
        throw new AppError('ORDER_NOT_PAYABLE', 'The order can no longer be paid');
      }
      for (let attempt = 0; attempt < 3; attempt++) {
        const open = await Payment.findOne({ where: { openOrderId: input.orderId } });
        if (open) {
          if (Number(open.amount) === input.amount && open.payerOpenid === input.payerOpenid) {
            return { paymentId: Number(open.id), provider: provider.name, payParams: await jsapiFor(open) };
          }
          // the amount changed: the old trade is closed before a new one is opened, so both can never be paid
          if (!(await closeOne(open))) throw new AppError('ORDER_NOT_PAYABLE', 'The order was paid already');
          continue;
        }
        if (await Payment.findOne({ where: { orderId: input.orderId, outcome: 'accepted' } })) {
          throw new AppError('ORDER_NOT_PAYABLE', 'The order was paid already');
        }
        let payment: Payment;
        try {
          payment = await Payment.create({
            orderId: input.orderId,
            orderNo: input.orderNo.slice(0, 64),
            outTradeNo: newOutTradeNo(clock.now()),
            provider: provider.name,
            amount: input.amount,
            description: (input.description.trim() || input.orderNo).slice(0, 127),
            payerOpenid: input.payerOpenid,
            payerShopperId: input.shopperId ?? null,
            profitSharing: !!input.profitSharing,
            expiresAt: input.expiresAt,
            openOrderId: input.orderId,
          });
        } catch (e) {
          if (isUniqueViolation(e)) continue; // a concurrent call opened it: reuse that one
          throw e;
        }
        return { paymentId: Number(payment.id), provider: provider.name, payParams: await jsapiFor(payment) };
      }
      throw new AppError('CONFLICT', 'Payment is being created concurrently; retry');
    },

    async closePayment(orderId) {
      for (const p of await Payment.findAll({ where: { orderId, status: 'created' } })) await closeOne(p);
    },

    refund: (input) => refunds.request(input),

    onPaid(handler) {
      if (hooks.onPaid) logger.warn('payment: onPaid handler replaced');
      hooks.onPaid = handler;
    },

    onRefunded(handler) {
      if (hooks.onRefunded) logger.warn('payment: onRefunded handler replaced');
      hooks.onRefunded = handler;
    },

    async paidAmount(orderId) {
      const [row] = await sequelize.query<{ paid: unknown; refunded: unknown }>(
        `SELECT COALESCE(SUM(amount), 0) AS paid, COALESCE(SUM(refunded_amount), 0) AS refunded
         FROM payments WHERE order_id = :orderId AND outcome = 'accepted'`,
        { replacements: { orderId }, type: QueryTypes.SELECT },
      );
      return { paid: Number(row.paid), refunded: Number(row.refunded) };
    },
  };

  /** The sandbox "I paid" button: only the paying shopper, only sandbox payments (404 otherwise). */
  async function confirmSandbox(
    shopperId: number,
    paymentId: number,
  ): ReturnType<PaymentInternals['confirmSandbox']> {
    const p = await Payment.findByPk(paymentId);
    if (
      !(provider instanceof SandboxProvider) ||
      !p ||
      p.provider !== 'sandbox' ||
      Number(p.payerShopperId) !== shopperId
    ) {
      throw new AppError('NOT_FOUND', 'Payment not found');
    }
    const n = await provider.pay(p.outTradeNo);
    await notifications.handle(n.headers, n.body);
    const after = await Payment.findByPk(paymentId, { rejectOnEmpty: true });
    return { paymentId, status: after.status, outcome: after.outcome ?? null };
  }

  /** Queue job of the sandbox: its bank finishes a refund, and its notification is delivered in process. */
  async function settleSandboxRefund(outRefundNo: string): Promise<void> {
    if (!(provider instanceof SandboxProvider)) return;
    const n = await provider.settleRefund(outRefundNo);
    await notifications.handle(n.headers, n.body);
  }

  const internals: PaymentInternals = {
    provider,
    handleNotification: notifications.handle,
    confirmSandbox,
    settleSandboxRefund,
    syncRefund: refunds.sync,
    submitQueuedRefund: refunds.submitQueued,
    syncStaleRefunds: refunds.syncStale,
    reconciliation,
  };
  return { service, internals };
}

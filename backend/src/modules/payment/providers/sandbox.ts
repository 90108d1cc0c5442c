import crypto from 'node:crypto';
import dayjs from 'dayjs';
import { Op, type Sequelize } from 'sequelize';
import type { Clock } from '../../../platform/clock';
import type { QueueDriver } from '../../../platform/drivers/types';
import { AppError } from '../../../platform/errors';
import { guardedUpdate, isUniqueViolation } from '../../../platform/db/tx';
import { sqlTime } from '../../../platform/db/time';
import { formatTradeBill, parseTradeBill, type BillSourceRow } from '../bill';
import { SandboxKey, SandboxRefund, SandboxTrade } from '../models';
import {
  WECHATPAY_TZ,
  buildNotification,
  jsapiPayParams,
  randomNonce,
  rfc3339,
  verifyAndDecryptNotification,
  type HeaderBag,
  type SignedNotification,
} from '../v3-crypto';
import type { JsapiInput, PaymentProvider, ProviderRefund, ProviderTrade, RefundInput } from './types';

export const SANDBOX_MCHID = '1900000000';

interface Keys {
  privateKey: crypto.KeyObject;
  publicKeys: Map<string, crypto.KeyObject>;
  serial: string;
  apiV3Key: string;
}

const digits = (n: number) => Array.from(crypto.randomBytes(n), (b) => String(b % 10)).join('');

const sandboxError = (code: string, message: string, status = 400) =>
  new AppError('PAYMENT_PROVIDER_ERROR', `sandbox: ${code} ${message}`, { status, code });

/**
 * Plays WeChat Pay's side in development and tests. Its trades and refunds live in its own tables (so the
 * trade bill it writes can disagree with ours, as WeChat's can), and it signs and encrypts with its own RSA
 * key pair and APIv3 key, generated once and kept in `payment_sandbox_keys` so that every process (api,
 * worker, cron) and every restart uses the same ones. Its notifications are byte-for-byte the v3 format and
 * go through the same verification and decryption as WeChat Pay's.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;
  private keysPromise: Promise<Keys> | undefined;

  constructor(
    private readonly deps: {
      sequelize: Sequelize;
      clock: Clock;
      appid: string;
      /** where the sandbox schedules the completion of a refund (`sandbox-refund-settle` on the payment queue) */
      queue: QueueDriver;
      queueName: string;
    },
  ) {}

  /** The sandbox's keys, created by the first process that needs them (a unique id settles a race). */
  keys(): Promise<Keys> {
    this.keysPromise ??= this.loadKeys().catch((e) => {
      this.keysPromise = undefined;
      throw e;
    });
    return this.keysPromise;
  }

  private async loadKeys(): Promise<Keys> {
    let row = await SandboxKey.findByPk(1);
    if (!row) {
      const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      try {
        row = await SandboxKey.create({
          id: 1,
          privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          serial: `SANDBOX${crypto.randomBytes(16).toString('hex').toUpperCase()}`,
          apiv3Key: randomNonce(32),
          createdAt: this.deps.clock.now(),
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        row = await SandboxKey.findByPk(1, { rejectOnEmpty: true });
      }
    }
    const privateKey = crypto.createPrivateKey(row.privateKey);
    return {
      privateKey,
      publicKeys: new Map([[row.serial, crypto.createPublicKey(privateKey)]]),
      serial: row.serial,
      apiV3Key: row.apiv3Key,
    };
  }

  async createJsapi(input: JsapiInput) {
    const keys = await this.keys();
    try {
      await SandboxTrade.create({
        outTradeNo: input.outTradeNo,
        amount: input.amount,
        description: input.description,
        payerOpenid: input.payerOpenid,
        state: 'NOTPAY',
        expiresAt: input.expiresAt,
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // WeChat answers the same prepay_id for a repeated identical order, refuses a different one
      const trade = await SandboxTrade.findOne({
        where: { outTradeNo: input.outTradeNo },
        rejectOnEmpty: true,
      });
      if (trade.state === 'SUCCESS' || trade.state === 'REFUND')
        throw sandboxError('ORDERPAID', 'order already paid');
      if (trade.state === 'CLOSED') throw sandboxError('ORDER_CLOSED', 'order closed');
      if (Number(trade.amount) !== input.amount || trade.payerOpenid !== input.payerOpenid) {
        throw sandboxError('INVALID_REQUEST', 'out_trade_no reused with other parameters');
      }
    }
    return jsapiPayParams(
      keys.privateKey,
      this.deps.appid,
      `sandbox_${input.outTradeNo}`,
      this.deps.clock.now(),
    );
  }

  async query(outTradeNo: string): Promise<ProviderTrade | undefined> {
    const t = await SandboxTrade.findOne({ where: { outTradeNo } });
    if (!t) return undefined;
    return {
      outTradeNo,
      state: t.state,
      amount: Number(t.amount),
      transactionId: t.transactionId ?? undefined,
      payerOpenid: t.payerOpenid,
      successTime: t.successTime ?? undefined,
      raw: this.transactionResource(t),
    };
  }

  async close(outTradeNo: string) {
    const closed = await guardedUpdate(
      this.deps.sequelize,
      `UPDATE payment_sandbox_trades SET state = 'CLOSED', updated_at = :now WHERE out_trade_no = :no AND state = 'NOTPAY'`,
      { no: outTradeNo, now: sqlTime(this.deps.sequelize, this.deps.clock.now()) },
    );
    if (closed) return 'closed' as const;
    const t = await SandboxTrade.findOne({ where: { outTradeNo } });
    return t && (t.state === 'SUCCESS' || t.state === 'REFUND') ? ('paid' as const) : ('closed' as const);
  }

  /**
   * The shopper pays (what WeChat does when wx.requestPayment succeeds): NOTPAY → SUCCESS, once. Returns the
   * signed TRANSACTION.SUCCESS notification; a repeated call returns a fresh copy of it (WeChat re-sends too).
   */
  async pay(outTradeNo: string): Promise<SignedNotification> {
    const now = this.deps.clock.now();
    await guardedUpdate(
      this.deps.sequelize,
      `UPDATE payment_sandbox_trades SET state = 'SUCCESS', transaction_id = :tid, success_time = :now, updated_at = :now
       WHERE out_trade_no = :no AND state = 'NOTPAY' AND expires_at > :now`,
      {
        no: outTradeNo,
        tid: `4200${dayjs(now).tz(WECHATPAY_TZ).format('YYYYMMDD')}${digits(16)}`,
        now: sqlTime(this.deps.sequelize, now),
      },
    );
    const t = await SandboxTrade.findOne({ where: { outTradeNo } });
    if (!t) throw new AppError('NOT_FOUND', 'No such sandbox trade');
    if (t.state !== 'SUCCESS' && t.state !== 'REFUND') {
      throw new AppError(
        'ORDER_NOT_PAYABLE',
        t.state === 'CLOSED' ? 'Payment was closed' : 'Payment has expired',
      );
    }
    return this.notification('TRANSACTION.SUCCESS', '支付成功', 'transaction', this.transactionResource(t));
  }

  async refund(input: RefundInput): Promise<ProviderRefund> {
    const trade = await SandboxTrade.findOne({ where: { outTradeNo: input.outTradeNo } });
    if (!trade || (trade.state !== 'SUCCESS' && trade.state !== 'REFUND')) {
      throw sandboxError('INVALID_REQUEST', 'trade not paid');
    }
    const existing = await SandboxRefund.findOne({ where: { outRefundNo: input.outRefundNo } });
    if (existing) return this.toRefund(existing);
    const refunded = Number(
      (await SandboxRefund.sum('amount', {
        where: { outTradeNo: input.outTradeNo, status: { [Op.in]: ['PROCESSING', 'SUCCESS'] } },
      })) ?? 0,
    );
    if (input.total !== Number(trade.amount))
      throw sandboxError('INVALID_REQUEST', 'total does not match the order');
    if (refunded + input.amount > Number(trade.amount))
      throw sandboxError('INVALID_REQUEST', '申请退款金额超过订单可退金额');
    try {
      const r = await SandboxRefund.create({
        outRefundNo: input.outRefundNo,
        refundId: `50${digits(27)}`,
        outTradeNo: input.outTradeNo,
        transactionId: trade.transactionId ?? '',
        amount: input.amount,
        total: input.total,
        reason: input.reason,
        status: 'PROCESSING',
        createdAt: this.deps.clock.now(),
      });
      await this.deps.queue.add(
        this.deps.queueName,
        'sandbox-refund-settle',
        { outRefundNo: r.outRefundNo },
        { jobId: `sandbox-settle-${r.id}`, attempts: 5, backoffMs: 2_000 },
      );
      return this.toRefund(r);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return this.toRefund(
        await SandboxRefund.findOne({ where: { outRefundNo: input.outRefundNo }, rejectOnEmpty: true }),
      );
    }
  }

  /** The refund completes at the sandbox's bank: PROCESSING → SUCCESS once; returns the REFUND.SUCCESS notification. */
  async settleRefund(outRefundNo: string): Promise<SignedNotification> {
    const now = this.deps.clock.now();
    const settled = await guardedUpdate(
      this.deps.sequelize,
      `UPDATE payment_sandbox_refunds SET status = 'SUCCESS', success_time = :now, updated_at = :now
       WHERE out_refund_no = :no AND status = 'PROCESSING'`,
      { no: outRefundNo, now: sqlTime(this.deps.sequelize, now) },
    );
    const r = await SandboxRefund.findOne({ where: { outRefundNo }, rejectOnEmpty: true });
    if (settled) {
      await SandboxTrade.update({ state: 'REFUND' }, { where: { outTradeNo: r.outTradeNo } });
    }
    return this.notification(`REFUND.${r.status}`, '退款成功', 'refund', this.refundResource(r));
  }

  async queryRefund(outRefundNo: string) {
    const r = await SandboxRefund.findOne({ where: { outRefundNo } });
    return r ? this.toRefund(r) : undefined;
  }

  async verifyAndDecrypt(headers: HeaderBag, rawBody: string) {
    const keys = await this.keys();
    return verifyAndDecryptNotification({
      headers,
      rawBody,
      publicKeys: keys.publicKeys,
      apiV3Key: keys.apiV3Key,
      now: this.deps.clock.now(),
    });
  }

  /** Written in WeChat's bill format from the sandbox's own records, then parsed like WeChat's. */
  async tradeBill(date: string) {
    const from = dayjs.tz(date, WECHATPAY_TZ).toDate();
    const to = dayjs.tz(date, WECHATPAY_TZ).add(1, 'day').toDate();
    const trades = await SandboxTrade.findAll({
      where: { successTime: { [Op.gte]: from, [Op.lt]: to } },
      order: [['successTime', 'ASC']],
    });
    const refunds = await SandboxRefund.findAll({
      where: { createdAt: { [Op.gte]: from, [Op.lt]: to } },
      order: [['createdAt', 'ASC']],
    });
    const refundedTrades = new Map(
      (
        await SandboxTrade.findAll({ where: { outTradeNo: { [Op.in]: refunds.map((r) => r.outTradeNo) } } })
      ).map((t) => [t.outTradeNo, t]),
    );
    const common = { appid: this.deps.appid, mchid: SANDBOX_MCHID };
    const rows: BillSourceRow[] = [
      ...trades.map((t) => ({
        ...common,
        kind: 'payment' as const,
        time: t.successTime!,
        transactionId: t.transactionId ?? '',
        outTradeNo: t.outTradeNo,
        openid: t.payerOpenid,
        total: Number(t.amount),
        description: t.description,
      })),
      ...refunds.map((r) => ({
        ...common,
        kind: 'refund' as const,
        time: r.createdAt,
        transactionId: r.transactionId,
        outTradeNo: r.outTradeNo,
        openid: refundedTrades.get(r.outTradeNo)?.payerOpenid ?? '',
        total: Number(r.total),
        description: refundedTrades.get(r.outTradeNo)?.description ?? '',
        refundId: r.refundId,
        outRefundNo: r.outRefundNo,
        refundAmount: Number(r.amount),
        refundStatus: r.status,
      })),
    ];
    return parseTradeBill(formatTradeBill(rows));
  }

  /** A signed notification of any event, for the sandbox's own flows and for tests that tamper with one. */
  async notification(
    eventType: string,
    summary: string,
    originalType: 'transaction' | 'refund',
    resource: object,
    id?: string,
  ): Promise<SignedNotification> {
    const keys = await this.keys();
    return buildNotification({
      key: { privateKey: keys.privateKey, serial: keys.serial },
      apiV3Key: keys.apiV3Key,
      eventType,
      summary,
      originalType,
      resource,
      now: this.deps.clock.now(),
      id,
    });
  }

  transactionResource(t: SandboxTrade): Record<string, unknown> {
    return {
      appid: this.deps.appid,
      mchid: SANDBOX_MCHID,
      out_trade_no: t.outTradeNo,
      transaction_id: t.transactionId ?? undefined,
      trade_type: 'JSAPI',
      trade_state: t.state,
      trade_state_desc: t.state === 'SUCCESS' ? '支付成功' : t.state,
      bank_type: 'OTHERS',
      attach: '',
      success_time: t.successTime ? rfc3339(t.successTime) : undefined,
      payer: { openid: t.payerOpenid },
      amount: {
        total: Number(t.amount),
        payer_total: Number(t.amount),
        currency: 'CNY',
        payer_currency: 'CNY',
      },
    };
  }

  private refundResource(r: SandboxRefund): Record<string, unknown> {
    return {
      mchid: SANDBOX_MCHID,
      out_trade_no: r.outTradeNo,
      transaction_id: r.transactionId,
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_status: r.status,
      success_time: r.successTime ? rfc3339(r.successTime) : undefined,
      user_received_account: '支付用户零钱',
      amount: {
        total: Number(r.total),
        refund: Number(r.amount),
        payer_total: Number(r.total),
        payer_refund: Number(r.amount),
      },
    };
  }

  private toRefund(r: SandboxRefund): ProviderRefund {
    return {
      outRefundNo: r.outRefundNo,
      outTradeNo: r.outTradeNo,
      refundId: r.refundId,
      status: r.status,
      amount: Number(r.amount),
      acceptedAt: r.createdAt,
      successTime: r.successTime ?? undefined,
      raw: { ...this.refundResource(r), status: r.status, create_time: rfc3339(r.createdAt) },
    };
  }
}

import crypto from 'node:crypto';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezonePlugin from 'dayjs/plugin/timezone';
import { Op, QueryTypes } from 'sequelize';
import type { z } from 'zod';
import { guardedUpdate, isUniqueViolation, withTransaction, type Tx } from '../../platform/db/tx';
import { AppError, isAppError } from '../../platform/errors';
import type { Principal } from '../../platform/http/access';
import type { HeaderBag } from '../payment/v3-crypto';
import { iso, num, type DistributionContext, type Ledger } from './context';
import type { Distributors } from './distributors';
import { Commission, TransferNotification, Withdrawal, type WithdrawalStatus } from './models';
import { withdrawalFee } from './rules';
import type * as s from './schemas';
import { FINAL_FAILED, type TransferBill, type TransferProvider } from './transfers';

dayjs.extend(utc);
dayjs.extend(timezonePlugin);

export type WithdrawalView = z.infer<typeof s.withdrawal>;

export const TRANSFER_QUEUE = 'distribution-transfer';

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

/** States whose money is still out of the balance (counted against the daily limits). */
const HELD: readonly WithdrawalStatus[] = ['reviewing', 'approved', 'transferring', 'succeeded'];
/** WeChat errors that say "try again later", never "refused": the bill may exist or may be made later. */
const RETRYABLE_CODES = new Set(['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'NOT_ENOUGH', 'ACCOUNT_ERROR']);

export function withdrawalView(w: Withdrawal): WithdrawalView {
  return {
    id: num(w.id),
    withdrawalNo: w.withdrawalNo,
    distributorId: num(w.distributorId),
    amount: num(w.amount),
    fee: num(w.fee),
    netAmount: num(w.netAmount),
    channel: w.channel,
    status: w.status,
    transferState: w.transferState ? String(w.transferState) : null,
    failReason: w.failReason ? String(w.failReason) : null,
    rejectReason: w.rejectReason ? String(w.rejectReason) : null,
    /** true while the shopper must confirm in the mini-program (GET …/transfer for the parameters) */
    awaitingConfirmation: w.status === 'transferring' && w.transferState === 'WAIT_USER_CONFIRM',
    confirmDeadline: iso(w.confirmDeadline),
    reviewedAt: iso(w.reviewedAt),
    finishedAt: iso(w.finishedAt),
    createdAt: iso(w.createdAt)!,
  };
}

/**
 * Withdrawals (RULES §8): minimum, per-request maximum, daily amount and count, fee, manual or automatic
 * approval; paid out by WeChat Pay transfer bills in user-confirmation mode. Every money step is a ledger row:
 * `withdraw` (−amount, when asked), `withdraw_return` (+amount: rejected, failed, cancelled or unconfirmed),
 * `withdraw_paid` (0: the transfer succeeded). The withdrawal moves by guarded updates; the return's ledger key
 * is unique per withdrawal, so a repeated callback or a racing sweep can never return it twice.
 *
 *   reviewing → approved → transferring → succeeded
 *   reviewing → rejected (money back)      approved | transferring → failed (money back)
 */
export function createWithdrawals(
  ctx: DistributionContext,
  deps: {
    ledger: Ledger;
    distributors: Distributors;
    provider: TransferProvider;
    /** queues the transfer of an approved withdrawal (the queue job calls `transfer`) */
    schedule(withdrawalId: number): Promise<void>;
  },
) {
  const { sequelize, audit, risk, config } = ctx.platform;
  const { ledger, distributors, provider } = deps;

  const shopDay = (d: Date) => dayjs(d).tz(config.shopTimezone).format('YYYY-MM-DD');
  const newNo = (d: Date) =>
    `DW${dayjs(d).tz(config.shopTimezone).format('YYYYMMDD')}${Array.from(crypto.randomBytes(12), (b) => b % 10).join('')}`;

  async function usedToday(tx: Tx, distributorId: number, day: string) {
    const [row] = await sequelize.query<{ amount: number | null; n: number }>(
      `SELECT SUM(amount) AS amount, COUNT(*) AS n FROM distribution_withdrawals
        WHERE distributor_id = :id AND shop_day = :day AND status IN (:held)`,
      { replacements: { id: distributorId, day, held: HELD }, type: QueryTypes.SELECT, transaction: tx },
    );
    return { amount: num(row?.amount), count: num(row?.n) };
  }

  /** The distributor asks to withdraw `amount` fen of their balance. */
  async function request(shopperId: number, amount: number, meta: RequestMeta) {
    const rules = await ctx.settings.get();
    const d = await distributors.find(shopperId);
    if (!d) throw new AppError('DISTRIBUTOR_REQUIRED', 'Become a distributor first');
    if (d.status !== 'active') throw new AppError('DISTRIBUTOR_FROZEN', 'Your distributor account is frozen');
    if (amount < rules.withdrawMin) {
      throw new AppError('WITHDRAWAL_BELOW_MINIMUM', 'Below the minimum withdrawal', {
        minimum: rules.withdrawMin,
      });
    }
    if (amount > rules.withdrawMaxPerRequest) {
      throw new AppError('WITHDRAWAL_ABOVE_MAXIMUM', 'Above the maximum of one withdrawal', {
        maximum: rules.withdrawMaxPerRequest,
      });
    }
    const fee = withdrawalFee(amount, rules.withdrawFeePermille);
    if (amount - fee <= 0) {
      throw new AppError('WITHDRAWAL_BELOW_MINIMUM', 'Nothing left after the fee', {
        minimum: rules.withdrawMin,
      });
    }
    await risk.check('withdrawal', { shopperId, ip: meta.ip, amount });
    const openid = await ctx.accounts.getOpenid(shopperId);
    const now = ctx.now();
    const auto = rules.withdrawAutoApprove && amount <= rules.withdrawAutoApproveLimit;
    const w = await withTransaction(sequelize, async (tx) => {
      const balance = await ledger.lockAccount(tx, shopperId);
      const day = shopDay(now);
      const used = await usedToday(tx, shopperId, day);
      if (used.count + 1 > rules.withdrawDailyCount || used.amount + amount > rules.withdrawDailyAmount) {
        throw new AppError('WITHDRAWAL_DAILY_LIMIT', 'Above today’s withdrawal limit', {
          usedAmount: used.amount,
          usedCount: used.count,
          dailyAmount: rules.withdrawDailyAmount,
          dailyCount: rules.withdrawDailyCount,
        });
      }
      if (balance < amount) {
        throw new AppError('WITHDRAWAL_INSUFFICIENT_BALANCE', 'Not enough available commission', {
          balance,
          amount,
        });
      }
      const row = await Withdrawal.create(
        {
          withdrawalNo: newNo(now),
          distributorId: shopperId,
          amount,
          fee,
          netAmount: amount - fee,
          channel: 'wechat',
          status: auto ? 'approved' : 'reviewing',
          shopDay: day,
          openid,
          reviewedAt: auto ? now : null,
        },
        { transaction: tx },
      );
      await ledger.change(tx, {
        distributorId: shopperId,
        delta: -amount,
        reason: 'withdraw',
        refType: 'withdrawal',
        refId: num(row.id),
        idemKey: `withdraw:${row.withdrawalNo}`,
        note: fee ? `提现 ${row.withdrawalNo}（手续费 ${fee} 分）` : `提现 ${row.withdrawalNo}`,
      });
      return row;
    });
    if (auto) await deps.schedule(num(w.id));
    return withdrawalView(w);
  }

  /** Money back to the balance and the withdrawal final (`failed` or `rejected`), once. */
  async function returnMoney(
    tx: Tx,
    w: Withdrawal,
    to: 'failed' | 'rejected',
    from: readonly WithdrawalStatus[],
    set: {
      failReason?: string | null;
      rejectReason?: string | null;
      reviewerId?: number;
      transferState?: string | null;
    },
  ): Promise<boolean> {
    await ledger.lockAccount(tx, num(w.distributorId));
    const now = ctx.now();
    const moved = await guardedUpdate(
      sequelize,
      `UPDATE distribution_withdrawals SET status = :to, fail_reason = COALESCE(:failReason, fail_reason),
         reject_reason = COALESCE(:rejectReason, reject_reason), reviewer_id = COALESCE(:reviewerId, reviewer_id),
         reviewed_at = CASE WHEN :rejected = 1 THEN :now ELSE reviewed_at END,
         transfer_state = COALESCE(:transferState, transfer_state), package_info = NULL,
         finished_at = :now, updated_at = :now
       WHERE id = :id AND status IN (:from)`,
      {
        id: num(w.id),
        to,
        from,
        failReason: set.failReason?.slice(0, 200) ?? null,
        rejectReason: set.rejectReason?.slice(0, 200) ?? null,
        reviewerId: set.reviewerId ?? null,
        transferState: set.transferState ?? null,
        rejected: to === 'rejected' ? 1 : 0,
        now: ctx.t(now),
      },
      tx,
    );
    if (moved !== 1) return false;
    await ledger.change(tx, {
      distributorId: num(w.distributorId),
      delta: num(w.amount),
      reason: 'withdraw_return',
      refType: 'withdrawal',
      refId: num(w.id),
      idemKey: `withdraw_return:${w.withdrawalNo}`,
      note: to === 'rejected' ? `提现 ${w.withdrawalNo} 被驳回` : `提现 ${w.withdrawalNo} 未到账，已退回`,
    });
    return true;
  }

  /** The transfer succeeded: final, a 0-fen ledger step, and the oldest available commissions marked withdrawn. */
  async function succeed(tx: Tx, w: Withdrawal, bill: TransferBill): Promise<boolean> {
    await ledger.lockAccount(tx, num(w.distributorId));
    const now = ctx.now();
    const moved = await guardedUpdate(
      sequelize,
      `UPDATE distribution_withdrawals SET status = 'succeeded', transfer_state = 'SUCCESS', package_info = NULL,
         transfer_bill_no = COALESCE(:billNo, transfer_bill_no), finished_at = :now, updated_at = :now
       WHERE id = :id AND status = 'transferring'`,
      { id: num(w.id), billNo: bill.transferBillNo, now: ctx.t(now) },
      tx,
    );
    if (moved !== 1) return false;
    await ledger.change(tx, {
      distributorId: num(w.distributorId),
      delta: 0,
      keepZero: true,
      reason: 'withdraw_paid',
      refType: 'withdrawal',
      refId: num(w.id),
      idemKey: `withdraw_paid:${w.withdrawalNo}`,
      note: `提现 ${w.withdrawalNo} 已到账 ${num(w.netAmount)} 分`,
    });
    // the money paid out came from the oldest credited commissions first (status `withdrawn` when all gone)
    let left = num(w.amount);
    const rows = await Commission.findAll({
      where: { beneficiaryId: num(w.distributorId), status: 'available' },
      order: [
        ['availableAt', 'ASC'],
        ['id', 'ASC'],
      ],
      transaction: tx,
      lock: tx.LOCK.UPDATE,
    });
    for (const r of rows) {
      if (left <= 0) break;
      const open = num(r.creditedAmount) - num(r.clawedAmount) - num(r.withdrawnAmount);
      if (open <= 0) continue;
      const take = Math.min(open, left);
      left -= take;
      await Commission.update(
        {
          withdrawnAmount: num(r.withdrawnAmount) + take,
          ...(take === open ? { status: 'withdrawn' as const } : {}),
        },
        { where: { id: num(r.id) }, transaction: tx },
      );
    }
    return true;
  }

  /**
   * Applies what WeChat Pay says of a bill (answer, query or notification), in the caller's transaction:
   * SUCCESS → succeeded; FAIL / CANCELLED → failed with the money back; anything else → the state noted
   * (with the package the app needs while WAIT_USER_CONFIRM). Later or repeated news changes nothing.
   */
  async function applyBill(tx: Tx, w: Withdrawal, bill: TransferBill): Promise<'applied' | 'unchanged'> {
    if (bill.state === 'SUCCESS') return (await succeed(tx, w, bill)) ? 'applied' : 'unchanged';
    if (FINAL_FAILED.includes(bill.state)) {
      const done = await returnMoney(tx, w, 'failed', ['approved', 'transferring'], {
        failReason: bill.failReason ?? bill.state,
        transferState: bill.state,
      });
      return done ? 'applied' : 'unchanged';
    }
    const moved = await guardedUpdate(
      sequelize,
      `UPDATE distribution_withdrawals SET transfer_state = :state,
         package_info = CASE WHEN :state = 'WAIT_USER_CONFIRM' THEN COALESCE(:pkg, package_info) ELSE NULL END,
         transfer_bill_no = COALESCE(:billNo, transfer_bill_no), updated_at = :now
       WHERE id = :id AND status = 'transferring'`,
      {
        id: num(w.id),
        state: bill.state,
        pkg: bill.packageInfo,
        billNo: bill.transferBillNo,
        now: ctx.t(ctx.now()),
      },
      tx,
    );
    return moved === 1 ? 'applied' : 'unchanged';
  }

  const byId = (id: number, tx?: Tx) => Withdrawal.findByPk(id, { transaction: tx });

  async function applyBillNow(withdrawalId: number, bill: TransferBill) {
    return withTransaction(sequelize, async (tx) => {
      // no row lock here: the guarded updates decide, and the account lock (taken first everywhere) orders them
      const w = await Withdrawal.findByPk(withdrawalId, { transaction: tx });
      return w ? applyBill(tx, w, bill) : 'unchanged';
    });
  }

  /**
   * Pays out an approved withdrawal (the queue job, the sweep, an admin retry): approved → transferring, then
   * the bill is made (or found: out_bill_no makes a retry harmless). Never inside a transaction: a refusal
   * that WeChat answered with no bill behind it fails the withdrawal and returns the money; trouble on
   * WeChat's side or the network leaves it transferring for the next try.
   */
  async function transfer(withdrawalId: number): Promise<void> {
    const rules = await ctx.settings.get();
    const now = ctx.now();
    await guardedUpdate(
      sequelize,
      `UPDATE distribution_withdrawals SET status = 'transferring', transfer_started_at = :now,
         confirm_deadline = :deadline, updated_at = :now WHERE id = :id AND status = 'approved'`,
      {
        id: withdrawalId,
        now: ctx.t(now),
        deadline: ctx.t(new Date(now.getTime() + rules.transferConfirmHours * 3_600_000)),
      },
    );
    const w = await byId(withdrawalId);
    if (!w || w.status !== 'transferring') return;
    let bill: TransferBill;
    try {
      bill = await provider.create({
        outBillNo: w.withdrawalNo,
        openid: w.openid,
        amount: num(w.netAmount),
        remark: rules.transferRemark,
        sceneId: rules.transferSceneId,
        recvPerception: rules.transferRecvPerception,
        reportInfos: rules.transferReportInfos,
      });
    } catch (e) {
      const details = isAppError(e)
        ? (e.details as { status?: number; code?: string } | undefined)
        : undefined;
      const refused =
        isAppError(e) &&
        e.code === 'PAYMENT_PROVIDER_ERROR' &&
        typeof details?.status === 'number' &&
        details.status >= 400 &&
        details.status < 500 &&
        details.status !== 429 &&
        !RETRYABLE_CODES.has(details.code ?? '');
      if (!refused) throw e;
      // refused: make sure no bill exists behind the refusal before giving the money back
      const existing = await provider.query(w.withdrawalNo);
      if (existing) {
        await applyBillNow(num(w.id), existing);
        return;
      }
      await withTransaction(sequelize, (tx) =>
        returnMoney(tx, w, 'failed', ['transferring'], {
          failReason: `${details?.code ?? 'REFUSED'}: ${(e as Error).message}`,
        }),
      );
      return;
    }
    await applyBillNow(num(w.id), bill);
  }

  /** The merchant approves (then the transfer is queued) or rejects (the money returns at once). */
  async function review(
    actor: Principal,
    id: number,
    decision: { approve: true } | { approve: false; reason: string },
    meta: RequestMeta,
  ) {
    const result = await withTransaction(sequelize, async (tx) => {
      const w = await byId(id, tx);
      if (!w) throw new AppError('NOT_FOUND', 'Withdrawal not found');
      let moved: boolean;
      if (decision.approve) {
        moved =
          (await guardedUpdate(
            sequelize,
            `UPDATE distribution_withdrawals SET status = 'approved', reviewer_id = :actor, reviewed_at = :now,
               updated_at = :now WHERE id = :id AND status = 'reviewing'`,
            { id, actor: actor.id, now: ctx.t(ctx.now()) },
            tx,
          )) === 1;
      } else {
        moved = await returnMoney(tx, w, 'rejected', ['reviewing'], {
          rejectReason: decision.reason,
          reviewerId: actor.id,
        });
      }
      if (!moved)
        throw new AppError('ILLEGAL_TRANSITION', `The withdrawal is ${w.status}`, { status: w.status });
      await audit.record(
        {
          actor,
          action: decision.approve ? 'distribution_withdrawal.approve' : 'distribution_withdrawal.reject',
          subjectType: 'distribution_withdrawal',
          subjectId: id,
          before: { status: 'reviewing' },
          after: {
            status: decision.approve ? 'approved' : 'rejected',
            reason: decision.approve ? null : decision.reason,
          },
          ...meta,
        },
        tx,
      );
      return w;
    });
    if (decision.approve) await deps.schedule(num(result.id));
    return withdrawalView((await byId(id))!);
  }

  /** Asks the provider for a transferring withdrawal's bill now and applies it (after the shopper confirmed). */
  async function sync(id: number): Promise<void> {
    const w = await byId(id);
    if (!w) throw new AppError('NOT_FOUND', 'Withdrawal not found');
    if (w.status === 'approved') return transfer(id);
    if (w.status !== 'transferring') return;
    const bill = await provider.query(w.withdrawalNo);
    if (!bill) {
      // the bill was never made (the first call was lost): make it now, same out_bill_no
      await transfer(id);
      return;
    }
    await applyBillNow(id, bill);
  }

  /**
   * The sweep (cron): approved withdrawals whose queue job was lost are transferred; transferring ones not
   * heard of for 10 minutes are queried; unconfirmed ones past their deadline are cancelled at WeChat Pay
   * (the cancellation, when final, returns the money).
   */
  async function sweep(now: Date): Promise<{ transferred: number; synced: number; cancelled: number }> {
    const stale = new Date(now.getTime() - 10 * 60_000);
    const counts = { transferred: 0, synced: 0, cancelled: 0 };
    const lost = await Withdrawal.findAll({
      where: { status: 'approved', updatedAt: { [Op.lte]: new Date(now.getTime() - 5 * 60_000) } },
      order: [['id', 'ASC']],
      limit: 200,
    });
    for (const w of lost) {
      await transfer(num(w.id)).catch((e) =>
        ctx.log.warn({ err: e, id: num(w.id) }, 'transfer retry failed'),
      );
      counts.transferred++;
    }
    const waiting = await Withdrawal.findAll({
      where: {
        status: 'transferring',
        [Op.or]: [{ updatedAt: { [Op.lte]: stale } }, { confirmDeadline: { [Op.lte]: now } }],
      },
      order: [['id', 'ASC']],
      limit: 200,
    });
    for (const w of waiting) {
      try {
        const expired = w.confirmDeadline !== null && new Date(w.confirmDeadline).getTime() <= now.getTime();
        let bill = await provider.query(w.withdrawalNo);
        if (!bill) {
          await transfer(num(w.id));
          counts.synced++;
          continue;
        }
        if (expired && ['ACCEPTED', 'WAIT_USER_CONFIRM'].includes(bill.state)) {
          bill = await provider.cancel(w.withdrawalNo);
          // WeChat answers CANCELING and finishes on its own: look again (else the next sweep or the notification)
          if (bill.state === 'CANCELING') bill = (await provider.query(w.withdrawalNo)) ?? bill;
          counts.cancelled++;
        }
        await applyBillNow(num(w.id), bill);
        counts.synced++;
      } catch (e) {
        ctx.log.warn({ err: e, id: num(w.id) }, 'transfer sync failed; the next sweep tries again');
      }
    }
    return counts;
  }

  /**
   * A verified, decrypted MCHTRANSFER.BILL.FINISHED notification: recorded once by its id (a re-delivery is
   * a duplicate), then applied in the same transaction. Unknown bills and other event types are acknowledged.
   */
  async function handleNotification(headers: HeaderBag, rawBody: string): Promise<string> {
    const n = await provider.verifyAndDecrypt(headers, rawBody);
    const outBillNo = String(n.resource.out_bill_no ?? '').slice(0, 32);
    try {
      return await withTransaction(sequelize, async (tx) => {
        const log = await TransferNotification.create(
          {
            eventId: n.id.slice(0, 64),
            eventType: n.eventType.slice(0, 40),
            outBillNo: outBillNo || null,
            outcome: 'received',
            resource: JSON.stringify(n.resource),
            receivedAt: ctx.now(),
          },
          { transaction: tx },
        );
        let outcome = 'ignored';
        if (n.eventType.startsWith('MCHTRANSFER.')) {
          const w = await Withdrawal.findOne({ where: { withdrawalNo: outBillNo }, transaction: tx });
          const amount = n.resource.transfer_amount;
          if (!w) outcome = 'unknown';
          else if (typeof amount === 'number' && amount !== num(w.netAmount)) outcome = 'amount_mismatch';
          else {
            outcome = await applyBill(tx, w, {
              outBillNo,
              transferBillNo:
                typeof n.resource.transfer_bill_no === 'string' ? n.resource.transfer_bill_no : null,
              state: String(n.resource.state ?? '') as TransferBill['state'],
              packageInfo: null,
              failReason: typeof n.resource.fail_reason === 'string' ? n.resource.fail_reason : null,
              amount: typeof amount === 'number' ? amount : null,
            });
          }
        }
        await log.update({ outcome }, { transaction: tx });
        return outcome;
      });
    } catch (e) {
      if (
        isUniqueViolation(e) &&
        (await TransferNotification.count({ where: { eventId: n.id.slice(0, 64) } }))
      ) {
        return 'duplicate';
      }
      throw e;
    }
  }

  // ── reads for the shopper ──────────────────────────────────────────────────────────────────────────────

  async function own(shopperId: number, id: number) {
    const w = await Withdrawal.findOne({ where: { id, distributorId: shopperId } });
    if (!w) throw new AppError('NOT_FOUND', 'Withdrawal not found');
    return w;
  }

  /** What wx.requestMerchantTransfer takes, while the bill waits for the shopper's confirmation. */
  async function confirmParams(shopperId: number, id: number) {
    const w = await own(shopperId, id);
    if (w.status !== 'transferring' || w.transferState !== 'WAIT_USER_CONFIRM' || !w.packageInfo) {
      throw new AppError('WITHDRAWAL_NOT_CONFIRMABLE', 'This withdrawal is not waiting for confirmation', {
        status: w.status,
        transferState: w.transferState,
      });
    }
    return {
      withdrawalId: num(w.id),
      mchId: provider.mchId,
      appId: provider.appId,
      package: String(w.packageInfo),
      sandbox: provider.name === 'sandbox',
      confirmDeadline: iso(w.confirmDeadline),
    };
  }

  return {
    request,
    review,
    transfer,
    sync,
    sweep,
    applyBillNow,
    handleNotification,
    own,
    confirmParams,
    view: withdrawalView,
  };
}

export type Withdrawals = ReturnType<typeof createWithdrawals>;

import dayjs from 'dayjs';
import { Op } from 'sequelize';
import { AppError } from '../../platform/errors';
import { withTransaction, type Tx } from '../../platform/db/tx';
import type { CronJobDef } from '../../platform/cron/types';
import type { Principal } from '../../platform/http/access';
import { Payment, PaymentRefund, ReconciliationDiff, ReconciliationRun } from './models';
import { compareBill, type Difference, type LocalPayment, type LocalRefund } from './reconcile';
import type { PaymentContext } from './transitions';
import { WECHATPAY_TZ } from './v3-crypto';

export interface Compared {
  providerRows: number;
  localRows: number;
  differences: Difference[];
}

export interface RunView {
  id: number;
  billDate: string;
  provider: string;
  status: 'done' | 'failed';
  trigger: 'cron' | 'admin';
  actorId: number | null;
  providerRows: number;
  localRows: number;
  differenceCount: number;
  error: string | null;
  startedAt: string;
  finishedAt: string;
  differences: Difference[];
}

/** The Beijing-time day of WeChat Pay's bills, as [from, to) instants. */
export function billDay(date: string): { from: Date; to: Date } {
  const start = dayjs.tz(date, WECHATPAY_TZ);
  return { from: start.toDate(), to: start.add(1, 'day').toDate() };
}

export const today = (now: Date) => dayjs(now).tz(WECHATPAY_TZ).format('YYYY-MM-DD');

export interface Reconciliation {
  compare(date: string): Promise<Compared>;
  runNow(date: string, actor: Principal, meta: { ip: string; requestId?: string }): Promise<RunView>;
  list(date: string): Promise<{ date: string; runs: RunView[] }>;
  cronJob: CronJobDef;
}

/**
 * Daily reconciliation: the provider's trade bill of one day against our payments (by success time) and
 * refunds (by the provider's acceptance time, the time the bill uses). Each run is kept with every
 * difference it found; a failed fetch is kept as a failed run.
 */
export function createReconciliation(ctx: PaymentContext): Reconciliation {
  const { sequelize, clock, audit } = ctx.platform;

  async function compare(date: string): Promise<Compared> {
    const bill = await ctx.provider.tradeBill(date);
    const { from, to } = billDay(date);
    const inDay = (d: Date | null) => !!d && d >= from && d < to;
    const billedTrades = [...new Set(bill.filter((r) => r.kind === 'payment').map((r) => r.outTradeNo))];
    const billedRefunds = [
      ...new Set(bill.filter((r) => r.kind === 'refund').map((r) => r.outRefundNo ?? '')),
    ];
    const payments = await Payment.findAll({
      where: {
        [Op.or]: [
          { paidAt: { [Op.gte]: from, [Op.lt]: to } },
          ...(billedTrades.length ? [{ outTradeNo: { [Op.in]: billedTrades } }] : []),
        ],
      },
    });
    const refunds = await PaymentRefund.findAll({
      where: {
        [Op.or]: [
          { acceptedAt: { [Op.gte]: from, [Op.lt]: to } },
          ...(billedRefunds.length ? [{ outRefundNo: { [Op.in]: billedRefunds } }] : []),
        ],
      },
    });
    const tradeNoOf = new Map(
      (
        await Payment.findAll({ where: { id: { [Op.in]: [...new Set(refunds.map((r) => r.paymentId))] } } })
      ).map((p) => [Number(p.id), p.outTradeNo]),
    );
    const localPayments: LocalPayment[] = payments.map((p) => ({
      outTradeNo: p.outTradeNo,
      amount: Number(p.amount),
      status: p.status,
      inDay: inDay(p.paidAt),
    }));
    const localRefunds: LocalRefund[] = refunds.map((r) => ({
      outRefundNo: r.outRefundNo,
      outTradeNo: tradeNoOf.get(Number(r.paymentId)) ?? '',
      amount: Number(r.amount),
      status: r.status,
      inDay: inDay(r.acceptedAt),
    }));
    return {
      providerRows: bill.length,
      localRows: localPayments.filter((p) => p.inDay).length + localRefunds.filter((r) => r.inDay).length,
      differences: compareBill(bill, localPayments, localRefunds),
    };
  }

  async function save(
    tx: Tx,
    run: { date: string; trigger: 'cron' | 'admin'; actorId: number | null; startedAt: Date },
    result: Compared | { error: string },
  ): Promise<number> {
    const ok = 'differences' in result;
    const row = await ReconciliationRun.create(
      {
        billDate: run.date,
        provider: ctx.provider.name,
        status: ok ? 'done' : 'failed',
        triggerKind: run.trigger,
        actorId: run.actorId,
        providerRows: ok ? result.providerRows : 0,
        localRows: ok ? result.localRows : 0,
        differenceCount: ok ? result.differences.length : 0,
        error: ok ? null : result.error.slice(0, 2000),
        startedAt: run.startedAt,
        finishedAt: clock.now(),
      },
      { transaction: tx },
    );
    if (ok && result.differences.length) {
      await ReconciliationDiff.bulkCreate(
        result.differences.map((d) => ({ ...d, runId: Number(row.id), note: d.note?.slice(0, 255) ?? null })),
        { transaction: tx },
      );
    }
    return Number(row.id);
  }

  async function attempt(date: string): Promise<Compared | { error: string }> {
    try {
      return await compare(date);
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /** The admin's "run now" (finance, owner): one run, audited in the same transaction. */
  async function runNow(
    date: string,
    actor: Principal,
    meta: { ip: string; requestId?: string },
  ): Promise<RunView> {
    if (date > today(clock.now())) throw new AppError('BUSINESS_RULE', 'No bill exists for a future day');
    const startedAt = clock.now();
    const result = await attempt(date);
    const id = await withTransaction(sequelize, async (tx) => {
      const runId = await save(tx, { date, trigger: 'admin', actorId: actor.id, startedAt }, result);
      await audit.record(
        {
          actor,
          action: 'payment.reconciliation.run',
          subjectType: 'reconciliation_run',
          subjectId: runId,
          after: {
            date,
            status: 'error' in result ? 'failed' : 'done',
            differences: 'error' in result ? 0 : result.differences.length,
          },
          ...meta,
        },
        tx,
      );
      return runId;
    });
    return (await viewRuns({ id }))[0];
  }

  /** Runs and their differences for one bill day, newest first. */
  async function list(date: string): Promise<{ date: string; runs: RunView[] }> {
    return { date, runs: await viewRuns({ billDate: date }) };
  }

  async function viewRuns(where: { id?: number; billDate?: string }): Promise<RunView[]> {
    const runs = await ReconciliationRun.findAll({ where, order: [['id', 'DESC']], limit: 50 });
    const diffs = await ReconciliationDiff.findAll({
      where: { runId: { [Op.in]: runs.map((r) => r.id) } },
      order: [['id', 'ASC']],
    });
    return runs.map((r) => ({
      id: Number(r.id),
      billDate: r.billDate,
      provider: r.provider,
      status: r.status,
      trigger: r.triggerKind,
      actorId: r.actorId === null ? null : Number(r.actorId),
      providerRows: r.providerRows,
      localRows: r.localRows,
      differenceCount: r.differenceCount,
      error: r.error,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt.toISOString(),
      differences: diffs
        .filter((d) => Number(d.runId) === Number(r.id))
        .map((d) => ({
          kind: d.kind as Difference['kind'],
          subject: d.subject as Difference['subject'],
          outTradeNo: d.outTradeNo,
          outRefundNo: d.outRefundNo,
          localAmount: d.localAmount === null ? null : Number(d.localAmount),
          providerAmount: d.providerAmount === null ? null : Number(d.providerAmount),
          localStatus: d.localStatus,
          providerStatus: d.providerStatus,
          note: d.note,
        })),
    }));
  }

  /**
   * `pay-reconcile`: yesterday's bill (Beijing day), once per day. WeChat Pay writes bills from about 10:00
   * the next day; the job fires hourly from 10:30 so a bill not ready yet (a failed run) is tried again.
   */
  const cronJob: CronJobDef = {
    name: 'pay-reconcile',
    schedule: '30 10-23 * * *',
    period: 'day',
    description: "Reconcile yesterday's payments and refunds against the provider's trade bill",
    lockTtlMs: 5 * 60_000,
    async run(c) {
      const date = dayjs(c.now).tz(WECHATPAY_TZ).subtract(1, 'day').format('YYYY-MM-DD');
      const startedAt = clock.now();
      const result = await attempt(date);
      const run = { date, trigger: 'cron' as const, actorId: null, startedAt };
      if ('error' in result) {
        await withTransaction(sequelize, (tx) => save(tx, run, result));
        throw new Error(`reconciliation of ${date} failed: ${result.error}`);
      }
      await c.once(`bill:${date}`, async (tx) => {
        await save(tx, run, result);
      });
      c.count('differences', result.differences.length);
    },
  };

  return { compare, runNow, list, cronJob };
}

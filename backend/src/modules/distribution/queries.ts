import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezonePlugin from 'dayjs/plugin/timezone';
import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import type { z } from 'zod';
import { AppError } from '../../platform/errors';
import { unitPrefix } from '../order/amounts';
import type { Binding } from './binding';
import { iso, num, type DistributionContext, type Ledger } from './context';
import { applicationView, levelView, LIVE_STATUSES, type Distributors } from './distributors';
import {
  Commission,
  DistributionLedger,
  DistributionLevel,
  DistributionOrderRefund,
  DistributionRelation,
  Distributor,
  Withdrawal,
  type CommissionStatus,
  type LedgerReason,
  type RateMode,
  type WithdrawalStatus,
} from './models';
import { lineCommissions } from './rules';
import type * as s from './schemas';
import { withdrawalView } from './withdrawals';

dayjs.extend(utc);
dayjs.extend(timezonePlugin);

export interface Page {
  page: number;
  pageSize: number;
}

const paged = <T>(items: T[], total: number, q: Page) => ({
  items,
  total,
  page: q.page,
  pageSize: q.pageSize,
});

export function commissionView(c: Commission, buyerNickname?: string): z.infer<typeof s.commission> {
  return {
    id: num(c.id),
    orderId: num(c.orderId),
    orderNo: c.orderNo,
    orderLineId: num(c.orderLineId),
    title: c.title,
    buyerId: num(c.buyerId),
    buyerNickname: buyerNickname ?? null,
    beneficiaryId: num(c.beneficiaryId),
    level: num(c.level),
    quantity: num(c.quantity),
    baseAmount: num(c.baseAmount),
    rate: { source: c.rateSource, mode: c.rateMode, value: num(c.rateValue) },
    amount: num(c.amount),
    status: c.status,
    refundedUnits: num(c.refundedUnits),
    invalidAmount: num(c.invalidAmount),
    clawedAmount: num(c.clawedAmount),
    /** what this entry is worth now: amount − taken back before and after it was available */
    netAmount: num(c.amount) - num(c.invalidAmount) - num(c.clawedAmount),
    creditedAmount: num(c.creditedAmount),
    withdrawnAmount: num(c.withdrawnAmount),
    placedAt: iso(c.placedAt)!,
    paidAt: iso(c.paidAt),
    frozenAt: iso(c.frozenAt),
    availableAt: iso(c.availableAt),
    invalidAt: iso(c.invalidAt),
  };
}

export function ledgerView(l: DistributionLedger): z.infer<typeof s.ledgerEntry> {
  return {
    id: num(l.id),
    distributorId: num(l.distributorId),
    delta: num(l.delta),
    balanceAfter: num(l.balanceAfter),
    reason: l.reason,
    refType: l.refType,
    refId: l.refId === null ? null : num(l.refId),
    note: l.note,
    actorId: l.actorId === null ? null : num(l.actorId),
    createdAt: iso(l.createdAt)!,
  };
}

/** Reads for the distributor center and the admin, and the integrity check of the whole ledger. */
export function createQueries(
  ctx: DistributionContext,
  deps: { ledger: Ledger; binding: Binding; distributors: Distributors },
) {
  const { sequelize, config } = ctx.platform;
  const { ledger, binding, distributors } = deps;

  async function nicknames(ids: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const id of [...new Set(ids)]) {
      const s = await ctx.accounts.findShopper(id);
      out.set(id, !s || s.status === 'deleted' ? '已注销用户' : s.nickname);
    }
    return out;
  }

  /** Earnings by state, today and this month (shop time), totals of withdrawals. */
  async function earnings(distributorId: number) {
    const now = dayjs(ctx.now()).tz(config.shopTimezone);
    const today = now.startOf('day').toDate();
    const month = now.startOf('month').toDate();
    const [row] = await sequelize.query<Record<string, number | null>>(
      `SELECT
         SUM(CASE WHEN status = 'pending' THEN amount - invalid_amount ELSE 0 END) AS pending,
         SUM(CASE WHEN status = 'frozen' THEN amount - invalid_amount ELSE 0 END) AS frozen,
         SUM(CASE WHEN status IN (:live) THEN amount - invalid_amount - clawed_amount ELSE 0 END) AS earned,
         SUM(CASE WHEN status IN (:live) AND paid_at >= :today THEN amount - invalid_amount - clawed_amount ELSE 0 END) AS today,
         SUM(CASE WHEN status IN (:live) AND paid_at >= :month THEN amount - invalid_amount - clawed_amount ELSE 0 END) AS month
       FROM distribution_commissions WHERE beneficiary_id = :id`,
      {
        replacements: { id: distributorId, live: LIVE_STATUSES, today: ctx.t(today), month: ctx.t(month) },
        type: QueryTypes.SELECT,
      },
    );
    const [w] = await sequelize.query<Record<string, number | null>>(
      `SELECT SUM(CASE WHEN status IN ('reviewing', 'approved', 'transferring') THEN amount ELSE 0 END) AS withdrawing,
              SUM(CASE WHEN status = 'succeeded' THEN amount ELSE 0 END) AS withdrawn
         FROM distribution_withdrawals WHERE distributor_id = :id`,
      { replacements: { id: distributorId }, type: QueryTypes.SELECT },
    );
    return {
      /** paid, not yet received */
      pending: num(row?.pending),
      /** received, waiting for the after-sales period */
      frozen: num(row?.frozen),
      /** the balance: may be below 0 after a refund of commission already available (blocks withdrawals) */
      available: await ledger.balance(distributorId),
      withdrawing: num(w?.withdrawing),
      withdrawn: num(w?.withdrawn),
      /** Σ of every paid entry's worth now */
      earned: num(row?.earned),
      today: num(row?.today),
      month: num(row?.month),
    };
  }

  /** The distributor center's header: status, what applying needs, the profile, earnings, the team's size. */
  async function center(shopperId: number): Promise<z.infer<typeof s.center>> {
    const [rules, d, application, parentId] = await Promise.all([
      ctx.settings.get(),
      distributors.find(shopperId),
      distributors.latestApplication(shopperId),
      binding.parentOf(shopperId),
    ]);
    const level = d?.levelId ? await DistributionLevel.findByPk(num(d.levelId)) : null;
    const status = d ? d.status : application?.status === 'pending' ? 'pending' : 'none';
    const team = d ? await binding.teamIds(shopperId) : { level1: [], level2: [] };
    const parent =
      parentId === null ? null : { id: parentId, nickname: (await nicknames([parentId])).get(parentId)! };
    return {
      enabled: rules.enabled,
      status,
      applyMode: rules.applyMode,
      spend: await distributors.spendOf(shopperId),
      spendThreshold: rules.spendThreshold,
      application,
      profile: d
        ? {
            realName: d.realName,
            phone: d.phone,
            level: level ? { id: num(level.id), name: level.name, grade: num(level.grade) } : null,
            activatedAt: iso(d.activatedAt)!,
            freezeReason: d.freezeReason ?? null,
          }
        : null,
      parent,
      earnings: d ? await earnings(shopperId) : null,
      team: { level1: team.level1.length, level2: team.level2.length },
      withdraw: {
        minimum: rules.withdrawMin,
        maximum: rules.withdrawMaxPerRequest,
        dailyAmount: rules.withdrawDailyAmount,
        dailyCount: rules.withdrawDailyCount,
        feePermille: rules.withdrawFeePermille,
      },
    };
  }

  async function commissions(
    where: WhereOptions<Commission>,
    q: Page & { status?: CommissionStatus; level?: number; orderId?: number; memberId?: number },
  ) {
    const { rows, count } = await Commission.findAndCountAll({
      where: {
        ...where,
        ...(q.status ? { status: q.status } : { status: { [Op.notIn]: ['placed', 'cancelled'] } }),
        ...(q.level ? { level: q.level } : {}),
        ...(q.orderId ? { orderId: q.orderId } : {}),
        ...(q.memberId ? { buyerId: q.memberId } : {}),
      } as WhereOptions<Commission>,
      order: [['id', 'DESC']],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    const names = await nicknames(rows.map((r) => num(r.buyerId)));
    return paged(
      rows.map((r) => commissionView(r, names.get(num(r.buyerId)))),
      count,
      q,
    );
  }

  async function ledgerPage(where: WhereOptions<DistributionLedger>, q: Page & { reason?: LedgerReason }) {
    const { rows, count } = await DistributionLedger.findAndCountAll({
      where: { ...where, ...(q.reason ? { reason: q.reason } : {}) } as WhereOptions<DistributionLedger>,
      order: [['id', 'DESC']],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return paged(rows.map(ledgerView), count, q);
  }

  async function withdrawals(where: WhereOptions<Withdrawal>, q: Page & { status?: WithdrawalStatus }) {
    const { rows, count } = await Withdrawal.findAndCountAll({
      where: { ...where, ...(q.status ? { status: q.status } : {}) } as WhereOptions<Withdrawal>,
      order: [['id', 'DESC']],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return paged(rows.map(withdrawalView), count, q);
  }

  /** The distributor's team at level 1 (bound to them) or 2 (bound to their level 1), with what they brought. */
  async function team(distributorId: number, q: Page & { level: 1 | 2 }) {
    const ids = await binding.teamIds(distributorId);
    const members = q.level === 1 ? ids.level1 : ids.level2;
    const total = members.length;
    const slice = members.sort((a, b) => b - a).slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    if (!slice.length) return paged([], total, q);
    const [rels, sales, names] = await Promise.all([
      DistributionRelation.findAll({ where: { shopperId: { [Op.in]: slice } } }),
      sequelize.query<{ buyer_id: number; orders: number; sales: number | null; commission: number | null }>(
        `SELECT buyer_id, COUNT(DISTINCT order_id) AS orders, SUM(base_amount - refunded_base) AS sales,
                SUM(amount - invalid_amount - clawed_amount) AS commission
           FROM distribution_commissions
          WHERE beneficiary_id = :id AND buyer_id IN (:slice) AND status IN (:live)
          GROUP BY buyer_id`,
        { replacements: { id: distributorId, slice, live: LIVE_STATUSES }, type: QueryTypes.SELECT },
      ),
      nicknames(slice),
    ]);
    const relOf = new Map(rels.map((r) => [num(r.shopperId), r]));
    const salesOf = new Map(sales.map((s) => [num(s.buyer_id), s]));
    return paged(
      slice.map((id) => ({
        shopperId: id,
        nickname: names.get(id)!,
        level: q.level,
        parentId: num(relOf.get(id)?.parentId),
        boundAt: iso(relOf.get(id)?.boundAt ?? null),
        orders: num(salesOf.get(id)?.orders),
        sales: num(salesOf.get(id)?.sales),
        commission: num(salesOf.get(id)?.commission),
      })),
      total,
      q,
    );
  }

  // ── admin ───────────────────────────────────────────────────────────────────────────────────────────────

  async function distributorRow(
    d: Distributor,
    names: Map<number, string>,
    levels: Map<number, string>,
  ): Promise<z.infer<typeof s.distributorRow>> {
    const id = num(d.shopperId);
    return {
      shopperId: id,
      nickname: names.get(id) ?? '',
      status: d.status,
      source: d.source,
      levelId: d.levelId === null ? null : num(d.levelId),
      levelName: d.levelId === null ? null : (levels.get(num(d.levelId)) ?? null),
      realName: d.realName,
      phone: d.phone,
      balance: await ledger.balance(id),
      parentId: await binding.parentOf(id),
      activatedAt: iso(d.activatedAt)!,
      frozenAt: iso(d.frozenAt),
      freezeReason: d.freezeReason ?? null,
    };
  }

  async function adminDistributors(
    q: Page & { status?: 'active' | 'frozen'; levelId?: number; shopperId?: number },
  ) {
    const { rows, count } = await Distributor.findAndCountAll({
      where: {
        ...(q.status ? { status: q.status } : {}),
        ...(q.levelId ? { levelId: q.levelId } : {}),
        ...(q.shopperId ? { shopperId: q.shopperId } : {}),
      },
      order: [
        ['activatedAt', 'DESC'],
        ['shopperId', 'DESC'],
      ],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    const [names, levels] = await Promise.all([
      nicknames(rows.map((r) => num(r.shopperId))),
      DistributionLevel.findAll(),
    ]);
    const levelNames = new Map(levels.map((l) => [num(l.id), l.name]));
    const items = [];
    for (const d of rows) items.push(await distributorRow(d, names, levelNames));
    return paged(items, count, q);
  }

  async function adminDistributor(shopperId: number): Promise<z.infer<typeof s.distributorDetail>> {
    const d = await distributors.find(shopperId);
    if (!d) throw new AppError('NOT_FOUND', 'Distributor not found');
    const [names, levels, team, facts, money] = await Promise.all([
      nicknames([shopperId]),
      DistributionLevel.findAll(),
      binding.teamIds(shopperId),
      distributors.facts(shopperId),
      earnings(shopperId),
    ]);
    return {
      ...(await distributorRow(d, names, new Map(levels.map((l) => [num(l.id), l.name])))),
      facts,
      earnings: money,
      team: { level1: team.level1.length, level2: team.level2.length },
      application: await distributors.latestApplication(shopperId),
    };
  }

  async function levelsView() {
    return (await distributors.levels()).map(levelView);
  }

  /**
   * The ledger checked against itself and the orders: for each distributor balance = Σ ledger and every
   * balance_after the running sum; for each entry the amount matches the snapshotted rates on the base
   * (level caps included), what was taken back is exactly the refunded units' share, the ledger holds exactly
   * its credit and clawbacks; for each refunded line the units match the refunds seen; for each withdrawal
   * the ledger holds its hold and (if it failed) its return.
   */
  async function integrity(opts: { distributorId?: number } = {}) {
    const problems: { kind: string; id: number; detail: Record<string, unknown> }[] = [];
    const push = (kind: string, id: number, detail: Record<string, unknown>) => {
      if (problems.length < 200) problems.push({ kind, id, detail });
    };
    const filter = opts.distributorId ? ' WHERE distributor_id = :d' : '';
    const accounts = await sequelize.query<{ distributor_id: number; balance: number }>(
      `SELECT distributor_id, balance FROM distribution_accounts${filter}`,
      { replacements: { d: opts.distributorId }, type: QueryTypes.SELECT },
    );
    const ledgerRows = await sequelize.query<{
      id: number;
      distributor_id: number;
      delta: number;
      balance_after: number;
      reason: string;
      ref_type: string | null;
      ref_id: number | null;
    }>(
      `SELECT id, distributor_id, delta, balance_after, reason, ref_type, ref_id FROM distribution_ledger${filter}
        ORDER BY distributor_id, id`,
      { replacements: { d: opts.distributorId }, type: QueryTypes.SELECT },
    );
    const running = new Map<number, number>();
    const byRef = new Map<string, number>();
    for (const l of ledgerRows) {
      const d = num(l.distributor_id);
      const sum = (running.get(d) ?? 0) + num(l.delta);
      running.set(d, sum);
      if (sum !== num(l.balance_after))
        push('ledger_running_sum', num(l.id), { runningSum: sum, balanceAfter: num(l.balance_after) });
      const key = `${l.ref_type}:${l.ref_id}:${l.reason}`;
      byRef.set(key, (byRef.get(key) ?? 0) + num(l.delta));
    }
    for (const a of accounts) {
      const d = num(a.distributor_id);
      if ((running.get(d) ?? 0) !== num(a.balance)) {
        push('balance', d, { balance: num(a.balance), ledgerSum: running.get(d) ?? 0 });
      }
    }

    const rows = await Commission.findAll({
      where: opts.distributorId ? { beneficiaryId: opts.distributorId } : {},
      order: [['id', 'ASC']],
    });
    const lineIds = [...new Set(rows.map((r) => num(r.orderLineId)))];
    const siblings = opts.distributorId
      ? await Commission.findAll({ where: { orderLineId: { [Op.in]: lineIds.length ? lineIds : [0] } } })
      : rows;
    const byLine = new Map<number, Commission[]>();
    for (const r of siblings) byLine.set(num(r.orderLineId), [...(byLine.get(num(r.orderLineId)) ?? []), r]);
    const orderIds = [...new Set(rows.map((r) => num(r.orderId)))];
    const refunds = orderIds.length
      ? await DistributionOrderRefund.findAll({ where: { orderId: { [Op.in]: orderIds } } })
      : [];
    const refundedUnits = new Map<number, number>();
    for (const r of refunds) {
      for (const l of JSON.parse(r.linesJson) as { orderLineId: number; quantity: number }[]) {
        refundedUnits.set(num(l.orderLineId), (refundedUnits.get(num(l.orderLineId)) ?? 0) + num(l.quantity));
      }
    }
    for (const r of rows) {
      const id = num(r.id);
      const q = num(r.quantity);
      const line = byLine.get(num(r.orderLineId)) ?? [];
      const rateOf = (level: number) => {
        const s = line.find((x) => num(x.level) === level);
        return s
          ? { mode: s.rateMode as RateMode, value: num(s.rateValue) }
          : { mode: 'none' as RateMode, value: 0 };
      };
      const expected = lineCommissions(num(r.baseAmount), q, [rateOf(1), rateOf(2)])[num(r.level) - 1];
      if (expected !== num(r.amount)) push('commission_amount', id, { expected, amount: num(r.amount) });
      const units = num(r.refundedUnits);
      const takenBack = unitPrefix(num(r.amount), q, units);
      if (num(r.invalidAmount) + num(r.clawedAmount) !== takenBack) {
        push('commission_taken_back', id, {
          expected: takenBack,
          invalid: num(r.invalidAmount),
          clawed: num(r.clawedAmount),
        });
      }
      if (num(r.refundedBase) !== unitPrefix(num(r.baseAmount), q, units)) {
        push('commission_refunded_base', id, { units, refundedBase: num(r.refundedBase) });
      }
      const live = r.status !== 'placed' && r.status !== 'cancelled';
      const seen = Math.min(q, refundedUnits.get(num(r.orderLineId)) ?? 0);
      if (live && r.status !== 'invalid' && units !== seen && !(units === q)) {
        push('commission_refunded_units', id, { units, refundsSeen: seen });
      }
      const credited = r.status === 'available' || r.status === 'withdrawn';
      const creditRow = byRef.get(`commission:${id}:commission`) ?? 0;
      const clawRows = byRef.get(`commission:${id}:clawback`) ?? 0;
      if (credited && num(r.creditedAmount) !== num(r.amount) - num(r.invalidAmount)) {
        push('commission_credit', id, { credited: num(r.creditedAmount), invalid: num(r.invalidAmount) });
      }
      if (creditRow !== (credited ? num(r.creditedAmount) : 0)) {
        push('commission_ledger_credit', id, {
          ledger: creditRow,
          credited: num(r.creditedAmount),
          status: r.status,
        });
      }
      if (clawRows !== -num(r.clawedAmount))
        push('commission_ledger_clawback', id, { ledger: clawRows, clawed: num(r.clawedAmount) });
      if (!credited && num(r.clawedAmount) !== 0)
        push('commission_clawed_uncredited', id, { status: r.status });
      if (r.status === 'invalid' && units !== q) push('commission_invalid', id, { units, quantity: q });
    }

    const ws = await Withdrawal.findAll({
      where: opts.distributorId ? { distributorId: opts.distributorId } : {},
    });
    for (const w of ws) {
      const id = num(w.id);
      const hold = byRef.get(`withdrawal:${id}:withdraw`) ?? 0;
      const back = byRef.get(`withdrawal:${id}:withdraw_return`) ?? 0;
      if (hold !== -num(w.amount)) push('withdrawal_hold', id, { ledger: hold, amount: num(w.amount) });
      const returned = w.status === 'failed' || w.status === 'rejected';
      if (back !== (returned ? num(w.amount) : 0))
        push('withdrawal_return', id, { ledger: back, status: w.status });
    }
    return {
      accounts: accounts.length,
      commissions: rows.length,
      withdrawals: ws.length,
      ok: problems.length === 0,
      problems,
    };
  }

  return {
    center,
    earnings,
    commissions,
    ledgerPage,
    withdrawals,
    team,
    adminDistributors,
    adminDistributor,
    levelsView,
    applicationView,
    integrity,
  };
}

export type Queries = ReturnType<typeof createQueries>;

import { Op, QueryTypes, type CreationAttributes } from 'sequelize';
import { withTransaction, type Tx } from '../../platform/db/tx';
import { isAppError } from '../../platform/errors';
import type { EventPayload } from '../../platform/events/catalog';
import { unitPrefix } from '../order/amounts';
import type { Binding } from './binding';
import { lockRow, num, type DistributionContext, type Ledger } from './context';
import type { Distributors } from './distributors';
import {
  Commission,
  DistributionLevel,
  DistributionOrder,
  DistributionOrderRefund,
  ProductRate,
  type CommissionStatus,
} from './models';
import type { OrdersPort } from './ports';
import { lineCommissions, refundShare, resolveRate, type Rate } from './rules';
import type { DistributionSettings } from './settings';

type OrderDetail = Awaited<ReturnType<OrdersPort['getOrder']>>;
type OrderRef = { orderId: number; orderNo: string; shopperId: number; kind: string };

/**
 * Orders that pay no commission and count as no spend (RULES §8: no commission on orders that buy a paid
 * membership, distributor eligibility or stored value). `distributor` is reserved for an eligibility product.
 */
export const NO_COMMISSION_KINDS = new Set(['membership', 'topup', 'distributor']);

const CREDITED: readonly CommissionStatus[] = ['available', 'withdrawn'];

/**
 * Commission (RULES §8), driven by order events that may come twice and in any order.
 *
 * - Each order has one `distribution_orders` row holding what the events said (placed, paid, received,
 *   completed, cancelled, refunds) and locked by every handler of that order, so one order's handlers run one
 *   at a time. The first handler to get the lock takes the snapshot: one commission row per order line and
 *   level, with the beneficiary, the rate and the amount, unique by (line, beneficiary, level) and (line, level).
 * - After recording its fact, every handler runs the same `reconcile`, which brings each row to the state the
 *   facts imply: placed (unpaid) → pending (paid) → frozen (received) ; refunded units take back their share
 *   (largest remainder over units) as `invalid_amount` before the commission is available, and as a negative
 *   ledger row (`clawback`) after. Applying facts twice or in another order ends in the same rows.
 * - The thaw job credits frozen rows whose order's `thaw_at` has passed: available, +ledger.
 * Lock order everywhere: order row → distributors' accounts (by id) → commission rows.
 */
export function createCommissions(
  ctx: DistributionContext,
  deps: { ledger: Ledger; binding: Binding; distributors: Distributors },
) {
  const { sequelize } = ctx.platform;
  const { ledger, binding, distributors } = deps;

  async function lockOrder(tx: Tx, ref: OrderRef): Promise<DistributionOrder> {
    await lockRow(
      ctx,
      tx,
      'distribution_orders',
      { order_id: ref.orderId, order_no: ref.orderNo, shopper_id: ref.shopperId, kind: ref.kind },
      'order_id',
    );
    return (await DistributionOrder.findByPk(ref.orderId, { transaction: tx, lock: tx.LOCK.UPDATE }))!;
  }

  /**
   * The order's lines (they never change after placement). An order the order module does not know can never
   * appear later (its events commit with it), so it is snapshotted as paying nothing rather than retried.
   */
  async function readOrder(orderId: number): Promise<OrderDetail | null> {
    try {
      return await ctx.orders.getOrder(orderId);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'NOT_FOUND') throw e;
      ctx.log.warn({ orderId }, 'order event for an order the order module does not know');
      return null;
    }
  }

  /** The lines, read before the handler's locks on another connection, when no snapshot exists yet. */
  async function prefetch(ref: OrderRef): Promise<OrderDetail | null> {
    if (NO_COMMISSION_KINDS.has(ref.kind)) return null;
    const known = await DistributionOrder.findByPk(ref.orderId, { attributes: ['snapshotDone'] });
    if (known?.snapshotDone) return null;
    return readOrder(ref.orderId);
  }

  /** Whether the activities that priced the order pay commission (their module's policy, else the switch). */
  async function activityAllows(order: OrderDetail, rules: DistributionSettings): Promise<boolean> {
    for (const a of order.adjustments.filter((x) => x.sourceType === 'activity')) {
      const policy = ctx.activityPolicies.get(a.kind);
      if (!(policy ? await policy(a.sourceId) : rules.activityCommission)) return false;
    }
    return true;
  }

  /**
   * Who earns on the buyer's order at the time it was placed: level 1 is the buyer's promoter (the buyer
   * themselves with self-purchase on, when a distributor), level 2 that one's promoter. Never a third.
   * A position whose shopper is not an active distributor earns nothing (the next level does not move up).
   */
  async function beneficiaries(tx: Tx, buyerId: number, at: Date, rules: DistributionSettings) {
    const self = rules.selfPurchase ? await distributors.find(buyerId, tx) : null;
    const first = self?.status === 'active' ? buyerId : await binding.parentAt(buyerId, at, tx);
    let second = first === null ? null : await binding.parentAt(first, at, tx);
    if (second === buyerId || second === first) second = null;
    const positions: ({ id: number; levelBps: [number | null, number | null] } | null)[] = [];
    const levels = new Map((await DistributionLevel.findAll({ transaction: tx })).map((l) => [num(l.id), l]));
    for (const id of [first, second]) {
      const d = id === null ? null : await distributors.find(id, tx);
      if (!d || d.status !== 'active') {
        positions.push(null);
        continue;
      }
      const level = d.levelId === null ? undefined : levels.get(num(d.levelId));
      positions.push({
        id: num(d.shopperId),
        levelBps: [
          level?.level1Bps === null || level?.level1Bps === undefined ? null : num(level.level1Bps),
          level?.level2Bps === null || level?.level2Bps === undefined ? null : num(level.level2Bps),
        ],
      });
    }
    return positions;
  }

  async function snapshot(tx: Tx, o: DistributionOrder, order: OrderDetail | null): Promise<void> {
    const rules = await ctx.settings.get(tx);
    const placedAt = order ? new Date(order.createdAt) : ctx.now();
    const goods = order ? order.lines.reduce((a, l) => a + num(l.payAmount), 0) : 0;
    let reason: string | null = null;
    if (NO_COMMISSION_KINDS.has(o.kind)) reason = 'kind';
    else if (!order) reason = 'order_not_found';
    else if (!rules.enabled) reason = 'disabled';
    else if (!(await activityAllows(order, rules))) reason = 'activity';
    const rows: CreationAttributes<Commission>[] = [];
    if (!reason && order) {
      const positions = await beneficiaries(tx, num(o.shopperId), placedAt, rules);
      if (positions.every((p) => p === null)) reason = 'no_upline';
      else {
        const rates = await ProductRate.findAll({
          where: { productId: { [Op.in]: [...new Set(order.lines.map((l) => num(l.productId)))] } },
          transaction: tx,
        });
        const rateOf = (productId: number, skuId: number) =>
          rates.find((r) => num(r.productId) === productId && num(r.skuId) === skuId) ?? null;
        for (const line of order.lines) {
          const base = num(line.payAmount);
          if (base <= 0 || line.isGift) continue;
          const productRow = rateOf(num(line.productId), 0);
          const skuRow = rateOf(num(line.productId), num(line.skuId));
          const lineRates: Rate[] = positions.map((p, i) => {
            if (!p) return { mode: 'none', value: 0, source: 'shop' };
            const pick = (r: ProductRate | null) =>
              r
                ? {
                    mode: i === 0 ? r.level1Mode : r.level2Mode,
                    value: num(i === 0 ? r.level1Value : r.level2Value),
                  }
                : null;
            return resolveRate({
              shopBps: i === 0 ? rules.level1Bps : rules.level2Bps,
              levelBps: p.levelBps[i],
              product: pick(productRow),
              sku: pick(skuRow),
            });
          });
          const amounts = lineCommissions(base, line.quantity, lineRates);
          positions.forEach((p, i) => {
            if (!p || amounts[i] <= 0) return;
            rows.push({
              orderId: num(o.orderId),
              orderNo: o.orderNo,
              orderLineId: num(line.id),
              buyerId: num(o.shopperId),
              beneficiaryId: p.id,
              level: i + 1,
              productId: num(line.productId),
              skuId: num(line.skuId),
              title: String(line.title).slice(0, 200),
              quantity: line.quantity,
              baseAmount: base,
              rateSource: lineRates[i].source,
              rateMode: lineRates[i].mode,
              rateValue: lineRates[i].value,
              amount: amounts[i],
              status: 'placed',
              placedAt,
            });
          });
        }
        if (!rows.length) reason = 'no_commission';
      }
    }
    if (rows.length) await Commission.bulkCreate(rows, { transaction: tx });
    await o.update(
      { snapshotDone: true, eligible: rows.length > 0, reason, goodsAmount: goods, placedAt },
      { transaction: tx },
    );
  }

  /** Brings every commission row of the order, and the buyer's spend, to what the recorded facts imply. */
  async function reconcile(tx: Tx, o: DistributionOrder): Promise<void> {
    const orderId = num(o.orderId);
    const [rows, refunds] = await Promise.all([
      Commission.findAll({ where: { orderId }, order: [['id', 'ASC']], transaction: tx }),
      DistributionOrderRefund.findAll({ where: { orderId }, transaction: tx }),
    ]);
    const refundedUnits = new Map<number, number>();
    for (const r of refunds) {
      for (const l of JSON.parse(r.linesJson) as { orderLineId: number; quantity: number }[]) {
        refundedUnits.set(num(l.orderLineId), (refundedUnits.get(num(l.orderLineId)) ?? 0) + num(l.quantity));
      }
    }
    const paid = o.paidAt !== null;
    const received = o.receivedAt !== null || o.completedAt !== null;
    const cancelled = o.cancelledAt !== null;
    const now = ctx.now();

    const claws: { row: Commission; share: number; units: number }[] = [];
    const updates: { row: Commission; set: Partial<Commission> }[] = [];
    for (const row of rows) {
      const q = num(row.quantity);
      const set: Record<string, unknown> = {};
      let status = row.status;
      if (!paid) {
        if (cancelled && status === 'placed') status = 'cancelled';
      } else {
        const credited = CREDITED.includes(status);
        const had = num(row.refundedUnits);
        const target = cancelled ? q : Math.min(q, refundedUnits.get(num(row.orderLineId)) ?? 0);
        if (target > had) {
          const share = refundShare(num(row.amount), q, had, target);
          if (credited) {
            set.clawedAmount = num(row.clawedAmount) + share;
            claws.push({ row, share, units: target });
          } else {
            set.invalidAmount = num(row.invalidAmount) + share;
          }
          set.refundedUnits = target;
          set.refundedBase = unitPrefix(num(row.baseAmount), q, target);
        }
        if (!credited) {
          const units = target > had ? target : had;
          status = units >= q ? 'invalid' : received ? 'frozen' : 'pending';
          if (!row.paidAt) set.paidAt = o.paidAt;
          if (status === 'frozen' && !row.frozenAt) set.frozenAt = now;
          if (status === 'invalid' && !row.invalidAt) set.invalidAt = now;
        }
      }
      if (status !== row.status) set.status = status;
      if (Object.keys(set).length) updates.push({ row, set: set as Partial<Commission> });
    }
    if (claws.length)
      await ledger.lockAccounts(
        tx,
        claws.map((c) => num(c.row.beneficiaryId)),
      );
    for (const u of updates) {
      await Commission.update(u.set, { where: { id: num(u.row.id) }, transaction: tx });
    }
    for (const c of claws) {
      await ledger.change(tx, {
        distributorId: num(c.row.beneficiaryId),
        delta: -c.share,
        reason: 'clawback',
        refType: 'commission',
        refId: num(c.row.id),
        idemKey: `clawback:${c.row.id}:${c.units}`,
        note: `订单 ${o.orderNo} 退款 ${c.units}/${c.row.quantity} 件`,
        mayGoNegative: true,
      });
    }
    await countSpend(
      tx,
      o,
      refunds.reduce((a, r) => a + num(r.goodsAmount), 0),
    );
  }

  /** The buyer's spend (goods paid minus goods refunded; no membership / top-up) follows the order's facts. */
  async function countSpend(tx: Tx, o: DistributionOrder, refundedGoods: number) {
    const counts = !NO_COMMISSION_KINDS.has(o.kind);
    const paid = o.paidAt !== null;
    const target =
      paid && counts && o.cancelledAt === null ? Math.max(0, num(o.goodsAmount) - refundedGoods) : 0;
    const delta = target - num(o.spendCounted);
    const addOrder = paid && counts && !o.orderCounted ? 1 : 0;
    if (delta === 0 && addOrder === 0 && num(o.refundedGoods) === refundedGoods) return;
    if (delta !== 0 || addOrder) {
      const at = ctx.t(ctx.now());
      await sequelize.query(
        ctx.mysql
          ? `INSERT INTO distribution_shopper_stats (shopper_id, spend, orders, created_at, updated_at)
             VALUES (:id, :d, :n, :at, :at)
             ON DUPLICATE KEY UPDATE spend = spend + :d, orders = orders + :n, updated_at = :at`
          : `INSERT INTO distribution_shopper_stats (shopper_id, spend, orders, created_at, updated_at)
             VALUES (:id, :d, :n, :at, :at)
             ON CONFLICT (shopper_id) DO UPDATE SET spend = spend + :d, orders = orders + :n, updated_at = :at`,
        {
          replacements: { id: num(o.shopperId), d: delta, n: addOrder, at },
          transaction: tx,
          type: QueryTypes.INSERT,
        },
      );
    }
    await o.update(
      { spendCounted: target, orderCounted: !!(o.orderCounted || addOrder), refundedGoods },
      { transaction: tx },
    );
  }

  /** One handler: lock the order, take the snapshot if nobody has, record the fact, reconcile. */
  async function onOrderEvent(
    tx: Tx,
    ref: OrderRef,
    detail: OrderDetail | null,
    record: (o: DistributionOrder) => Promise<void>,
  ): Promise<DistributionOrder> {
    const o = await lockOrder(tx, ref);
    if (!o.snapshotDone) {
      const order = detail ?? (NO_COMMISSION_KINDS.has(ref.kind) ? null : await readOrder(ref.orderId));
      await snapshot(tx, o, order);
    }
    await record(o);
    await reconcile(tx, o);
    return o;
  }

  async function thawAtFor(o: DistributionOrder, rules: DistributionSettings): Promise<Date | null> {
    if (rules.thawMode === 'completed') return o.completedAt ? new Date(o.completedAt) : null;
    return o.receivedAt ? new Date(new Date(o.receivedAt).getTime() + rules.thawDays * 86_400_000) : null;
  }

  async function setThaw(tx: Tx, o: DistributionOrder) {
    if (o.thawAt) return;
    const at = await thawAtFor(o, await ctx.settings.get(tx));
    if (at) await o.update({ thawAt: at }, { transaction: tx });
  }

  /** Upgrades of the people an order moved (after its commit would be nicer; inside is simpler and correct). */
  async function upgradeAround(tx: Tx, o: DistributionOrder) {
    const ids = await Commission.findAll({
      where: { orderId: num(o.orderId) },
      attributes: ['beneficiaryId'],
      transaction: tx,
    });
    for (const id of new Set([num(o.shopperId), ...ids.map((r) => num(r.beneficiaryId))])) {
      await distributors.upgrade(id, tx);
    }
  }

  // ── event handlers ──────────────────────────────────────────────────────────────────────────────────────

  async function onPlaced(tx: Tx, e: EventPayload<'order.placed'>, detail: OrderDetail | null) {
    await onOrderEvent(tx, e, detail, async () => undefined);
  }

  async function onPaid(tx: Tx, e: EventPayload<'order.paid'>, detail: OrderDetail | null) {
    const o = await onOrderEvent(tx, e, detail, async (o) => {
      if (!o.paidAt) await o.update({ paidAt: new Date(e.paidAt) }, { transaction: tx });
    });
    await upgradeAround(tx, o);
  }

  async function onReceived(tx: Tx, e: EventPayload<'order.received'>, detail: OrderDetail | null) {
    await onOrderEvent(tx, e, detail, async (o) => {
      if (!o.receivedAt) await o.update({ receivedAt: new Date(e.receivedAt) }, { transaction: tx });
      await setThaw(tx, o);
    });
  }

  async function onCompleted(
    tx: Tx,
    e: EventPayload<'order.completed'>,
    at: Date,
    detail: OrderDetail | null,
  ) {
    await onOrderEvent(tx, e, detail, async (o) => {
      if (!o.completedAt) await o.update({ completedAt: at }, { transaction: tx });
      await setThaw(tx, o);
    });
  }

  async function onCancelled(
    tx: Tx,
    e: EventPayload<'order.cancelled'>,
    at: Date,
    detail: OrderDetail | null,
  ) {
    await onOrderEvent(tx, e, detail, async (o) => {
      if (!o.cancelledAt) await o.update({ cancelledAt: at }, { transaction: tx });
    });
  }

  async function onRefunded(tx: Tx, e: EventPayload<'order.refunded'>, detail: OrderDetail | null) {
    await onOrderEvent(tx, e, detail, async () => {
      const seen = await DistributionOrderRefund.findOne({
        where: { refundId: e.refundId },
        transaction: tx,
      });
      if (seen) return;
      await DistributionOrderRefund.create(
        {
          refundId: e.refundId,
          orderId: e.orderId,
          linesJson: JSON.stringify(
            e.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity, amount: l.amount })),
          ),
          goodsAmount: e.lines.reduce((a, l) => a + l.amount, 0),
          createdAt: ctx.now(),
        },
        { transaction: tx },
      );
    });
  }

  // ── thaw ────────────────────────────────────────────────────────────────────────────────────────────────

  /** Frozen → available for one order whose thaw time has passed: each row credits amount − invalid. */
  async function thaw(orderId: number, now: Date): Promise<number> {
    return withTransaction(sequelize, async (tx) => {
      const o = await DistributionOrder.findByPk(orderId, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!o || o.thawedAt || !o.paidAt || !o.thawAt || new Date(o.thawAt).getTime() > now.getTime())
        return 0;
      const rows = await Commission.findAll({
        where: { orderId, status: 'frozen' },
        order: [['id', 'ASC']],
        transaction: tx,
      });
      await ledger.lockAccounts(
        tx,
        rows.map((r) => num(r.beneficiaryId)),
      );
      let credited = 0;
      for (const row of rows) {
        const credit = num(row.amount) - num(row.invalidAmount);
        await Commission.update(
          { status: 'available', creditedAmount: credit, availableAt: now },
          { where: { id: num(row.id), status: 'frozen' }, transaction: tx },
        );
        await ledger.change(tx, {
          distributorId: num(row.beneficiaryId),
          delta: credit,
          reason: 'commission',
          refType: 'commission',
          refId: num(row.id),
          idemKey: `commission:${row.id}`,
          note: `订单 ${o.orderNo} ${row.level === 1 ? '一级' : '二级'}佣金`,
        });
        credited++;
      }
      await o.update({ thawedAt: now }, { transaction: tx });
      return credited;
    });
  }

  /** The thaw job's body: every order due, in batches. */
  async function thawDue(now: Date): Promise<{ orders: number; rows: number }> {
    let orders = 0;
    let rows = 0;
    let after = 0;
    for (;;) {
      const due = await DistributionOrder.findAll({
        where: {
          thawedAt: null,
          thawAt: { [Op.lte]: now },
          paidAt: { [Op.ne]: null },
          orderId: { [Op.gt]: after },
        },
        order: [['orderId', 'ASC']],
        limit: 200,
        attributes: ['orderId'],
      });
      if (!due.length) break;
      for (const d of due) {
        after = num(d.orderId);
        rows += await thaw(after, now);
        orders++;
      }
    }
    return { orders, rows };
  }

  return { prefetch, onPlaced, onPaid, onReceived, onCompleted, onCancelled, onRefunded, thaw, thawDue };
}

export type Commissions = ReturnType<typeof createCommissions>;

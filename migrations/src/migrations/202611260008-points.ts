import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { fen, id, timestamps } from '../helpers';

const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const time = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
/** points are whole numbers; BIGINT so that ledgers and sums never overflow */
const points = () => ({ type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });

/**
 * points (积分): a ledger of every change, one balance row per shopper (changed only by guarded updates),
 * what each order line spent (so returns are exact per unit), what each order earned and clawed back,
 * the refunds seen per order, and the shop's points settings.
 */
export const migration: Migration = {
  name: '202611260008-points',
  async up({ queryInterface: q }) {
    await q.createTable('points_balances', {
      shopper_id: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
      /** Σ points_ledger.delta of the shopper; may be negative after a clawback */
      balance: points(),
      ...timestamps,
    });

    await q.createTable('points_ledger', {
      id,
      shopper_id: ref(),
      delta: { type: DataTypes.BIGINT, allowNull: false },
      balance_after: { type: DataTypes.BIGINT, allowNull: false },
      /** earn | spend | return_cancel | return_refund | clawback | adjust | expire */
      reason: str(16),
      ref_type: str(16, true),
      ref_id: ref(true),
      /** one business event writes one row: a repeated event finds its key and writes nothing */
      idem_key: str(96),
      note: str(200, true),
      actor_id: ref(true),
      created_at: time(false),
    });
    await q.addIndex('points_ledger', ['idem_key'], { unique: true, name: 'points_ledger_idem' });
    await q.addIndex('points_ledger', ['shopper_id', 'id'], { name: 'points_ledger_shopper' });
    await q.addIndex('points_ledger', ['ref_type', 'ref_id'], { name: 'points_ledger_ref' });

    await q.createTable('points_order_lines', {
      id,
      order_id: ref(),
      order_line_id: ref(),
      shopper_id: ref(),
      quantity: count(),
      points: points(),
      returned_units: count(),
      returned_points: points(),
      ...timestamps,
    });
    await q.addIndex('points_order_lines', ['order_line_id'], {
      unique: true,
      name: 'points_order_lines_line',
    });
    await q.addIndex('points_order_lines', ['order_id'], { name: 'points_order_lines_order' });

    await q.createTable('points_order_earnings', {
      order_id: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
      shopper_id: ref(),
      /** the goods paid (fen, Σ line pay amounts, no freight) the points were earned on */
      base_amount: fen(),
      earned: points(),
      /** goods refunded so far (fen) and the points clawed back for them */
      refunded_amount: fen(),
      clawed: points(),
      ...timestamps,
    });

    await q.createTable('points_order_refunds', {
      id,
      refund_id: ref(),
      order_id: ref(),
      shopper_id: ref(),
      /** goods part of the refund (Σ its lines, no freight) */
      amount: fen(),
      created_at: time(false),
    });
    await q.addIndex('points_order_refunds', ['refund_id'], {
      unique: true,
      name: 'points_order_refunds_refund',
    });
    await q.addIndex('points_order_refunds', ['order_id'], { name: 'points_order_refunds_order' });

    await q.createTable('points_settings', {
      id,
      enabled: { type: DataTypes.BOOLEAN, allowNull: false },
      points_per_yuan: { type: DataTypes.INTEGER, allowNull: false },
      max_permille: { type: DataTypes.INTEGER, allowNull: false },
      min_points: { type: DataTypes.INTEGER, allowNull: false },
      earn_per_yuan: { type: DataTypes.INTEGER, allowNull: false },
      updated_by: ref(true),
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface: q }) {
    for (const t of [
      'points_settings',
      'points_order_refunds',
      'points_order_earnings',
      'points_order_lines',
      'points_ledger',
      'points_balances',
    ]) {
      await q.dropTable(t);
    }
  },
};

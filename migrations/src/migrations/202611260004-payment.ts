import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { fen, id, longText } from '../helpers';

const time = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const stamps = { created_at: time(), updated_at: time() };

/**
 * payment module: payments, refunds, the notification log, reconciliation runs and differences, and the
 * sandbox provider's own records (keys, trades, refunds), which play WeChat Pay's side in development.
 */
export const migration: Migration = {
  name: '202611260004-payment',
  async up({ queryInterface: q }) {
    await q.createTable('payments', {
      id,
      order_id: { type: DataTypes.BIGINT, allowNull: false },
      order_no: str(64),
      out_trade_no: str(32),
      provider: str(16),
      amount: fen(),
      description: str(128),
      payer_openid: str(64),
      payer_shopper_id: { type: DataTypes.BIGINT, allowNull: true },
      profit_sharing: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      expires_at: time(),
      status: { ...str(24), defaultValue: 'created' },
      // = order_id while the payment is open, NULL otherwise: the unique index allows one open payment per order
      open_order_id: { type: DataTypes.BIGINT, allowNull: true },
      transaction_id: str(64, true),
      paid_at: time(true),
      outcome: str(16, true),
      reject_reason: str(64, true),
      refund_reserved: fen(),
      refunded_amount: fen(),
      notify_snapshot: { type: longText(q), allowNull: true },
      closed_at: time(true),
      ...stamps,
    });
    await q.addIndex('payments', ['out_trade_no'], { unique: true, name: 'payments_out_trade_no' });
    await q.addIndex('payments', ['open_order_id'], { unique: true, name: 'payments_one_open_per_order' });
    await q.addIndex('payments', ['order_id'], { name: 'payments_order' });
    await q.addIndex('payments', ['paid_at'], { name: 'payments_paid_at' });

    await q.createTable('payment_refunds', {
      id,
      payment_id: { type: DataTypes.BIGINT, allowNull: false },
      order_id: { type: DataTypes.BIGINT, allowNull: false },
      out_refund_no: str(64),
      amount: fen(),
      reason: str(80),
      source: str(16),
      status: { ...str(16), defaultValue: 'pending' },
      provider_refund_id: str(64, true),
      submitted_at: time(true),
      accepted_at: time(true),
      succeeded_at: time(true),
      failure_reason: str(255, true),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      last_error: { type: DataTypes.TEXT, allowNull: true },
      ...stamps,
    });
    await q.addIndex('payment_refunds', ['out_refund_no'], { unique: true, name: 'payment_refunds_no' });
    await q.addIndex('payment_refunds', ['order_id'], { name: 'payment_refunds_order' });
    await q.addIndex('payment_refunds', ['payment_id'], { name: 'payment_refunds_payment' });
    await q.addIndex('payment_refunds', ['status', 'created_at'], { name: 'payment_refunds_pending' });
    await q.addIndex('payment_refunds', ['accepted_at'], { name: 'payment_refunds_accepted' });

    await q.createTable('payment_notifications', {
      id,
      event_id: str(64),
      event_type: str(32),
      subject: str(64, true),
      outcome: str(24),
      resource: { type: longText(q), allowNull: true },
      received_at: time(),
    });
    await q.addIndex('payment_notifications', ['event_id'], {
      unique: true,
      name: 'payment_notifications_once',
    });

    await q.createTable('payment_reconciliation_runs', {
      id,
      bill_date: str(10),
      provider: str(16),
      status: str(16),
      trigger_kind: str(16),
      actor_id: { type: DataTypes.BIGINT, allowNull: true },
      provider_rows: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      local_rows: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      difference_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      error: { type: DataTypes.TEXT, allowNull: true },
      started_at: time(),
      finished_at: time(),
    });
    await q.addIndex('payment_reconciliation_runs', ['bill_date'], { name: 'payment_recon_runs_date' });

    await q.createTable('payment_reconciliation_diffs', {
      id,
      run_id: { type: DataTypes.BIGINT, allowNull: false },
      kind: str(24),
      subject: str(16),
      out_trade_no: str(32, true),
      out_refund_no: str(64, true),
      local_amount: fen(true),
      provider_amount: fen(true),
      local_status: str(24, true),
      provider_status: str(24, true),
      note: str(255, true),
    });
    await q.addIndex('payment_reconciliation_diffs', ['run_id'], { name: 'payment_recon_diffs_run' });

    await q.createTable('payment_sandbox_keys', {
      id: { type: DataTypes.INTEGER, primaryKey: true, allowNull: false },
      private_key: { type: DataTypes.TEXT, allowNull: false },
      serial: str(64),
      apiv3_key: str(32),
      created_at: time(),
    });

    await q.createTable('payment_sandbox_trades', {
      id,
      out_trade_no: str(32),
      transaction_id: str(32, true),
      amount: fen(),
      description: str(128),
      payer_openid: str(64),
      state: str(16),
      expires_at: time(),
      success_time: time(true),
      ...stamps,
    });
    await q.addIndex('payment_sandbox_trades', ['out_trade_no'], {
      unique: true,
      name: 'payment_sandbox_trade_no',
    });
    await q.addIndex('payment_sandbox_trades', ['success_time'], { name: 'payment_sandbox_trade_time' });

    await q.createTable('payment_sandbox_refunds', {
      id,
      out_refund_no: str(64),
      refund_id: str(32),
      out_trade_no: str(32),
      transaction_id: str(32),
      amount: fen(),
      total: fen(),
      reason: str(80),
      status: str(16),
      success_time: time(true),
      ...stamps,
    });
    await q.addIndex('payment_sandbox_refunds', ['out_refund_no'], {
      unique: true,
      name: 'payment_sandbox_refund_no',
    });
    await q.addIndex('payment_sandbox_refunds', ['out_trade_no'], { name: 'payment_sandbox_refund_trade' });
    await q.addIndex('payment_sandbox_refunds', ['created_at'], { name: 'payment_sandbox_refund_time' });
  },
  async down({ queryInterface: q }) {
    for (const t of [
      'payment_sandbox_refunds',
      'payment_sandbox_trades',
      'payment_sandbox_keys',
      'payment_reconciliation_diffs',
      'payment_reconciliation_runs',
      'payment_notifications',
      'payment_refunds',
      'payments',
    ]) {
      await q.dropTable(t);
    }
  },
};

import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { fen, id, timestamps } from '../helpers';

const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const time = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
const int = (allowNull = true) => ({ type: DataTypes.INTEGER, allowNull });

/**
 * distribution (分销, RULES §8): settings, distributor levels, distributors and their applications, the binding
 * of shoppers to promoters with its history, per-order facts and commission entries (one per order line,
 * beneficiary and level), each distributor's balance with a ledger of every change, withdrawals paid out by
 * WeChat Pay transfer bills (商家转账) with their callbacks, per product / SKU rates, and the sandbox's bills.
 */
export const migration: Migration = {
  name: '202611260010-distribution',
  async up({ queryInterface: q }) {
    await q.createTable('distribution_settings', {
      id,
      /** JSON of the settings (validated by the module's schema; absent keys take the defaults) */
      data: { type: DataTypes.TEXT, allowNull: false },
      updated_by: ref(true),
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });

    await q.createTable('distribution_levels', {
      id,
      name: str(32),
      /** higher is better; automatic upgrades only move up */
      grade: { type: DataTypes.INTEGER, allowNull: false },
      /** 万分比 (1000 = 10%); null: the shop's default */
      level1_bps: int(),
      level2_bps: int(),
      /** upgrade conditions, all of those set must hold; none set: the level is given by hand only */
      min_own_spend: fen(true),
      min_team_spend: fen(true),
      min_team_orders: int(),
      min_team_size: int(),
      ...timestamps,
    });
    await q.addIndex('distribution_levels', ['grade'], { unique: true, name: 'distribution_levels_grade' });

    await q.createTable('distribution_distributors', {
      shopper_id: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
      /** active | frozen */
      status: str(16),
      level_id: ref(true),
      /** everyone | approval | spend | admin */
      source: str(16),
      real_name: str(32, true),
      phone: str(20, true),
      activated_at: time(false),
      frozen_at: time(),
      freeze_reason: str(200, true),
      ...timestamps,
    });
    await q.addIndex('distribution_distributors', ['status'], { name: 'distribution_distributors_status' });

    await q.createTable('distribution_applications', {
      id,
      shopper_id: ref(),
      /** pending | approved | rejected */
      status: str(16),
      real_name: str(32, true),
      phone: str(20, true),
      note: str(200, true),
      reviewer_id: ref(true),
      reviewed_at: time(),
      reject_reason: str(200, true),
      /** the shopper id while pending, NULL after: one pending application per shopper (unique) */
      open_shopper_id: ref(true),
      ...timestamps,
    });
    await q.addIndex('distribution_applications', ['open_shopper_id'], {
      unique: true,
      name: 'distribution_applications_open',
    });
    await q.addIndex('distribution_applications', ['shopper_id'], {
      name: 'distribution_applications_shopper',
    });
    await q.addIndex('distribution_applications', ['status', 'id'], {
      name: 'distribution_applications_status',
    });

    await q.createTable('distribution_relations', {
      /** a row for every shopper a binding touched (parent NULL: nobody); the row is the binding's lock */
      shopper_id: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
      parent_id: ref(true),
      bound_at: time(),
      /** lock mode "days": another promoter may take the shopper after this */
      lock_until: time(),
      scene_code: str(32, true),
      ...timestamps,
    });
    await q.addIndex('distribution_relations', ['parent_id'], { name: 'distribution_relations_parent' });

    await q.createTable('distribution_binding_logs', {
      id,
      shopper_id: ref(),
      from_parent_id: ref(true),
      to_parent_id: ref(true),
      /** first_touch | last_touch | lock_expired | admin */
      reason: str(16),
      scene_code: str(32, true),
      actor_id: ref(true),
      created_at: time(false),
    });
    await q.addIndex('distribution_binding_logs', ['shopper_id', 'created_at'], {
      name: 'distribution_binding_logs_shopper',
    });

    await q.createTable('distribution_shopper_stats', {
      shopper_id: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
      /** goods paid (fen, after discounts and points, no freight) minus goods refunded; no membership/top-up */
      spend: fen(),
      /** paid orders */
      orders: count(),
      ...timestamps,
    });

    await q.createTable('distribution_orders', {
      /** the facts of one order as the events told them; the row is the lock of the order's handlers */
      order_id: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
      order_no: str(32),
      shopper_id: ref(),
      kind: str(16),
      /** false: no commission (kind, switched off, activity, no upline) with `reason` */
      eligible: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      reason: str(24, true),
      /** the snapshot was taken (commission rows written, or none due) */
      snapshot_done: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      goods_amount: fen(),
      refunded_goods: fen(),
      /** what this order adds to its buyer's spend right now (paid goods − refunded goods) */
      spend_counted: fen(),
      order_counted: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      placed_at: time(),
      paid_at: time(),
      received_at: time(),
      completed_at: time(),
      cancelled_at: time(),
      /** when frozen commission becomes available (the thaw job); NULL until known */
      thaw_at: time(),
      thawed_at: time(),
      ...timestamps,
    });
    await q.addIndex('distribution_orders', ['thawed_at', 'thaw_at'], { name: 'distribution_orders_thaw' });

    await q.createTable('distribution_order_refunds', {
      id,
      refund_id: ref(),
      order_id: ref(),
      /** [{ orderLineId, quantity, amount }] of the order.refunded event */
      lines_json: { type: DataTypes.TEXT, allowNull: false },
      goods_amount: fen(),
      created_at: time(false),
    });
    await q.addIndex('distribution_order_refunds', ['refund_id'], {
      unique: true,
      name: 'distribution_order_refunds_refund',
    });
    await q.addIndex('distribution_order_refunds', ['order_id'], {
      name: 'distribution_order_refunds_order',
    });

    await q.createTable('distribution_commissions', {
      id,
      order_id: ref(),
      order_no: str(32),
      order_line_id: ref(),
      buyer_id: ref(),
      beneficiary_id: ref(),
      /** 1 or 2: never deeper (RULES §8) */
      level: { type: DataTypes.TINYINT, allowNull: false },
      product_id: ref(),
      sku_id: ref(),
      title: str(200),
      quantity: count(),
      /** the line's pay amount after discounts and points, without freight (fen) */
      base_amount: fen(),
      /** where the rate came from (shop | level | product | sku), ratio (万分比) or fixed (fen per unit) */
      rate_source: str(8),
      rate_mode: str(8),
      rate_value: { type: DataTypes.INTEGER, allowNull: false },
      /** the commission of the whole line at the snapshotted rate */
      amount: fen(),
      /** placed | pending | frozen | available | withdrawn | invalid | cancelled */
      status: str(16),
      refunded_units: count(),
      refunded_base: fen(),
      /** taken back before it was available / after (a negative ledger row) */
      invalid_amount: fen(),
      clawed_amount: fen(),
      /** what the thaw credited to the balance (amount − invalid at that moment) */
      credited_amount: fen(),
      /** how much of the credit has been paid out by withdrawals (oldest first) */
      withdrawn_amount: fen(),
      placed_at: time(false),
      paid_at: time(),
      frozen_at: time(),
      available_at: time(),
      invalid_at: time(),
      ...timestamps,
    });
    await q.addIndex('distribution_commissions', ['order_line_id', 'beneficiary_id', 'level'], {
      unique: true,
      name: 'distribution_commissions_line_beneficiary_level',
    });
    await q.addIndex('distribution_commissions', ['order_line_id', 'level'], {
      unique: true,
      name: 'distribution_commissions_line_level',
    });
    await q.addIndex('distribution_commissions', ['beneficiary_id', 'status', 'id'], {
      name: 'distribution_commissions_beneficiary',
    });
    await q.addIndex('distribution_commissions', ['order_id'], { name: 'distribution_commissions_order' });

    await q.createTable('distribution_accounts', {
      distributor_id: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
      /** Σ distribution_ledger.delta; may be negative after a refund of available commission */
      balance: fen(),
      ...timestamps,
    });

    await q.createTable('distribution_ledger', {
      id,
      distributor_id: ref(),
      delta: { type: DataTypes.BIGINT, allowNull: false },
      balance_after: { type: DataTypes.BIGINT, allowNull: false },
      /** commission | clawback | withdraw | withdraw_return | withdraw_paid | adjust */
      reason: str(16),
      ref_type: str(16, true),
      ref_id: ref(true),
      /** one business event, one row: a repeated event finds its key and writes nothing */
      idem_key: str(96),
      note: str(200, true),
      actor_id: ref(true),
      created_at: time(false),
    });
    await q.addIndex('distribution_ledger', ['idem_key'], { unique: true, name: 'distribution_ledger_idem' });
    await q.addIndex('distribution_ledger', ['distributor_id', 'id'], { name: 'distribution_ledger_owner' });
    await q.addIndex('distribution_ledger', ['ref_type', 'ref_id'], { name: 'distribution_ledger_ref' });

    await q.createTable('distribution_withdrawals', {
      id,
      /** out_bill_no of the transfer: the idempotency key at WeChat Pay */
      withdrawal_no: str(32),
      distributor_id: ref(),
      /** taken from the balance; fee kept by the shop; net paid out */
      amount: fen(),
      fee: fen(),
      net_amount: fen(),
      /** wechat (商家转账) */
      channel: str(16),
      /** reviewing | approved | transferring | succeeded | failed | rejected */
      status: str(16),
      /** the shop-time day it was asked (daily limits) */
      shop_day: str(10),
      openid: str(64),
      transfer_bill_no: str(64, true),
      /** WeChat Pay's bill state: ACCEPTED, PROCESSING, WAIT_USER_CONFIRM, TRANSFERING, SUCCESS, FAIL, CANCELING, CANCELLED */
      transfer_state: str(24, true),
      /** what wx.requestMerchantTransfer takes while WAIT_USER_CONFIRM */
      package_info: { type: DataTypes.TEXT, allowNull: true },
      fail_reason: str(200, true),
      reject_reason: str(200, true),
      reviewer_id: ref(true),
      reviewed_at: time(),
      transfer_started_at: time(),
      /** an unconfirmed transfer is cancelled after this and the money returns */
      confirm_deadline: time(),
      finished_at: time(),
      ...timestamps,
    });
    await q.addIndex('distribution_withdrawals', ['withdrawal_no'], {
      unique: true,
      name: 'distribution_withdrawals_no',
    });
    await q.addIndex('distribution_withdrawals', ['distributor_id', 'shop_day'], {
      name: 'distribution_withdrawals_day',
    });
    await q.addIndex('distribution_withdrawals', ['status', 'updated_at'], {
      name: 'distribution_withdrawals_status',
    });

    await q.createTable('distribution_transfer_notifications', {
      id,
      event_id: str(64),
      event_type: str(40),
      out_bill_no: str(32, true),
      /** received | applied | duplicate | unknown | ignored | amount_mismatch */
      outcome: str(24),
      resource: { type: DataTypes.TEXT, allowNull: false },
      received_at: time(false),
    });
    await q.addIndex('distribution_transfer_notifications', ['event_id'], {
      unique: true,
      name: 'distribution_transfer_notifications_event',
    });

    await q.createTable('distribution_sandbox_transfers', {
      out_bill_no: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
      transfer_bill_no: str(64),
      openid: str(64),
      amount: fen(),
      state: str(24),
      fail_reason: str(200, true),
      ...timestamps,
    });

    await q.createTable('distribution_product_rates', {
      id,
      product_id: ref(),
      /** 0: the whole product; otherwise one SKU (overrides the product's) */
      sku_id: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      /** ratio (万分比) | fixed (fen per unit) | none (no commission) */
      level1_mode: str(8),
      level1_value: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      level2_mode: str(8),
      level2_value: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      updated_by: ref(true),
      ...timestamps,
    });
    await q.addIndex('distribution_product_rates', ['product_id', 'sku_id'], {
      unique: true,
      name: 'distribution_product_rates_target',
    });
  },
  async down({ queryInterface: q }) {
    for (const t of [
      'distribution_product_rates',
      'distribution_sandbox_transfers',
      'distribution_transfer_notifications',
      'distribution_withdrawals',
      'distribution_ledger',
      'distribution_accounts',
      'distribution_commissions',
      'distribution_order_refunds',
      'distribution_orders',
      'distribution_shopper_stats',
      'distribution_binding_logs',
      'distribution_relations',
      'distribution_applications',
      'distribution_distributors',
      'distribution_levels',
      'distribution_settings',
    ]) {
      await q.dropTable(t);
    }
  },
};

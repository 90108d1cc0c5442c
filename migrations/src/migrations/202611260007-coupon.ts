import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { fen, id } from '../helpers';

const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const time = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
const flag = (defaultValue: boolean) => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });
/** with milliseconds: what the API answers right after a write is what it reads back later */
const timestamps = { created_at: time(false), updated_at: time(false) };

/**
 * coupon module tables: templates (with the raced `remaining` counter), the instances shoppers hold (one row
 * per claim; the unique (shopper, template, seq) key is the per-user limit), redemption code batches and codes.
 */
export const migration: Migration = {
  name: '202611260007-coupon',
  async up({ queryInterface: q }) {
    await q.createTable('coupon_templates', {
      id,
      name: str(32),
      description: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
      /** amount_off | percent_off | free_shipping */
      kind: str(16),
      threshold: fen(),
      amount_off: fen(),
      /** percent_off: 千分比 of the price kept (850 = 8.5 折); 1000 for the other kinds */
      discount_permille: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1000 },
      max_discount: fen(true),
      /** all | include | exclude, with product and category ids as JSON arrays */
      scope_mode: str(8),
      scope_product_ids: { type: DataTypes.TEXT, allowNull: false },
      scope_category_ids: { type: DataTypes.TEXT, allowNull: false },
      /** absolute (valid_from … valid_to) | relative (valid_days after the claim) */
      validity_type: str(8),
      valid_from: time(),
      valid_to: time(),
      valid_days: { type: DataTypes.INTEGER, allowNull: true },
      windows_json: { type: DataTypes.TEXT, allowNull: false },
      /** null = unlimited; otherwise remaining = total_quantity - issued_count, both moved by guarded updates */
      total_quantity: { type: DataTypes.INTEGER, allowNull: true },
      remaining: { type: DataTypes.INTEGER, allowNull: true },
      issued_count: count(),
      per_user_limit: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      channels_json: { type: DataTypes.STRING(200), allowNull: false },
      stackable: flag(false),
      allow_activity_lines: flag(false),
      return_on_refund: flag(true),
      status: str(16),
      claim_starts_at: time(),
      claim_ends_at: time(),
      created_by: ref(true),
      ...timestamps,
    });
    await q.addIndex('coupon_templates', ['status', 'id'], { name: 'coupon_templates_status' });

    await q.createTable('coupon_instances', {
      id,
      template_id: ref(),
      shopper_id: ref(),
      /** the shopper's claim number of this template, 1 … per_user_limit */
      seq: { type: DataTypes.INTEGER, allowNull: false },
      channel: str(16),
      /** unused | locked | used | expired */
      status: str(16),
      valid_from: time(false),
      /** exclusive: usable while now < valid_to */
      valid_to: time(false),
      /** a caller's retry key (system issues): one instance per (shopper, template, key) */
      idempotency_key: str(96, true),
      code_id: ref(true),
      /** the order holding (locked) or that used it */
      order_id: ref(true),
      /** the discount it gave that order, for stats */
      discount_amount: fen(),
      locked_at: time(),
      used_at: time(),
      returned_at: time(),
      expired_at: time(),
      ...timestamps,
    });
    await q.addIndex('coupon_instances', ['shopper_id', 'template_id', 'seq'], {
      unique: true,
      name: 'coupon_instances_claim_seq',
    });
    await q.addIndex('coupon_instances', ['shopper_id', 'template_id', 'idempotency_key'], {
      unique: true,
      name: 'coupon_instances_idempotency',
    });
    await q.addIndex('coupon_instances', ['shopper_id', 'status', 'valid_to'], {
      name: 'coupon_instances_shopper_status',
    });
    await q.addIndex('coupon_instances', ['template_id', 'status'], { name: 'coupon_instances_template' });
    await q.addIndex('coupon_instances', ['order_id'], { name: 'coupon_instances_order' });
    await q.addIndex('coupon_instances', ['status', 'valid_to'], { name: 'coupon_instances_expiry' });

    await q.createTable('coupon_code_batches', {
      id,
      template_id: ref(),
      name: str(64),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      redeemed_count: count(),
      created_by: ref(true),
      ...timestamps,
    });
    await q.addIndex('coupon_code_batches', ['template_id', 'id'], { name: 'coupon_code_batches_template' });

    await q.createTable('coupon_codes', {
      id,
      batch_id: ref(),
      template_id: ref(),
      /** 12 characters of Crockford base32 from crypto.randomBytes (60 bits) */
      code: str(16),
      /** unused | redeemed */
      status: str(16),
      shopper_id: ref(true),
      instance_id: ref(true),
      redeemed_at: time(),
      created_at: time(false),
    });
    await q.addIndex('coupon_codes', ['code'], { unique: true, name: 'coupon_codes_code' });
    await q.addIndex('coupon_codes', ['batch_id', 'id'], { name: 'coupon_codes_batch' });
  },
  async down({ queryInterface: q }) {
    for (const t of ['coupon_codes', 'coupon_code_batches', 'coupon_instances', 'coupon_templates']) {
      await q.dropTable(t);
    }
  },
};

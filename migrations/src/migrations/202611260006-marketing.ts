import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { fen, id, longText, timestamps } from '../helpers';

const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const time = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });

/**
 * marketing: campaigns of every pricing tool with their usage counters, and what pricing did to each order
 * (its adjustments per line, points and freight savings) stored with the order.
 */
export const migration: Migration = {
  name: '202611260006-marketing',
  async up({ queryInterface: q }) {
    await q.createTable('campaigns', {
      id,
      kind: str(32),
      name: str(60),
      description: str(200, true),
      status: str(16),
      priority: count(),
      exclusive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      stack_group: str(32),
      starts_at: time(),
      ends_at: time(),
      audience_json: { type: DataTypes.TEXT, allowNull: false },
      scope_json: { type: DataTypes.TEXT, allowNull: false },
      config_json: { type: longText(q), allowNull: false },
      total_limit: { type: DataTypes.INTEGER, allowNull: true },
      per_shopper_limit: { type: DataTypes.INTEGER, allowNull: true },
      /** orders counted against total_limit: guarded so that it never passes it */
      used_count: count(),
      ...timestamps,
    });
    await q.addIndex('campaigns', ['status', 'ends_at'], { name: 'campaigns_status_ends' });
    await q.addIndex('campaigns', ['kind', 'status'], { name: 'campaigns_kind_status' });

    await q.createTable('campaign_shopper_uses', {
      id,
      campaign_id: ref(),
      shopper_id: ref(),
      used: count(),
      ...timestamps,
    });
    await q.addIndex('campaign_shopper_uses', ['campaign_id', 'shopper_id'], {
      unique: true,
      name: 'campaign_shopper_uses_unique',
    });

    await q.createTable('campaign_order_uses', {
      id,
      campaign_id: ref(),
      order_id: ref(),
      shopper_id: ref(),
      discount: fen(),
      /** counted | returned (the order was cancelled unpaid) */
      status: str(16),
      /** which counters this use raised, so that a return lowers exactly those */
      counted_total: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      counted_shopper: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      ...timestamps,
    });
    await q.addIndex('campaign_order_uses', ['campaign_id', 'order_id'], {
      unique: true,
      name: 'campaign_order_uses_unique',
    });
    await q.addIndex('campaign_order_uses', ['order_id'], { name: 'campaign_order_uses_order' });

    await q.createTable('order_adjustments', {
      id,
      order_id: ref(),
      /** NULL for the freight saving */
      order_line_id: ref(true),
      source_type: str(16),
      source_id: ref(true),
      kind: str(32),
      name: str(60),
      stage: str(16),
      target: str(8),
      amount: fen(),
      points_used: { type: DataTypes.INTEGER, allowNull: true },
      created_at: time(false),
    });
    await q.addIndex('order_adjustments', ['order_id'], { name: 'order_adjustments_order' });

    await q.addColumn('orders', 'list_amount', fen());
    await q.addColumn('orders', 'freight_discount', fen());
    await q.addColumn('orders', 'points_used', count());
    await q.addColumn('orders', 'points_amount', fen());
    await q.addColumn('order_lines', 'list_price', fen());
    await q.addColumn('order_lines', 'points_amount', fen());
    await q.addColumn('order_lines', 'gift_campaign_id', ref(true));
  },
  async down({ queryInterface: q }) {
    for (const c of ['list_price', 'points_amount', 'gift_campaign_id'])
      await q.removeColumn('order_lines', c);
    for (const c of ['list_amount', 'freight_discount', 'points_used', 'points_amount'])
      await q.removeColumn('orders', c);
    for (const t of ['order_adjustments', 'campaign_order_uses', 'campaign_shopper_uses', 'campaigns'])
      await q.dropTable(t);
  },
};

import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { id, longText, timestamps } from '../helpers';

/** Platform tables: outbox, handler receipts, cron runs and keys, audit log, accounts. */
export const migration: Migration = {
  name: '202611260001-platform',
  async up({ queryInterface: q }) {
    await q.createTable('outbox_events', {
      id,
      name: { type: DataTypes.STRING(64), allowNull: false },
      payload: { type: longText(q), allowNull: false },
      aggregate_id: { type: DataTypes.STRING(64), allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      available_at: { type: DataTypes.DATE(3), allowNull: false },
      locked_by: { type: DataTypes.STRING(64), allowNull: true },
      locked_until: { type: DataTypes.DATE(3), allowNull: true },
      dispatched_at: { type: DataTypes.DATE(3), allowNull: true },
      last_error: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await q.addIndex('outbox_events', ['dispatched_at', 'available_at'], { name: 'outbox_pending' });

    await q.createTable('outbox_receipts', {
      id,
      handler: { type: DataTypes.STRING(96), allowNull: false },
      event_id: { type: DataTypes.BIGINT, allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await q.addIndex('outbox_receipts', ['handler', 'event_id'], {
      unique: true,
      name: 'outbox_receipt_once',
    });

    await q.createTable('cron_runs', {
      id,
      job: { type: DataTypes.STRING(64), allowNull: false },
      period: { type: DataTypes.STRING(32), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      host: { type: DataTypes.STRING(128), allowNull: false },
      counts: { type: DataTypes.TEXT, allowNull: true },
      error: { type: DataTypes.TEXT, allowNull: true },
      started_at: { type: DataTypes.DATE(3), allowNull: false },
      finished_at: { type: DataTypes.DATE(3), allowNull: true },
    });
    await q.addIndex('cron_runs', ['job', 'period'], { unique: true, name: 'cron_run_once' });

    await q.createTable('cron_keys', {
      id,
      job: { type: DataTypes.STRING(64), allowNull: false },
      subject: { type: DataTypes.STRING(96), allowNull: false },
      period: { type: DataTypes.STRING(32), allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await q.addIndex('cron_keys', ['job', 'subject', 'period'], { unique: true, name: 'cron_key_once' });

    await q.createTable('audit_logs', {
      id,
      actor_kind: { type: DataTypes.STRING(16), allowNull: false },
      actor_id: { type: DataTypes.BIGINT, allowNull: true },
      actor_name: { type: DataTypes.STRING(64), allowNull: true },
      action: { type: DataTypes.STRING(96), allowNull: false },
      subject_type: { type: DataTypes.STRING(48), allowNull: true },
      subject_id: { type: DataTypes.STRING(64), allowNull: true },
      before_json: { type: longText(q), allowNull: true },
      after_json: { type: longText(q), allowNull: true },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      request_id: { type: DataTypes.STRING(64), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await q.addIndex('audit_logs', ['created_at'], { name: 'audit_created' });
    await q.addIndex('audit_logs', ['subject_type', 'subject_id'], { name: 'audit_subject' });

    await q.createTable('risk_decisions', {
      id,
      action: { type: DataTypes.STRING(32), allowNull: false },
      decision: { type: DataTypes.STRING(16), allowNull: false },
      rule: { type: DataTypes.STRING(64), allowNull: false },
      shopper_id: { type: DataTypes.BIGINT, allowNull: true },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      context_json: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });

    await q.createTable('admin_users', {
      id,
      username: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      display_name: { type: DataTypes.STRING(64), allowNull: false },
      password_hash: { type: DataTypes.STRING(255), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      last_login_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });

    await q.createTable('shoppers', {
      id,
      openid: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      unionid: { type: DataTypes.STRING(64), allowNull: true },
      nickname: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
      avatar_url: { type: DataTypes.STRING(512), allowNull: true },
      phone: { type: DataTypes.STRING(32), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      privacy_accepted_at: { type: DataTypes.DATE, allowNull: true },
      privacy_version: { type: DataTypes.STRING(16), allowNull: true },
      personalized_recommendations: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      last_login_ip: { type: DataTypes.STRING(64), allowNull: true },
      last_login_at: { type: DataTypes.DATE, allowNull: true },
      deleted_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('shoppers', ['unionid'], { name: 'shoppers_unionid' });
  },
  async down({ queryInterface: q }) {
    for (const t of [
      'shoppers',
      'admin_users',
      'risk_decisions',
      'audit_logs',
      'cron_keys',
      'cron_runs',
      'outbox_receipts',
      'outbox_events',
    ]) {
      await q.dropTable(t);
    }
  },
};

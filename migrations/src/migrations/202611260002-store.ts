import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { id, timestamps } from '../helpers';

/**
 * Shopper addresses and privacy-consent history (account module), physical stores and their staff (store
 * module).
 */
export const migration: Migration = {
  name: '202611260002-store',
  async up({ queryInterface: q }) {
    // raced by the shopper's own parallel requests: changed only by a guarded update (at most 20 addresses)
    await q.addColumn('shoppers', 'address_count', {
      type: DataTypes.INTEGER,
      allowNull: false,
      defaultValue: 0,
    });

    await q.createTable('shopper_addresses', {
      id,
      shopper_id: { type: DataTypes.BIGINT, allowNull: false },
      name: { type: DataTypes.STRING(32), allowNull: false },
      phone: { type: DataTypes.STRING(32), allowNull: false },
      province: { type: DataTypes.STRING(32), allowNull: false },
      city: { type: DataTypes.STRING(32), allowNull: false },
      district: { type: DataTypes.STRING(32), allowNull: false, defaultValue: '' },
      detail: { type: DataTypes.STRING(200), allowNull: false },
      // TRUE on the default address, NULL on the others: the unique index allows one default per shopper
      default_marker: { type: DataTypes.BOOLEAN, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('shopper_addresses', ['shopper_id', 'default_marker'], {
      unique: true,
      name: 'shopper_address_one_default',
    });

    await q.createTable('privacy_consents', {
      id,
      shopper_id: { type: DataTypes.BIGINT, allowNull: false },
      version: { type: DataTypes.STRING(16), allowNull: false },
      accepted_at: { type: DataTypes.DATE(3), allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: true },
    });
    await q.addIndex('privacy_consents', ['shopper_id', 'accepted_at'], { name: 'privacy_consent_shopper' });

    await q.createTable('stores', {
      id,
      name: { type: DataTypes.STRING(64), allowNull: false },
      address: { type: DataTypes.STRING(200), allowNull: false },
      phone: { type: DataTypes.STRING(32), allowNull: false },
      opens_at: { type: DataTypes.STRING(5), allowNull: false },
      closes_at: { type: DataTypes.STRING(5), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      deleted_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });

    await q.createTable('staff_members', {
      id,
      shopper_id: { type: DataTypes.BIGINT, allowNull: false },
      name: { type: DataTypes.STRING(32), allowNull: false },
      ...timestamps,
    });
    await q.addIndex('staff_members', ['shopper_id'], { unique: true, name: 'staff_member_shopper' });

    await q.createTable('store_staff', {
      id,
      store_id: { type: DataTypes.BIGINT, allowNull: false },
      staff_id: { type: DataTypes.BIGINT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      ...timestamps,
    });
    await q.addIndex('store_staff', ['store_id', 'staff_id'], { unique: true, name: 'store_staff_once' });
    await q.addIndex('store_staff', ['staff_id'], { name: 'store_staff_staff' });
  },
  async down({ queryInterface: q }) {
    for (const t of ['store_staff', 'staff_members', 'stores', 'privacy_consents', 'shopper_addresses']) {
      await q.dropTable(t);
    }
    await q.removeColumn('shoppers', 'address_count');
  },
};

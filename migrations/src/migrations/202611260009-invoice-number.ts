import { DataTypes } from 'sequelize';
import type { Migration } from '../types';

/** The number printed on an issued invoice (发票号码), typed by the merchant when issuing. */
export const migration: Migration = {
  name: '202611260009-invoice-number',
  async up({ queryInterface: q }) {
    await q.addColumn('order_invoices', 'invoice_no', { type: DataTypes.STRING(32), allowNull: true });
  },
  async down({ queryInterface: q }) {
    await q.removeColumn('order_invoices', 'invoice_no');
  },
};

import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { fen, id, timestamps } from '../helpers';

const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const time = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });

/** order module tables: cart, orders and their lines, packages, timeline, after-sales, invoices, settings. */
export const migration: Migration = {
  name: '202611260005-order',
  async up({ queryInterface: q }) {
    await q.createTable('cart_items', {
      id,
      shopper_id: ref(),
      sku_id: ref(),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      selected: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...timestamps,
    });
    await q.addIndex('cart_items', ['shopper_id', 'sku_id'], {
      unique: true,
      name: 'cart_items_shopper_sku',
    });

    await q.createTable('orders', {
      id,
      order_no: str(32),
      shopper_id: ref(),
      kind: str(16),
      status: str(24),
      source: str(8),
      goods_amount: fen(),
      freight_amount: fen(),
      discount_amount: fen(),
      pay_amount: fen(),
      /** committed to refunds (in flight and done): guarded so that it never exceeds pay_amount */
      refund_reserved_amount: fen(),
      /** the money back so far; the derived "partially / fully refunded" flag */
      refunded_amount: fen(),
      unit_count: count(),
      address_json: { type: DataTypes.TEXT, allowNull: true },
      remark: str(200, true),
      merchant_remark: str(500, true),
      idempotency_key: str(64),
      request_hash: str(64),
      risk_held: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      expires_at: time(false),
      paid_at: time(),
      shipped_at: time(),
      received_at: time(),
      aftersale_until: time(),
      completed_at: time(),
      cancelled_at: time(),
      cancel_reason: str(16, true),
      payment_id: ref(true),
      pay_provider: str(16, true),
      transaction_id: str(64, true),
      package_count: count(),
      shipping_upload_status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'not_required' },
      shipping_upload_error: str(500, true),
      shipping_uploaded_at: time(),
      ...timestamps,
    });
    await q.addIndex('orders', ['order_no'], { unique: true, name: 'orders_order_no' });
    await q.addIndex('orders', ['shopper_id', 'idempotency_key'], {
      unique: true,
      name: 'orders_idempotency',
    });
    await q.addIndex('orders', ['shopper_id', 'status', 'id'], { name: 'orders_shopper_status' });
    await q.addIndex('orders', ['status', 'expires_at'], { name: 'orders_status_expires' });
    await q.addIndex('orders', ['status', 'shipped_at'], { name: 'orders_status_shipped' });
    await q.addIndex('orders', ['status', 'aftersale_until'], { name: 'orders_status_aftersale' });
    await q.addIndex('orders', ['created_at'], { name: 'orders_created' });
    await q.addIndex('orders', ['shipping_upload_status'], { name: 'orders_shipping_upload' });

    await q.createTable('order_lines', {
      id,
      order_id: ref(),
      sku_id: ref(),
      product_id: ref(),
      kind: str(16),
      title: str(200),
      spec_text: str(200),
      specs_json: { type: DataTypes.TEXT, allowNull: true },
      image: str(512, true),
      unit_price: fen(),
      cost_price: fen(),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      weight_grams: count(),
      freight_template_id: ref(true),
      goods_amount: fen(),
      /** this line's share of the order discount (largest remainder); refunds read it */
      discount_amount: fen(),
      pay_amount: fen(),
      /** commission rates at order time, filled by distribution later */
      commission_json: { type: DataTypes.TEXT, allowNull: true },
      shipped_quantity: count(),
      /** units refunded before they were shipped or verified: never to be fulfilled */
      cancelled_quantity: count(),
      /** units held by live after-sales (open or refunded): at most quantity */
      aftersale_quantity: count(),
      /** units whose refund is committed; the next refund takes the next units' largest-remainder shares */
      refund_committed_quantity: count(),
      refunded_quantity: count(),
      refunded_amount: fen(),
      ...timestamps,
    });
    await q.addIndex('order_lines', ['order_id'], { name: 'order_lines_order' });
    await q.addIndex('order_lines', ['sku_id'], { name: 'order_lines_sku' });

    await q.createTable('order_packages', {
      id,
      order_id: ref(),
      carrier: str(32),
      tracking_no: str(64),
      shipped_by: ref(true),
      shipped_at: time(false),
      ...timestamps,
    });
    await q.addIndex('order_packages', ['order_id', 'carrier', 'tracking_no'], {
      unique: true,
      name: 'order_packages_tracking',
    });

    await q.createTable('order_package_lines', {
      id,
      package_id: ref(),
      order_id: ref(),
      order_line_id: ref(),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
    });
    await q.addIndex('order_package_lines', ['package_id'], { name: 'order_package_lines_package' });
    await q.addIndex('order_package_lines', ['order_id'], { name: 'order_package_lines_order' });

    await q.createTable('order_logs', {
      id,
      order_id: ref(),
      action: str(48),
      from_status: str(24, true),
      to_status: str(24, true),
      actor_kind: str(16),
      actor_id: ref(true),
      note: str(500, true),
      created_at: time(false),
    });
    await q.addIndex('order_logs', ['order_id', 'id'], { name: 'order_logs_order' });

    await q.createTable('after_sales', {
      id,
      after_sale_no: str(32),
      order_id: ref(),
      order_line_id: ref(),
      shopper_id: ref(),
      type: str(16),
      status: str(16),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      amount: fen(),
      freight_amount: fen(),
      restock_quantity: count(),
      /** the line id while the after-sale is open, NULL once closed: the unique index allows one open per line */
      open_line_id: ref(true),
      reason: str(200),
      description: str(500, true),
      photos_json: { type: DataTypes.TEXT, allowNull: true },
      reject_reason: str(200, true),
      return_carrier: str(32, true),
      return_tracking_no: str(64, true),
      restock: { type: DataTypes.BOOLEAN, allowNull: true },
      refund_no: str(40, true),
      refund_id: ref(true),
      handled_by: ref(true),
      requested_at: time(false),
      approved_at: time(),
      returned_at: time(),
      refund_started_at: time(),
      refunded_at: time(),
      closed_at: time(),
      ...timestamps,
    });
    await q.addIndex('after_sales', ['after_sale_no'], { unique: true, name: 'after_sales_no' });
    await q.addIndex('after_sales', ['open_line_id'], {
      unique: true,
      name: 'after_sales_one_open_per_line',
    });
    await q.addIndex('after_sales', ['refund_no'], { unique: true, name: 'after_sales_refund_no' });
    await q.addIndex('after_sales', ['order_id'], { name: 'after_sales_order' });
    await q.addIndex('after_sales', ['shopper_id', 'id'], { name: 'after_sales_shopper' });
    await q.addIndex('after_sales', ['status', 'id'], { name: 'after_sales_status' });

    await q.createTable('order_invoices', {
      id,
      order_id: ref(),
      shopper_id: ref(),
      type: str(16),
      title: str(100),
      tax_id: str(32, true),
      email: str(128),
      amount: fen(),
      status: str(16),
      file_key: str(255, true),
      issued_by: ref(true),
      issued_at: time(),
      ...timestamps,
    });
    await q.addIndex('order_invoices', ['order_id'], { unique: true, name: 'order_invoices_order' });
    await q.addIndex('order_invoices', ['status', 'id'], { name: 'order_invoices_status' });

    await q.createTable('order_settings', {
      id,
      unpaid_timeout_minutes: { type: DataTypes.INTEGER, allowNull: false },
      auto_receive_days: { type: DataTypes.INTEGER, allowNull: false },
      aftersale_window_days: { type: DataTypes.INTEGER, allowNull: false },
      service_approval_limit: fen(),
      updated_by: ref(true),
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface: q }) {
    for (const t of [
      'order_settings',
      'order_invoices',
      'after_sales',
      'order_logs',
      'order_package_lines',
      'order_packages',
      'order_lines',
      'orders',
      'cart_items',
    ]) {
      await q.dropTable(t);
    }
  },
};

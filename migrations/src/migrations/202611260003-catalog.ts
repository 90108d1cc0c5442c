import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { fen, id, longText, timestamps } from '../helpers';

/** catalog module tables: categories, freight templates, products, SKUs, SKU price history. */
export const migration: Migration = {
  name: '202611260003-catalog',
  async up({ queryInterface: q }) {
    await q.createTable('catalog_categories', {
      id,
      parent_id: { type: DataTypes.BIGINT, allowNull: true },
      name: { type: DataTypes.STRING(32), allowNull: false },
      icon: { type: DataTypes.STRING(512), allowNull: true },
      sort_order: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...timestamps,
    });
    await q.addIndex('catalog_categories', ['parent_id', 'sort_order'], { name: 'catalog_category_parent' });

    await q.createTable('catalog_freight_templates', {
      id,
      name: { type: DataTypes.STRING(64), allowNull: false },
      mode: { type: DataTypes.STRING(16), allowNull: false },
      /** zones, thresholds and excluded provinces as JSON (see freight.ts) */
      config: { type: DataTypes.TEXT, allowNull: false },
      ...timestamps,
    });
    await q.addIndex('catalog_freight_templates', ['name'], { unique: true, name: 'catalog_freight_name' });

    await q.createTable('catalog_products', {
      id,
      title: { type: DataTypes.STRING(120), allowNull: false },
      subtitle: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      category_id: { type: DataTypes.BIGINT, allowNull: false },
      images_json: { type: DataTypes.TEXT, allowNull: false },
      detail_json: { type: longText(q), allowNull: false },
      specs_json: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      label_special: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      label_member_price: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      freight_template_id: { type: DataTypes.BIGINT, allowNull: true },
      sort_order: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      /** lowest and highest price of the SKUs on sale, kept by every product write (list filter and sort) */
      min_price: fen(),
      max_price: fen(),
      /** the honest strike-through price of the cheapest SKU on sale (see catalog_skus.original_price) */
      original_price: fen(true),
      /** real sales only: the order module adds paid quantities and removes refunded ones */
      sold_count: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      deleted_at: { type: DataTypes.DATE(3), allowNull: true },
      ...timestamps,
    });
    await q.addIndex('catalog_products', ['status', 'category_id'], { name: 'catalog_product_category' });
    await q.addIndex('catalog_products', ['status', 'min_price'], { name: 'catalog_product_price' });
    await q.addIndex('catalog_products', ['status', 'sold_count'], { name: 'catalog_product_sales' });
    await q.addIndex('catalog_products', ['freight_template_id'], { name: 'catalog_product_freight' });

    await q.createTable('catalog_skus', {
      id,
      product_id: { type: DataTypes.BIGINT, allowNull: false },
      /** the spec values as canonical JSON (names in the product's spec order): one SKU per combination */
      spec_key: { type: DataTypes.STRING(255), allowNull: false },
      sku_code: { type: DataTypes.STRING(64), allowNull: true },
      image: { type: DataTypes.STRING(512), allowNull: true },
      price: fen(),
      cost_price: fen(),
      /**
       * the lowest price in force in the 7 days before the current price took effect, when higher than it;
       * fixed at the price change because that history never changes afterwards
       */
      original_price: fen(true),
      stock: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      weight_grams: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      status: { type: DataTypes.STRING(16), allowNull: false },
      sold_count: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      deleted_at: { type: DataTypes.DATE(3), allowNull: true },
      ...timestamps,
    });
    await q.addIndex('catalog_skus', ['product_id', 'spec_key'], { unique: true, name: 'catalog_sku_combo' });
    await q.addIndex('catalog_skus', ['sku_code'], { unique: true, name: 'catalog_sku_code' });

    await q.createTable('catalog_sku_prices', {
      id,
      sku_id: { type: DataTypes.BIGINT, allowNull: false },
      price: fen(),
      effective_from: { type: DataTypes.DATE(3), allowNull: false },
    });
    await q.addIndex('catalog_sku_prices', ['sku_id', 'effective_from'], { name: 'catalog_sku_price_time' });
  },
  async down({ queryInterface: q }) {
    for (const t of [
      'catalog_sku_prices',
      'catalog_skus',
      'catalog_products',
      'catalog_freight_templates',
      'catalog_categories',
    ]) {
      await q.dropTable(t);
    }
  },
};

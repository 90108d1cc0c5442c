import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type ProductKind = 'physical' | 'virtual' | 'local_service';
export type SaleStatus = 'on_sale' | 'off_shelf';

export class Category extends Model<InferAttributes<Category>, InferCreationAttributes<Category>> {
  declare id: CreationOptional<number>;
  declare parentId: number | null;
  declare name: string;
  declare icon: string | null;
  declare sortOrder: number;
  declare enabled: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class FreightTemplate extends Model<
  InferAttributes<FreightTemplate>,
  InferCreationAttributes<FreightTemplate>
> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare mode: string;
  /** JSON of FreightRules minus the mode */
  declare config: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Product extends Model<InferAttributes<Product>, InferCreationAttributes<Product>> {
  declare id: CreationOptional<number>;
  declare title: string;
  declare subtitle: string;
  declare kind: ProductKind;
  declare categoryId: number;
  declare imagesJson: string;
  declare detailJson: string;
  declare specsJson: string;
  declare status: SaleStatus;
  declare labelSpecial: boolean;
  declare labelMemberPrice: boolean;
  declare freightTemplateId: number | null;
  declare sortOrder: number;
  declare minPrice: number;
  declare maxPrice: number;
  declare originalPrice: number | null;
  declare soldCount: CreationOptional<number>;
  declare deletedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Sku extends Model<InferAttributes<Sku>, InferCreationAttributes<Sku>> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare specKey: string;
  declare skuCode: string | null;
  declare image: string | null;
  declare price: number;
  declare costPrice: number;
  declare originalPrice: number | null;
  declare stock: number;
  declare weightGrams: number;
  declare status: SaleStatus;
  declare soldCount: CreationOptional<number>;
  declare deletedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SkuPrice extends Model<InferAttributes<SkuPrice>, InferCreationAttributes<SkuPrice>> {
  declare id: CreationOptional<number>;
  declare skuId: number;
  declare price: number;
  declare effectiveFrom: Date;
}

export function initCatalogModels(sequelize: Sequelize) {
  const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
  // a function: Sequelize writes the column name into the attribute object it is given
  const fen = () => ({ type: DataTypes.BIGINT, allowNull: false });
  const times = { createdAt: DataTypes.DATE, updatedAt: DataTypes.DATE };
  const opts = (tableName: string) => ({ sequelize, tableName, underscored: true });

  Category.init(
    {
      id,
      parentId: { type: DataTypes.BIGINT, allowNull: true },
      name: { type: DataTypes.STRING(32), allowNull: false },
      icon: { type: DataTypes.STRING(512), allowNull: true },
      sortOrder: { type: DataTypes.INTEGER, allowNull: false },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false },
      ...times,
    },
    opts('catalog_categories'),
  );
  FreightTemplate.init(
    {
      id,
      name: { type: DataTypes.STRING(64), allowNull: false },
      mode: { type: DataTypes.STRING(16), allowNull: false },
      config: { type: DataTypes.TEXT, allowNull: false },
      ...times,
    },
    opts('catalog_freight_templates'),
  );
  Product.init(
    {
      id,
      title: { type: DataTypes.STRING(120), allowNull: false },
      subtitle: { type: DataTypes.STRING(200), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      categoryId: { type: DataTypes.BIGINT, allowNull: false },
      imagesJson: { type: DataTypes.TEXT, allowNull: false },
      detailJson: { type: DataTypes.TEXT, allowNull: false },
      specsJson: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      labelSpecial: { type: DataTypes.BOOLEAN, allowNull: false },
      labelMemberPrice: { type: DataTypes.BOOLEAN, allowNull: false },
      freightTemplateId: { type: DataTypes.BIGINT, allowNull: true },
      sortOrder: { type: DataTypes.INTEGER, allowNull: false },
      minPrice: fen(),
      maxPrice: fen(),
      originalPrice: { type: DataTypes.BIGINT, allowNull: true },
      soldCount: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      deletedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...times,
    },
    opts('catalog_products'),
  );
  Sku.init(
    {
      id,
      productId: { type: DataTypes.BIGINT, allowNull: false },
      specKey: { type: DataTypes.STRING(255), allowNull: false },
      skuCode: { type: DataTypes.STRING(64), allowNull: true },
      image: { type: DataTypes.STRING(512), allowNull: true },
      price: fen(),
      costPrice: fen(),
      originalPrice: { type: DataTypes.BIGINT, allowNull: true },
      stock: { type: DataTypes.INTEGER, allowNull: false },
      weightGrams: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      soldCount: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      deletedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...times,
    },
    opts('catalog_skus'),
  );
  SkuPrice.init(
    {
      id,
      skuId: { type: DataTypes.BIGINT, allowNull: false },
      price: fen(),
      effectiveFrom: { type: DataTypes.DATE(3), allowNull: false },
    },
    { ...opts('catalog_sku_prices'), timestamps: false },
  );
}

import {
  DataTypes,
  Model,
  type InferAttributes,
  type InferCreationAttributes,
  type CreationOptional,
  type Sequelize,
} from 'sequelize';
import type { AdminRole } from '../../platform/http/access';

export type AccountStatusValue = 'active' | 'frozen' | 'deleted';

export class AdminUser extends Model<InferAttributes<AdminUser>, InferCreationAttributes<AdminUser>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare displayName: string;
  declare passwordHash: string;
  declare role: AdminRole;
  declare status: CreationOptional<AccountStatusValue>;
  declare lastLoginAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Shopper extends Model<InferAttributes<Shopper>, InferCreationAttributes<Shopper>> {
  declare id: CreationOptional<number>;
  declare openid: string;
  declare unionid: CreationOptional<string | null>;
  declare nickname: CreationOptional<string>;
  declare avatarUrl: CreationOptional<string | null>;
  declare phone: CreationOptional<string | null>;
  declare status: CreationOptional<AccountStatusValue>;
  declare privacyAcceptedAt: CreationOptional<Date | null>;
  declare privacyVersion: CreationOptional<string | null>;
  declare personalizedRecommendations: CreationOptional<boolean>;
  declare addressCount: CreationOptional<number>;
  declare lastLoginIp: CreationOptional<string | null>;
  declare lastLoginAt: CreationOptional<Date | null>;
  declare deletedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ShopperAddress extends Model<
  InferAttributes<ShopperAddress>,
  InferCreationAttributes<ShopperAddress>
> {
  declare id: CreationOptional<number>;
  declare shopperId: number;
  declare name: string;
  declare phone: string;
  declare province: string;
  declare city: string;
  declare district: string;
  declare detail: string;
  /** true on the default address, null on every other (a unique index keeps one default per shopper) */
  declare defaultMarker: CreationOptional<true | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PrivacyConsent extends Model<
  InferAttributes<PrivacyConsent>,
  InferCreationAttributes<PrivacyConsent>
> {
  declare id: CreationOptional<number>;
  declare shopperId: number;
  declare version: string;
  declare acceptedAt: Date;
  declare ip: string | null;
}

export function initAccountModels(sequelize: Sequelize) {
  const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
  AdminUser.init(
    {
      id,
      username: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      displayName: { type: DataTypes.STRING(64), allowNull: false },
      passwordHash: { type: DataTypes.STRING(255), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      lastLoginAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'admin_users', underscored: true },
  );
  Shopper.init(
    {
      id,
      openid: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      unionid: { type: DataTypes.STRING(64), allowNull: true },
      nickname: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
      avatarUrl: { type: DataTypes.STRING(512), allowNull: true },
      phone: { type: DataTypes.STRING(32), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      privacyAcceptedAt: { type: DataTypes.DATE, allowNull: true },
      privacyVersion: { type: DataTypes.STRING(16), allowNull: true },
      personalizedRecommendations: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      addressCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastLoginIp: { type: DataTypes.STRING(64), allowNull: true },
      lastLoginAt: { type: DataTypes.DATE, allowNull: true },
      deletedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'shoppers', underscored: true },
  );
  ShopperAddress.init(
    {
      id,
      shopperId: { type: DataTypes.BIGINT, allowNull: false },
      name: { type: DataTypes.STRING(32), allowNull: false },
      phone: { type: DataTypes.STRING(32), allowNull: false },
      province: { type: DataTypes.STRING(32), allowNull: false },
      city: { type: DataTypes.STRING(32), allowNull: false },
      district: { type: DataTypes.STRING(32), allowNull: false, defaultValue: '' },
      detail: { type: DataTypes.STRING(200), allowNull: false },
      defaultMarker: { type: DataTypes.BOOLEAN, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'shopper_addresses', underscored: true },
  );
  PrivacyConsent.init(
    {
      id,
      shopperId: { type: DataTypes.BIGINT, allowNull: false },
      version: { type: DataTypes.STRING(16), allowNull: false },
      acceptedAt: { type: DataTypes.DATE(3), allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: true },
    },
    { sequelize, tableName: 'privacy_consents', underscored: true, timestamps: false },
  );
}

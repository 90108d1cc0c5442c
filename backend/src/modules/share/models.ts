import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** The share module's tables (migration 202611260011-share). */

export class ShareScene extends Model<InferAttributes<ShareScene>, InferCreationAttributes<ShareScene>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare sharerId: number;
  declare targetKind: string;
  declare targetId: string;
  declare visitCount: CreationOptional<number>;
  declare lastVisitAt: CreationOptional<Date | null>;
  declare posterKey: CreationOptional<string | null>;
  declare posterFingerprint: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ShareSettingsRow extends Model<
  InferAttributes<ShareSettingsRow>,
  InferCreationAttributes<ShareSettingsRow>
> {
  declare id: number;
  declare data: string;
  declare updatedBy: number | null;
  declare updatedAt: CreationOptional<Date>;
}

export function initShareModels(sequelize: Sequelize): void {
  const opts = (tableName: string) => ({ sequelize, tableName, underscored: true });
  ShareScene.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      code: { type: DataTypes.STRING(32), allowNull: false },
      sharerId: { type: DataTypes.BIGINT, allowNull: false },
      targetKind: { type: DataTypes.STRING(24), allowNull: false },
      targetId: { type: DataTypes.STRING(64), allowNull: false },
      visitCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastVisitAt: { type: DataTypes.DATE(3), allowNull: true },
      posterKey: { type: DataTypes.STRING(200), allowNull: true },
      posterFingerprint: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    opts('share_scenes'),
  );
  ShareSettingsRow.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true },
      data: { type: DataTypes.TEXT, allowNull: false },
      updatedBy: { type: DataTypes.BIGINT, allowNull: true },
      updatedAt: DataTypes.DATE,
    },
    { ...opts('share_settings'), createdAt: false },
  );
}

import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * marketing tables (migration 202611260006-marketing). Counters (`used_count`, `used`) change only by
 * guarded raw UPDATEs in usage.ts.
 */

export type CampaignStatus = 'enabled' | 'disabled';

export class CampaignRow extends Model<InferAttributes<CampaignRow>, InferCreationAttributes<CampaignRow>> {
  declare id: CreationOptional<number>;
  declare kind: string;
  declare name: string;
  declare description: string | null;
  declare status: CampaignStatus;
  declare priority: number;
  declare exclusive: boolean;
  declare stackGroup: string;
  declare startsAt: Date | null;
  declare endsAt: Date | null;
  declare audienceJson: string;
  declare scopeJson: string;
  declare configJson: string;
  declare totalLimit: number | null;
  declare perShopperLimit: number | null;
  declare usedCount: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CampaignShopperUse extends Model<
  InferAttributes<CampaignShopperUse>,
  InferCreationAttributes<CampaignShopperUse>
> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare shopperId: number;
  declare used: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CampaignOrderUse extends Model<
  InferAttributes<CampaignOrderUse>,
  InferCreationAttributes<CampaignOrderUse>
> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare orderId: number;
  declare shopperId: number;
  declare discount: number;
  declare status: 'counted' | 'returned';
  declare countedTotal: boolean;
  declare countedShopper: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const id = () => ({ type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true });
const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const time = () => ({ type: DataTypes.DATE(3), allowNull: true });

export function initMarketingModels(sequelize: Sequelize): void {
  const opts = (tableName: string) => ({ sequelize, tableName, underscored: true });
  const times = { createdAt: DataTypes.DATE, updatedAt: DataTypes.DATE };
  CampaignRow.init(
    {
      id: id(),
      kind: str(32),
      name: str(60),
      description: str(200, true),
      status: str(16),
      priority: { ...int(), defaultValue: 0 },
      exclusive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      stackGroup: str(32),
      startsAt: time(),
      endsAt: time(),
      audienceJson: { type: DataTypes.TEXT, allowNull: false },
      scopeJson: { type: DataTypes.TEXT, allowNull: false },
      configJson: { type: DataTypes.TEXT, allowNull: false },
      totalLimit: int(true),
      perShopperLimit: int(true),
      usedCount: { ...int(), defaultValue: 0 },
      ...times,
    },
    opts('campaigns'),
  );
  CampaignShopperUse.init(
    { id: id(), campaignId: ref(), shopperId: ref(), used: { ...int(), defaultValue: 0 }, ...times },
    opts('campaign_shopper_uses'),
  );
  CampaignOrderUse.init(
    {
      id: id(),
      campaignId: ref(),
      orderId: ref(),
      shopperId: ref(),
      discount: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      status: str(16),
      countedTotal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      countedShopper: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      ...times,
    },
    opts('campaign_order_uses'),
  );
}

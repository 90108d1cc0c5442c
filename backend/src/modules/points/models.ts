import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * The points module's tables (migration 202611260008-points). Models are for reads and inserts; every
 * balance or counter change is a guarded raw UPDATE in the service.
 */

export const LEDGER_REASONS = [
  'earn',
  'spend',
  'return_cancel',
  'return_refund',
  'clawback',
  'adjust',
  'expire',
] as const;
export type LedgerReason = (typeof LEDGER_REASONS)[number];

export class PointsBalance extends Model<
  InferAttributes<PointsBalance>,
  InferCreationAttributes<PointsBalance>
> {
  declare shopperId: number;
  declare balance: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PointsLedger extends Model<
  InferAttributes<PointsLedger>,
  InferCreationAttributes<PointsLedger>
> {
  declare id: CreationOptional<number>;
  declare shopperId: number;
  declare delta: number;
  declare balanceAfter: number;
  declare reason: LedgerReason;
  declare refType: string | null;
  declare refId: number | null;
  declare idemKey: string;
  declare note: string | null;
  declare actorId: number | null;
  declare createdAt: Date;
}

export class PointsOrderLine extends Model<
  InferAttributes<PointsOrderLine>,
  InferCreationAttributes<PointsOrderLine>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderLineId: number;
  declare shopperId: number;
  declare quantity: number;
  declare points: number;
  declare returnedUnits: CreationOptional<number>;
  declare returnedPoints: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PointsOrderEarning extends Model<
  InferAttributes<PointsOrderEarning>,
  InferCreationAttributes<PointsOrderEarning>
> {
  declare orderId: number;
  declare shopperId: number;
  declare baseAmount: number;
  declare earned: number;
  declare refundedAmount: number;
  declare clawed: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PointsOrderRefund extends Model<
  InferAttributes<PointsOrderRefund>,
  InferCreationAttributes<PointsOrderRefund>
> {
  declare id: CreationOptional<number>;
  declare refundId: number;
  declare orderId: number;
  declare shopperId: number;
  declare amount: number;
  declare createdAt: Date;
}

export class PointsSettingsRow extends Model<
  InferAttributes<PointsSettingsRow>,
  InferCreationAttributes<PointsSettingsRow>
> {
  declare id: number;
  declare enabled: boolean;
  declare pointsPerYuan: number;
  declare maxPermille: number;
  declare minPoints: number;
  declare earnPerYuan: number;
  declare updatedBy: number | null;
  declare updatedAt: CreationOptional<Date>;
}

// fresh objects per column: Sequelize writes the column name into the definition it is given
const id = () => ({ type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true });
const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const int = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
const big = () => ({ type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const time = () => ({ type: DataTypes.DATE(3), allowNull: false });

export function initPointsModels(sequelize: Sequelize): void {
  const opts = (tableName: string) => ({ sequelize, tableName, underscored: true });
  PointsBalance.init(
    {
      shopperId: { type: DataTypes.BIGINT, primaryKey: true },
      balance: big(),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    opts('points_balances'),
  );
  PointsLedger.init(
    {
      id: id(),
      shopperId: ref(),
      delta: big(),
      balanceAfter: big(),
      reason: str(16),
      refType: str(16, true),
      refId: ref(true),
      idemKey: str(96),
      note: str(200, true),
      actorId: ref(true),
      createdAt: time(),
    },
    { ...opts('points_ledger'), updatedAt: false },
  );
  PointsOrderLine.init(
    {
      id: id(),
      orderId: ref(),
      orderLineId: ref(),
      shopperId: ref(),
      quantity: int(),
      points: big(),
      returnedUnits: int(),
      returnedPoints: big(),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    opts('points_order_lines'),
  );
  PointsOrderEarning.init(
    {
      orderId: { type: DataTypes.BIGINT, primaryKey: true },
      shopperId: ref(),
      baseAmount: big(),
      earned: big(),
      refundedAmount: big(),
      clawed: big(),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    opts('points_order_earnings'),
  );
  PointsOrderRefund.init(
    {
      id: id(),
      refundId: ref(),
      orderId: ref(),
      shopperId: ref(),
      amount: big(),
      createdAt: time(),
    },
    { ...opts('points_order_refunds'), updatedAt: false },
  );
  PointsSettingsRow.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false },
      pointsPerYuan: { type: DataTypes.INTEGER, allowNull: false },
      maxPermille: { type: DataTypes.INTEGER, allowNull: false },
      minPoints: { type: DataTypes.INTEGER, allowNull: false },
      earnPerYuan: { type: DataTypes.INTEGER, allowNull: false },
      updatedBy: ref(true),
      updatedAt: DataTypes.DATE,
    },
    { ...opts('points_settings'), createdAt: false },
  );
}

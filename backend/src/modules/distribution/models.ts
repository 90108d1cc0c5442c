import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * The distribution module's tables (migration 202611260010-distribution). Models are for reads and inserts;
 * balances, statuses and counters change by guarded raw UPDATEs in the services.
 */

export type DistributorStatus = 'active' | 'frozen';
export type DistributorSource = 'everyone' | 'approval' | 'spend' | 'admin';
export type ApplicationStatus = 'pending' | 'approved' | 'rejected';
export type BindReason = 'first_touch' | 'last_touch' | 'lock_expired' | 'admin';
export const COMMISSION_STATUSES = [
  'placed',
  'pending',
  'frozen',
  'available',
  'withdrawn',
  'invalid',
  'cancelled',
] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];
export type RateSource = 'shop' | 'level' | 'product' | 'sku';
export type RateMode = 'ratio' | 'fixed' | 'none';
export const LEDGER_REASONS = [
  'commission',
  'clawback',
  'withdraw',
  'withdraw_return',
  'withdraw_paid',
  'adjust',
] as const;
export type LedgerReason = (typeof LEDGER_REASONS)[number];
export const WITHDRAWAL_STATUSES = [
  'reviewing',
  'approved',
  'transferring',
  'succeeded',
  'failed',
  'rejected',
] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

export class DistributionSettingsRow extends Model<
  InferAttributes<DistributionSettingsRow>,
  InferCreationAttributes<DistributionSettingsRow>
> {
  declare id: number;
  declare data: string;
  declare updatedBy: number | null;
  declare updatedAt: CreationOptional<Date>;
}

export class DistributionLevel extends Model<
  InferAttributes<DistributionLevel>,
  InferCreationAttributes<DistributionLevel>
> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare grade: number;
  declare level1Bps: number | null;
  declare level2Bps: number | null;
  declare minOwnSpend: number | null;
  declare minTeamSpend: number | null;
  declare minTeamOrders: number | null;
  declare minTeamSize: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Distributor extends Model<InferAttributes<Distributor>, InferCreationAttributes<Distributor>> {
  declare shopperId: number;
  declare status: DistributorStatus;
  declare levelId: number | null;
  declare source: DistributorSource;
  declare realName: string | null;
  declare phone: string | null;
  declare activatedAt: Date;
  declare frozenAt: CreationOptional<Date | null>;
  declare freezeReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class DistributionApplication extends Model<
  InferAttributes<DistributionApplication>,
  InferCreationAttributes<DistributionApplication>
> {
  declare id: CreationOptional<number>;
  declare shopperId: number;
  declare status: ApplicationStatus;
  declare realName: string | null;
  declare phone: string | null;
  declare note: string | null;
  declare reviewerId: CreationOptional<number | null>;
  declare reviewedAt: CreationOptional<Date | null>;
  declare rejectReason: CreationOptional<string | null>;
  declare openShopperId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class DistributionRelation extends Model<
  InferAttributes<DistributionRelation>,
  InferCreationAttributes<DistributionRelation>
> {
  declare shopperId: number;
  declare parentId: number | null;
  declare boundAt: Date | null;
  declare lockUntil: Date | null;
  declare sceneCode: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class DistributionBindingLog extends Model<
  InferAttributes<DistributionBindingLog>,
  InferCreationAttributes<DistributionBindingLog>
> {
  declare id: CreationOptional<number>;
  declare shopperId: number;
  declare fromParentId: number | null;
  declare toParentId: number | null;
  declare reason: BindReason;
  declare sceneCode: string | null;
  declare actorId: number | null;
  declare createdAt: Date;
}

export class DistributionOrder extends Model<
  InferAttributes<DistributionOrder>,
  InferCreationAttributes<DistributionOrder>
> {
  declare orderId: number;
  declare orderNo: string;
  declare shopperId: number;
  declare kind: string;
  declare eligible: CreationOptional<boolean>;
  declare reason: CreationOptional<string | null>;
  declare snapshotDone: CreationOptional<boolean>;
  declare goodsAmount: CreationOptional<number>;
  declare refundedGoods: CreationOptional<number>;
  declare spendCounted: CreationOptional<number>;
  declare orderCounted: CreationOptional<boolean>;
  declare placedAt: CreationOptional<Date | null>;
  declare paidAt: CreationOptional<Date | null>;
  declare receivedAt: CreationOptional<Date | null>;
  declare completedAt: CreationOptional<Date | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare thawAt: CreationOptional<Date | null>;
  declare thawedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class DistributionOrderRefund extends Model<
  InferAttributes<DistributionOrderRefund>,
  InferCreationAttributes<DistributionOrderRefund>
> {
  declare id: CreationOptional<number>;
  declare refundId: number;
  declare orderId: number;
  declare linesJson: string;
  declare goodsAmount: number;
  declare createdAt: Date;
}

export class Commission extends Model<InferAttributes<Commission>, InferCreationAttributes<Commission>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderNo: string;
  declare orderLineId: number;
  declare buyerId: number;
  declare beneficiaryId: number;
  declare level: number;
  declare productId: number;
  declare skuId: number;
  declare title: string;
  declare quantity: number;
  declare baseAmount: number;
  declare rateSource: RateSource;
  declare rateMode: RateMode;
  declare rateValue: number;
  declare amount: number;
  declare status: CommissionStatus;
  declare refundedUnits: CreationOptional<number>;
  declare refundedBase: CreationOptional<number>;
  declare invalidAmount: CreationOptional<number>;
  declare clawedAmount: CreationOptional<number>;
  declare creditedAmount: CreationOptional<number>;
  declare withdrawnAmount: CreationOptional<number>;
  declare placedAt: Date;
  declare paidAt: CreationOptional<Date | null>;
  declare frozenAt: CreationOptional<Date | null>;
  declare availableAt: CreationOptional<Date | null>;
  declare invalidAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class DistributionAccount extends Model<
  InferAttributes<DistributionAccount>,
  InferCreationAttributes<DistributionAccount>
> {
  declare distributorId: number;
  declare balance: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class DistributionLedger extends Model<
  InferAttributes<DistributionLedger>,
  InferCreationAttributes<DistributionLedger>
> {
  declare id: CreationOptional<number>;
  declare distributorId: number;
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

export class Withdrawal extends Model<InferAttributes<Withdrawal>, InferCreationAttributes<Withdrawal>> {
  declare id: CreationOptional<number>;
  declare withdrawalNo: string;
  declare distributorId: number;
  declare amount: number;
  declare fee: number;
  declare netAmount: number;
  declare channel: 'wechat';
  declare status: WithdrawalStatus;
  declare shopDay: string;
  declare openid: string;
  declare transferBillNo: CreationOptional<string | null>;
  declare transferState: CreationOptional<string | null>;
  declare packageInfo: CreationOptional<string | null>;
  declare failReason: CreationOptional<string | null>;
  declare rejectReason: CreationOptional<string | null>;
  declare reviewerId: CreationOptional<number | null>;
  declare reviewedAt: CreationOptional<Date | null>;
  declare transferStartedAt: CreationOptional<Date | null>;
  declare confirmDeadline: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class TransferNotification extends Model<
  InferAttributes<TransferNotification>,
  InferCreationAttributes<TransferNotification>
> {
  declare id: CreationOptional<number>;
  declare eventId: string;
  declare eventType: string;
  declare outBillNo: string | null;
  declare outcome: string;
  declare resource: string;
  declare receivedAt: Date;
}

export class SandboxTransfer extends Model<
  InferAttributes<SandboxTransfer>,
  InferCreationAttributes<SandboxTransfer>
> {
  declare outBillNo: string;
  declare transferBillNo: string;
  declare openid: string;
  declare amount: number;
  declare state: string;
  declare failReason: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ProductRate extends Model<InferAttributes<ProductRate>, InferCreationAttributes<ProductRate>> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare skuId: number;
  declare level1Mode: RateMode;
  declare level1Value: number;
  declare level2Mode: RateMode;
  declare level2Value: number;
  declare updatedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

// fresh objects per column: Sequelize writes the column name into the definition it is given
const id = () => ({ type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true });
const key = () => ({ type: DataTypes.BIGINT, primaryKey: true });
const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const int = (allowNull = false) => ({
  type: DataTypes.INTEGER,
  allowNull,
  ...(allowNull ? {} : { defaultValue: 0 }),
});
const fen = (allowNull = false) => ({
  type: DataTypes.BIGINT,
  allowNull,
  ...(allowNull ? {} : { defaultValue: 0 }),
});
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const time = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const bool = () => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
const stamps = () => ({ createdAt: DataTypes.DATE, updatedAt: DataTypes.DATE });

export function initDistributionModels(sequelize: Sequelize): void {
  const opts = (tableName: string) => ({ sequelize, tableName, underscored: true });
  DistributionSettingsRow.init(
    {
      id: key(),
      data: { type: DataTypes.TEXT, allowNull: false },
      updatedBy: ref(true),
      updatedAt: DataTypes.DATE,
    },
    { ...opts('distribution_settings'), createdAt: false },
  );
  DistributionLevel.init(
    {
      id: id(),
      name: str(32),
      grade: int(),
      level1Bps: int(true),
      level2Bps: int(true),
      minOwnSpend: fen(true),
      minTeamSpend: fen(true),
      minTeamOrders: int(true),
      minTeamSize: int(true),
      ...stamps(),
    },
    opts('distribution_levels'),
  );
  Distributor.init(
    {
      shopperId: key(),
      status: str(16),
      levelId: ref(true),
      source: str(16),
      realName: str(32, true),
      phone: str(20, true),
      activatedAt: time(false),
      frozenAt: time(),
      freezeReason: str(200, true),
      ...stamps(),
    },
    opts('distribution_distributors'),
  );
  DistributionApplication.init(
    {
      id: id(),
      shopperId: ref(),
      status: str(16),
      realName: str(32, true),
      phone: str(20, true),
      note: str(200, true),
      reviewerId: ref(true),
      reviewedAt: time(),
      rejectReason: str(200, true),
      openShopperId: ref(true),
      ...stamps(),
    },
    opts('distribution_applications'),
  );
  DistributionRelation.init(
    {
      shopperId: key(),
      parentId: ref(true),
      boundAt: time(),
      lockUntil: time(),
      sceneCode: str(32, true),
      ...stamps(),
    },
    opts('distribution_relations'),
  );
  DistributionBindingLog.init(
    {
      id: id(),
      shopperId: ref(),
      fromParentId: ref(true),
      toParentId: ref(true),
      reason: str(16),
      sceneCode: str(32, true),
      actorId: ref(true),
      createdAt: time(false),
    },
    { ...opts('distribution_binding_logs'), updatedAt: false },
  );
  DistributionOrder.init(
    {
      orderId: key(),
      orderNo: str(32),
      shopperId: ref(),
      kind: str(16),
      eligible: bool(),
      reason: str(24, true),
      snapshotDone: bool(),
      goodsAmount: fen(),
      refundedGoods: fen(),
      spendCounted: fen(),
      orderCounted: bool(),
      placedAt: time(),
      paidAt: time(),
      receivedAt: time(),
      completedAt: time(),
      cancelledAt: time(),
      thawAt: time(),
      thawedAt: time(),
      ...stamps(),
    },
    opts('distribution_orders'),
  );
  DistributionOrderRefund.init(
    {
      id: id(),
      refundId: ref(),
      orderId: ref(),
      linesJson: { type: DataTypes.TEXT, allowNull: false },
      goodsAmount: fen(),
      createdAt: time(false),
    },
    { ...opts('distribution_order_refunds'), updatedAt: false },
  );
  Commission.init(
    {
      id: id(),
      orderId: ref(),
      orderNo: str(32),
      orderLineId: ref(),
      buyerId: ref(),
      beneficiaryId: ref(),
      level: { type: DataTypes.TINYINT, allowNull: false },
      productId: ref(),
      skuId: ref(),
      title: str(200),
      quantity: int(),
      baseAmount: fen(),
      rateSource: str(8),
      rateMode: str(8),
      rateValue: int(),
      amount: fen(),
      status: str(16),
      refundedUnits: int(),
      refundedBase: fen(),
      invalidAmount: fen(),
      clawedAmount: fen(),
      creditedAmount: fen(),
      withdrawnAmount: fen(),
      placedAt: time(false),
      paidAt: time(),
      frozenAt: time(),
      availableAt: time(),
      invalidAt: time(),
      ...stamps(),
    },
    opts('distribution_commissions'),
  );
  DistributionAccount.init(
    { distributorId: key(), balance: fen(), ...stamps() },
    opts('distribution_accounts'),
  );
  DistributionLedger.init(
    {
      id: id(),
      distributorId: ref(),
      delta: fen(),
      balanceAfter: fen(),
      reason: str(16),
      refType: str(16, true),
      refId: ref(true),
      idemKey: str(96),
      note: str(200, true),
      actorId: ref(true),
      createdAt: time(false),
    },
    { ...opts('distribution_ledger'), updatedAt: false },
  );
  Withdrawal.init(
    {
      id: id(),
      withdrawalNo: str(32),
      distributorId: ref(),
      amount: fen(),
      fee: fen(),
      netAmount: fen(),
      channel: str(16),
      status: str(16),
      shopDay: str(10),
      openid: str(64),
      transferBillNo: str(64, true),
      transferState: str(24, true),
      packageInfo: { type: DataTypes.TEXT, allowNull: true },
      failReason: str(200, true),
      rejectReason: str(200, true),
      reviewerId: ref(true),
      reviewedAt: time(),
      transferStartedAt: time(),
      confirmDeadline: time(),
      finishedAt: time(),
      ...stamps(),
    },
    opts('distribution_withdrawals'),
  );
  TransferNotification.init(
    {
      id: id(),
      eventId: str(64),
      eventType: str(40),
      outBillNo: str(32, true),
      outcome: str(24),
      resource: { type: DataTypes.TEXT, allowNull: false },
      receivedAt: time(false),
    },
    { ...opts('distribution_transfer_notifications'), timestamps: false },
  );
  SandboxTransfer.init(
    {
      outBillNo: { type: DataTypes.STRING(32), primaryKey: true },
      transferBillNo: str(64),
      openid: str(64),
      amount: fen(),
      state: str(24),
      failReason: str(200, true),
      ...stamps(),
    },
    opts('distribution_sandbox_transfers'),
  );
  ProductRate.init(
    {
      id: id(),
      productId: ref(),
      skuId: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      level1Mode: str(8),
      level1Value: int(),
      level2Mode: str(8),
      level2Value: int(),
      updatedBy: ref(true),
      ...stamps(),
    },
    opts('distribution_product_rates'),
  );
}

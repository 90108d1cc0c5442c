import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * The coupon module's tables (migration 202611260007-coupon). Models are for reads and inserts; every status
 * and counter change (remaining, issued, instance states, codes) is a guarded raw UPDATE in the services.
 */

export const COUPON_KINDS = ['amount_off', 'percent_off', 'free_shipping'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

export const CHANNELS = ['claim_center', 'new_user', 'merchant_grant', 'system', 'redemption_code'] as const;
export type Channel = (typeof CHANNELS)[number];

export const INSTANCE_STATES = ['unused', 'locked', 'used', 'expired'] as const;
export type InstanceStatus = (typeof INSTANCE_STATES)[number];

export type TemplateStatus = 'enabled' | 'disabled';
export type ScopeMode = 'all' | 'include' | 'exclude';

export class CouponTemplate extends Model<
  InferAttributes<CouponTemplate>,
  InferCreationAttributes<CouponTemplate>
> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare description: string;
  declare kind: CouponKind;
  declare threshold: number;
  declare amountOff: number;
  declare discountPermille: number;
  declare maxDiscount: number | null;
  declare scopeMode: ScopeMode;
  /** JSON arrays of ids */
  declare scopeProductIds: string;
  declare scopeCategoryIds: string;
  declare validityType: 'absolute' | 'relative';
  declare validFrom: Date | null;
  declare validTo: Date | null;
  declare validDays: number | null;
  declare windowsJson: string;
  declare totalQuantity: number | null;
  declare remaining: number | null;
  declare issuedCount: CreationOptional<number>;
  declare perUserLimit: number;
  declare channelsJson: string;
  declare stackable: boolean;
  declare allowActivityLines: boolean;
  declare returnOnRefund: boolean;
  declare status: TemplateStatus;
  declare claimStartsAt: Date | null;
  declare claimEndsAt: Date | null;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CouponInstance extends Model<
  InferAttributes<CouponInstance>,
  InferCreationAttributes<CouponInstance>
> {
  declare id: CreationOptional<number>;
  declare templateId: number;
  declare shopperId: number;
  declare seq: number;
  declare channel: Channel;
  declare status: InstanceStatus;
  declare validFrom: Date;
  declare validTo: Date;
  declare idempotencyKey: string | null;
  declare codeId: number | null;
  declare orderId: CreationOptional<number | null>;
  declare discountAmount: CreationOptional<number>;
  declare lockedAt: CreationOptional<Date | null>;
  declare usedAt: CreationOptional<Date | null>;
  declare returnedAt: CreationOptional<Date | null>;
  declare expiredAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CouponCodeBatch extends Model<
  InferAttributes<CouponCodeBatch>,
  InferCreationAttributes<CouponCodeBatch>
> {
  declare id: CreationOptional<number>;
  declare templateId: number;
  declare name: string;
  declare quantity: number;
  declare redeemedCount: CreationOptional<number>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CouponCode extends Model<InferAttributes<CouponCode>, InferCreationAttributes<CouponCode>> {
  declare id: CreationOptional<number>;
  declare batchId: number;
  declare templateId: number;
  declare code: string;
  declare status: 'unused' | 'redeemed';
  declare shopperId: CreationOptional<number | null>;
  declare instanceId: CreationOptional<number | null>;
  declare redeemedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

// fresh objects per column: Sequelize writes the column name into the definition it is given
const id = () => ({ type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true });
const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const fen = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const text = () => ({ type: DataTypes.TEXT, allowNull: false });
const flag = () => ({ type: DataTypes.BOOLEAN, allowNull: false });
const time = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const stamps = () => ({ createdAt: time(false), updatedAt: time(false) });

export function initCouponModels(sequelize: Sequelize): void {
  const opts = (tableName: string) => ({ sequelize, tableName, underscored: true });
  CouponTemplate.init(
    {
      id: id(),
      name: str(32),
      description: str(200),
      kind: str(16),
      threshold: fen(),
      amountOff: fen(),
      discountPermille: int(),
      maxDiscount: fen(true),
      scopeMode: str(8),
      scopeProductIds: text(),
      scopeCategoryIds: text(),
      validityType: str(8),
      validFrom: time(),
      validTo: time(),
      validDays: int(true),
      windowsJson: text(),
      totalQuantity: int(true),
      remaining: int(true),
      issuedCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      perUserLimit: int(),
      channelsJson: str(200),
      stackable: flag(),
      allowActivityLines: flag(),
      returnOnRefund: flag(),
      status: str(16),
      claimStartsAt: time(),
      claimEndsAt: time(),
      createdBy: ref(true),
      ...stamps(),
    },
    opts('coupon_templates'),
  );
  CouponInstance.init(
    {
      id: id(),
      templateId: ref(),
      shopperId: ref(),
      seq: int(),
      channel: str(16),
      status: str(16),
      validFrom: time(false),
      validTo: time(false),
      idempotencyKey: str(96, true),
      codeId: ref(true),
      orderId: ref(true),
      discountAmount: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      lockedAt: time(),
      usedAt: time(),
      returnedAt: time(),
      expiredAt: time(),
      ...stamps(),
    },
    opts('coupon_instances'),
  );
  CouponCodeBatch.init(
    {
      id: id(),
      templateId: ref(),
      name: str(64),
      quantity: int(),
      redeemedCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdBy: ref(true),
      ...stamps(),
    },
    opts('coupon_code_batches'),
  );
  CouponCode.init(
    {
      id: id(),
      batchId: ref(),
      templateId: ref(),
      code: str(16),
      status: str(16),
      shopperId: ref(true),
      instanceId: ref(true),
      redeemedAt: time(),
      createdAt: time(false),
    },
    { ...opts('coupon_codes'), updatedAt: false },
  );
}

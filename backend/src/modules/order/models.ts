import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ProductKind } from './ports';
import type { AfterSaleStatus, OrderStatus } from './state';

/**
 * The order module's tables (migration 202611260005-order). Models are for reads and inserts; every status
 * or counter change is a guarded raw UPDATE in the services.
 */

export type ShippingUploadStatus = 'not_required' | 'pending' | 'uploaded' | 'failed';
export type AfterSaleType = 'refund_only' | 'return_refund';

export class CartItem extends Model<InferAttributes<CartItem>, InferCreationAttributes<CartItem>> {
  declare id: CreationOptional<number>;
  declare shopperId: number;
  declare skuId: number;
  declare quantity: number;
  declare selected: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Order extends Model<InferAttributes<Order>, InferCreationAttributes<Order>> {
  declare id: CreationOptional<number>;
  declare orderNo: string;
  declare shopperId: number;
  declare kind: ProductKind;
  declare status: OrderStatus;
  declare source: 'cart' | 'direct';
  declare goodsAmount: number;
  declare freightAmount: number;
  declare discountAmount: number;
  declare payAmount: number;
  /** Σ list price × quantity: what the goods cost before any member, activity or promotion price */
  declare listAmount: CreationOptional<number>;
  /** the free-shipping saving; freightAmount is what is charged */
  declare freightDiscount: CreationOptional<number>;
  declare pointsUsed: CreationOptional<number>;
  declare pointsAmount: CreationOptional<number>;
  declare refundReservedAmount: CreationOptional<number>;
  declare refundedAmount: CreationOptional<number>;
  declare unitCount: number;
  declare addressJson: string | null;
  declare remark: string | null;
  declare merchantRemark: CreationOptional<string | null>;
  declare idempotencyKey: string;
  declare requestHash: string;
  declare riskHeld: CreationOptional<boolean>;
  declare expiresAt: Date;
  declare paidAt: CreationOptional<Date | null>;
  declare shippedAt: CreationOptional<Date | null>;
  declare receivedAt: CreationOptional<Date | null>;
  declare aftersaleUntil: CreationOptional<Date | null>;
  declare completedAt: CreationOptional<Date | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare cancelReason: CreationOptional<string | null>;
  declare paymentId: CreationOptional<number | null>;
  declare payProvider: CreationOptional<string | null>;
  declare transactionId: CreationOptional<string | null>;
  declare packageCount: CreationOptional<number>;
  declare shippingUploadStatus: CreationOptional<ShippingUploadStatus>;
  declare shippingUploadError: CreationOptional<string | null>;
  declare shippingUploadedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OrderLine extends Model<InferAttributes<OrderLine>, InferCreationAttributes<OrderLine>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare skuId: number;
  declare productId: number;
  declare kind: ProductKind;
  declare title: string;
  declare specText: string;
  declare specsJson: string | null;
  declare image: string | null;
  declare unitPrice: number;
  declare costPrice: number;
  declare quantity: number;
  declare weightGrams: number;
  declare freightTemplateId: number | null;
  declare goodsAmount: number;
  declare discountAmount: number;
  declare payAmount: number;
  declare listPrice: CreationOptional<number>;
  declare pointsAmount: CreationOptional<number>;
  /** a 0-fen gift line (满赠) added by this campaign */
  declare giftCampaignId: CreationOptional<number | null>;
  declare commissionJson: CreationOptional<string | null>;
  declare shippedQuantity: CreationOptional<number>;
  declare cancelledQuantity: CreationOptional<number>;
  declare aftersaleQuantity: CreationOptional<number>;
  declare refundCommittedQuantity: CreationOptional<number>;
  declare refundedQuantity: CreationOptional<number>;
  declare refundedAmount: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OrderPackage extends Model<
  InferAttributes<OrderPackage>,
  InferCreationAttributes<OrderPackage>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare carrier: string;
  declare trackingNo: string;
  declare shippedBy: number | null;
  declare shippedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OrderPackageLine extends Model<
  InferAttributes<OrderPackageLine>,
  InferCreationAttributes<OrderPackageLine>
> {
  declare id: CreationOptional<number>;
  declare packageId: number;
  declare orderId: number;
  declare orderLineId: number;
  declare quantity: number;
}

export class OrderLog extends Model<InferAttributes<OrderLog>, InferCreationAttributes<OrderLog>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare action: string;
  declare fromStatus: string | null;
  declare toStatus: string | null;
  declare actorKind: string;
  declare actorId: number | null;
  declare note: string | null;
  declare createdAt: Date;
}

/** What pricing did to an order, per line (the freight saving has no line); refunds and commission read it. */
export class OrderAdjustment extends Model<
  InferAttributes<OrderAdjustment>,
  InferCreationAttributes<OrderAdjustment>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderLineId: number | null;
  declare sourceType: string;
  declare sourceId: number | null;
  declare kind: string;
  declare name: string;
  declare stage: string;
  declare target: string;
  declare amount: number;
  declare pointsUsed: number | null;
  declare createdAt: CreationOptional<Date>;
}

export class AfterSale extends Model<InferAttributes<AfterSale>, InferCreationAttributes<AfterSale>> {
  declare id: CreationOptional<number>;
  declare afterSaleNo: string;
  declare orderId: number;
  declare orderLineId: number;
  declare shopperId: number;
  declare type: AfterSaleType;
  declare status: AfterSaleStatus;
  declare quantity: number;
  declare amount: number;
  declare freightAmount: CreationOptional<number>;
  declare restockQuantity: CreationOptional<number>;
  declare openLineId: number | null;
  declare reason: string;
  declare description: string | null;
  declare photosJson: string | null;
  declare rejectReason: CreationOptional<string | null>;
  declare returnCarrier: CreationOptional<string | null>;
  declare returnTrackingNo: CreationOptional<string | null>;
  declare restock: CreationOptional<boolean | null>;
  declare refundNo: CreationOptional<string | null>;
  declare refundId: CreationOptional<number | null>;
  declare handledBy: CreationOptional<number | null>;
  declare requestedAt: Date;
  declare approvedAt: CreationOptional<Date | null>;
  declare returnedAt: CreationOptional<Date | null>;
  declare refundStartedAt: CreationOptional<Date | null>;
  declare refundedAt: CreationOptional<Date | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OrderInvoice extends Model<
  InferAttributes<OrderInvoice>,
  InferCreationAttributes<OrderInvoice>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare shopperId: number;
  declare type: 'personal' | 'company';
  declare title: string;
  declare taxId: string | null;
  declare email: string;
  declare amount: number;
  declare status: 'requested' | 'issued';
  declare fileKey: CreationOptional<string | null>;
  declare invoiceNo: CreationOptional<string | null>;
  declare issuedBy: CreationOptional<number | null>;
  declare issuedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OrderSettingsRow extends Model<
  InferAttributes<OrderSettingsRow>,
  InferCreationAttributes<OrderSettingsRow>
> {
  declare id: number;
  declare unpaidTimeoutMinutes: number;
  declare autoReceiveDays: number;
  declare aftersaleWindowDays: number;
  declare serviceApprovalLimit: number;
  declare updatedBy: number | null;
  declare updatedAt: CreationOptional<Date>;
}

// fresh objects per column: Sequelize writes the column name into the definition it is given
const id = () => ({ type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true });
const ref = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
const int = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
const fen = () => ({ type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });
const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
const time = (allowNull = true) => ({ type: DataTypes.DATE(3), allowNull });
const stamps = () => ({ createdAt: DataTypes.DATE, updatedAt: DataTypes.DATE });

export function initOrderModels(sequelize: Sequelize): void {
  const opts = (tableName: string) => ({ sequelize, tableName, underscored: true });
  CartItem.init(
    {
      id: id(),
      shopperId: ref(),
      skuId: ref(),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      selected: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...stamps(),
    },
    opts('cart_items'),
  );
  Order.init(
    {
      id: id(),
      orderNo: str(32),
      shopperId: ref(),
      kind: str(16),
      status: str(24),
      source: str(8),
      goodsAmount: fen(),
      freightAmount: fen(),
      discountAmount: fen(),
      payAmount: fen(),
      listAmount: fen(),
      freightDiscount: fen(),
      pointsUsed: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      pointsAmount: fen(),
      refundReservedAmount: fen(),
      refundedAmount: fen(),
      unitCount: int(),
      addressJson: { type: DataTypes.TEXT, allowNull: true },
      remark: str(200, true),
      merchantRemark: str(500, true),
      idempotencyKey: str(64),
      requestHash: str(64),
      riskHeld: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      expiresAt: time(false),
      paidAt: time(),
      shippedAt: time(),
      receivedAt: time(),
      aftersaleUntil: time(),
      completedAt: time(),
      cancelledAt: time(),
      cancelReason: str(16, true),
      paymentId: ref(true),
      payProvider: str(16, true),
      transactionId: str(64, true),
      packageCount: int(),
      shippingUploadStatus: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'not_required' },
      shippingUploadError: str(500, true),
      shippingUploadedAt: time(),
      ...stamps(),
    },
    opts('orders'),
  );
  OrderLine.init(
    {
      id: id(),
      orderId: ref(),
      skuId: ref(),
      productId: ref(),
      kind: str(16),
      title: str(200),
      specText: str(200),
      specsJson: { type: DataTypes.TEXT, allowNull: true },
      image: str(512, true),
      unitPrice: fen(),
      costPrice: fen(),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      weightGrams: int(),
      freightTemplateId: ref(true),
      goodsAmount: fen(),
      discountAmount: fen(),
      payAmount: fen(),
      listPrice: fen(),
      pointsAmount: fen(),
      giftCampaignId: { type: DataTypes.BIGINT, allowNull: true },
      commissionJson: { type: DataTypes.TEXT, allowNull: true },
      shippedQuantity: int(),
      cancelledQuantity: int(),
      aftersaleQuantity: int(),
      refundCommittedQuantity: int(),
      refundedQuantity: int(),
      refundedAmount: fen(),
      ...stamps(),
    },
    opts('order_lines'),
  );
  OrderPackage.init(
    {
      id: id(),
      orderId: ref(),
      carrier: str(32),
      trackingNo: str(64),
      shippedBy: ref(true),
      shippedAt: time(false),
      ...stamps(),
    },
    opts('order_packages'),
  );
  OrderPackageLine.init(
    {
      id: id(),
      packageId: ref(),
      orderId: ref(),
      orderLineId: ref(),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
    },
    { ...opts('order_package_lines'), timestamps: false },
  );
  OrderLog.init(
    {
      id: id(),
      orderId: ref(),
      action: str(48),
      fromStatus: str(24, true),
      toStatus: str(24, true),
      actorKind: str(16),
      actorId: ref(true),
      note: str(500, true),
      createdAt: time(false),
    },
    { ...opts('order_logs'), updatedAt: false },
  );
  OrderAdjustment.init(
    {
      id: id(),
      orderId: ref(),
      orderLineId: ref(true),
      sourceType: str(16),
      sourceId: ref(true),
      kind: str(32),
      name: str(60),
      stage: str(16),
      target: str(8),
      amount: fen(),
      pointsUsed: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: time(false),
    },
    { ...opts('order_adjustments'), updatedAt: false },
  );
  AfterSale.init(
    {
      id: id(),
      afterSaleNo: str(32),
      orderId: ref(),
      orderLineId: ref(),
      shopperId: ref(),
      type: str(16),
      status: str(16),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      amount: fen(),
      freightAmount: fen(),
      restockQuantity: int(),
      openLineId: ref(true),
      reason: str(200),
      description: str(500, true),
      photosJson: { type: DataTypes.TEXT, allowNull: true },
      rejectReason: str(200, true),
      returnCarrier: str(32, true),
      returnTrackingNo: str(64, true),
      restock: { type: DataTypes.BOOLEAN, allowNull: true },
      refundNo: str(40, true),
      refundId: ref(true),
      handledBy: ref(true),
      requestedAt: time(false),
      approvedAt: time(),
      returnedAt: time(),
      refundStartedAt: time(),
      refundedAt: time(),
      closedAt: time(),
      ...stamps(),
    },
    opts('after_sales'),
  );
  OrderInvoice.init(
    {
      id: id(),
      orderId: ref(),
      shopperId: ref(),
      type: str(16),
      title: str(100),
      taxId: str(32, true),
      email: str(128),
      amount: fen(),
      status: str(16),
      fileKey: str(255, true),
      invoiceNo: str(32, true),
      issuedBy: ref(true),
      issuedAt: time(),
      ...stamps(),
    },
    opts('order_invoices'),
  );
  OrderSettingsRow.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true },
      unpaidTimeoutMinutes: { type: DataTypes.INTEGER, allowNull: false },
      autoReceiveDays: { type: DataTypes.INTEGER, allowNull: false },
      aftersaleWindowDays: { type: DataTypes.INTEGER, allowNull: false },
      serviceApprovalLimit: fen(),
      updatedBy: ref(true),
      updatedAt: DataTypes.DATE,
    },
    { ...opts('order_settings'), createdAt: false },
  );
}

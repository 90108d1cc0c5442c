import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type PaymentStatus = 'created' | 'paid' | 'closed' | 'refunded_partially' | 'refunded';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';
/** 'order': asked for by the order module; 'auto': a rejected (late) payment refunded by this module */
export type RefundSource = 'order' | 'auto';

export class Payment extends Model<InferAttributes<Payment>, InferCreationAttributes<Payment>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderNo: string;
  declare outTradeNo: string;
  declare provider: 'wechatpay' | 'sandbox';
  declare amount: number;
  declare description: string;
  declare payerOpenid: string;
  declare payerShopperId: number | null;
  declare profitSharing: boolean;
  declare expiresAt: Date;
  declare status: CreationOptional<PaymentStatus>;
  declare openOrderId: number | null;
  declare transactionId: CreationOptional<string | null>;
  declare paidAt: CreationOptional<Date | null>;
  /** the order module's answer to onPaid */
  declare outcome: CreationOptional<'accepted' | 'rejected' | null>;
  declare rejectReason: CreationOptional<string | null>;
  /** pending + succeeded refunds: the guard that keeps refunds within the amount */
  declare refundReserved: CreationOptional<number>;
  declare refundedAmount: CreationOptional<number>;
  declare notifySnapshot: CreationOptional<string | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PaymentRefund extends Model<
  InferAttributes<PaymentRefund>,
  InferCreationAttributes<PaymentRefund>
> {
  declare id: CreationOptional<number>;
  declare paymentId: number;
  declare orderId: number;
  declare outRefundNo: string;
  declare amount: number;
  declare reason: string;
  declare source: RefundSource;
  declare status: CreationOptional<RefundStatus>;
  declare providerRefundId: CreationOptional<string | null>;
  declare submittedAt: CreationOptional<Date | null>;
  declare acceptedAt: CreationOptional<Date | null>;
  declare succeededAt: CreationOptional<Date | null>;
  declare failureReason: CreationOptional<string | null>;
  declare attempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PaymentNotification extends Model<
  InferAttributes<PaymentNotification>,
  InferCreationAttributes<PaymentNotification>
> {
  declare id: CreationOptional<number>;
  declare eventId: string;
  declare eventType: string;
  declare subject: string | null;
  declare outcome: string;
  declare resource: string | null;
  declare receivedAt: Date;
}

export class ReconciliationRun extends Model<
  InferAttributes<ReconciliationRun>,
  InferCreationAttributes<ReconciliationRun>
> {
  declare id: CreationOptional<number>;
  declare billDate: string;
  declare provider: string;
  declare status: 'done' | 'failed';
  declare triggerKind: 'cron' | 'admin';
  declare actorId: number | null;
  declare providerRows: number;
  declare localRows: number;
  declare differenceCount: number;
  declare error: string | null;
  declare startedAt: Date;
  declare finishedAt: Date;
}

export class ReconciliationDiff extends Model<
  InferAttributes<ReconciliationDiff>,
  InferCreationAttributes<ReconciliationDiff>
> {
  declare id: CreationOptional<number>;
  declare runId: number;
  declare kind: string;
  declare subject: string;
  declare outTradeNo: string | null;
  declare outRefundNo: string | null;
  declare localAmount: number | null;
  declare providerAmount: number | null;
  declare localStatus: string | null;
  declare providerStatus: string | null;
  declare note: string | null;
}

/** The sandbox provider's own state: WeChat Pay's side of each trade and refund, and its keys. */
export class SandboxKey extends Model<InferAttributes<SandboxKey>, InferCreationAttributes<SandboxKey>> {
  declare id: number;
  declare privateKey: string;
  declare serial: string;
  declare apiv3Key: string;
  declare createdAt: Date;
}

export class SandboxTrade extends Model<
  InferAttributes<SandboxTrade>,
  InferCreationAttributes<SandboxTrade>
> {
  declare id: CreationOptional<number>;
  declare outTradeNo: string;
  declare transactionId: CreationOptional<string | null>;
  declare amount: number;
  declare description: string;
  declare payerOpenid: string;
  declare state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  declare expiresAt: Date;
  declare successTime: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SandboxRefund extends Model<
  InferAttributes<SandboxRefund>,
  InferCreationAttributes<SandboxRefund>
> {
  declare id: CreationOptional<number>;
  declare outRefundNo: string;
  declare refundId: string;
  declare outTradeNo: string;
  declare transactionId: string;
  declare amount: number;
  declare total: number;
  declare reason: string;
  declare status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  declare successTime: CreationOptional<Date | null>;
  declare createdAt: Date;
  declare updatedAt: CreationOptional<Date>;
}

export function initPaymentModels(sequelize: Sequelize) {
  // fresh objects each time: Sequelize writes the column name into the definition it is given
  const id = () => ({ type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true });
  const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
  const time = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
  const big = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });
  const int = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  const text = () => ({ type: DataTypes.TEXT, allowNull: true });
  const stamps = () => ({ createdAt: time(), updatedAt: time() });

  Payment.init(
    {
      id: id(),
      orderId: big(),
      orderNo: str(64),
      outTradeNo: str(32),
      provider: str(16),
      amount: big(),
      description: str(128),
      payerOpenid: str(64),
      payerShopperId: big(true),
      profitSharing: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      expiresAt: time(),
      status: { ...str(24), defaultValue: 'created' },
      openOrderId: big(true),
      transactionId: str(64, true),
      paidAt: time(true),
      outcome: str(16, true),
      rejectReason: str(64, true),
      refundReserved: { ...big(), defaultValue: 0 },
      refundedAmount: { ...big(), defaultValue: 0 },
      notifySnapshot: text(),
      closedAt: time(true),
      ...stamps(),
    },
    { sequelize, tableName: 'payments', underscored: true },
  );
  PaymentRefund.init(
    {
      id: id(),
      paymentId: big(),
      orderId: big(),
      outRefundNo: str(64),
      amount: big(),
      reason: str(80),
      source: str(16),
      status: { ...str(16), defaultValue: 'pending' },
      providerRefundId: str(64, true),
      submittedAt: time(true),
      acceptedAt: time(true),
      succeededAt: time(true),
      failureReason: str(255, true),
      attempts: int(),
      lastError: text(),
      ...stamps(),
    },
    { sequelize, tableName: 'payment_refunds', underscored: true },
  );
  PaymentNotification.init(
    {
      id: id(),
      eventId: str(64),
      eventType: str(32),
      subject: str(64, true),
      outcome: str(24),
      resource: text(),
      receivedAt: time(),
    },
    { sequelize, tableName: 'payment_notifications', underscored: true, timestamps: false },
  );
  ReconciliationRun.init(
    {
      id: id(),
      billDate: str(10),
      provider: str(16),
      status: str(16),
      triggerKind: str(16),
      actorId: big(true),
      providerRows: int(),
      localRows: int(),
      differenceCount: int(),
      error: text(),
      startedAt: time(),
      finishedAt: time(),
    },
    { sequelize, tableName: 'payment_reconciliation_runs', underscored: true, timestamps: false },
  );
  ReconciliationDiff.init(
    {
      id: id(),
      runId: big(),
      kind: str(24),
      subject: str(16),
      outTradeNo: str(32, true),
      outRefundNo: str(64, true),
      localAmount: big(true),
      providerAmount: big(true),
      localStatus: str(24, true),
      providerStatus: str(24, true),
      note: str(255, true),
    },
    { sequelize, tableName: 'payment_reconciliation_diffs', underscored: true, timestamps: false },
  );
  SandboxKey.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true },
      privateKey: { type: DataTypes.TEXT, allowNull: false },
      serial: str(64),
      apiv3Key: { ...str(32), field: 'apiv3_key' },
      createdAt: time(),
    },
    { sequelize, tableName: 'payment_sandbox_keys', underscored: true, updatedAt: false },
  );
  SandboxTrade.init(
    {
      id: id(),
      outTradeNo: str(32),
      transactionId: str(32, true),
      amount: big(),
      description: str(128),
      payerOpenid: str(64),
      state: str(16),
      expiresAt: time(),
      successTime: time(true),
      ...stamps(),
    },
    { sequelize, tableName: 'payment_sandbox_trades', underscored: true },
  );
  SandboxRefund.init(
    {
      id: id(),
      outRefundNo: str(64),
      refundId: str(32),
      outTradeNo: str(32),
      transactionId: str(32),
      amount: big(),
      total: big(),
      reason: str(80),
      status: str(16),
      successTime: time(true),
      ...stamps(),
    },
    { sequelize, tableName: 'payment_sandbox_refunds', underscored: true },
  );
}

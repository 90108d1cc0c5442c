import type { Tx } from '../../platform/db/tx';
import type { PricingService } from '../marketing';

/**
 * What the order module needs from its neighbours, written down once. `index.ts` assigns the real services
 * to these types, so the compiler checks that catalog, payment and accounts still offer them.
 */

export type ProductKind = 'physical' | 'virtual' | 'local_service';

export interface SkuSnapshot {
  skuId: number;
  productId: number;
  productTitle: string;
  /** the product's category and its parent */
  categoryIds: number[];
  kind: ProductKind;
  specs: unknown;
  specText: string;
  price: number;
  costPrice: number;
  weightGrams: number;
  image: string | null;
  freightTemplateId: number | null;
  onSale: boolean;
  stock: number;
}

export interface FreightLine {
  freightTemplateId: number | null;
  quantity: number;
  /** of one unit */
  weightGrams: number;
  /** of the line (all units), for free-over-amount thresholds */
  amount: number;
  kind: ProductKind;
}

export interface CatalogPort {
  getSkus(skuIds: number[], tx?: Tx): Promise<SkuSnapshot[]>;
  /** guarded `stock = stock - qty WHERE stock >= qty`; false when not enough */
  reserveStock(tx: Tx, skuId: number, qty: number): Promise<boolean>;
  releaseStock(tx: Tx, skuId: number, qty: number): Promise<void>;
  /** negative on refund */
  addSales(tx: Tx, skuId: number, qty: number): Promise<void>;
  quoteFreight(input: {
    province: string;
    lines: FreightLine[];
  }): Promise<{ freight: number; undeliverable: boolean; undeliverableLines?: number[] }>;
}

export interface PaidNotice {
  paymentId: number;
  orderId: number;
  amount: number;
  transactionId?: string | null;
  paidAt: Date | string;
  provider?: string;
}

export interface RefundedNotice {
  refundId: number;
  orderId: number;
  refundNo: string;
  amount: number;
}

export interface PaymentPort {
  createPayment(input: {
    orderId: number;
    orderNo: string;
    amount: number;
    payerOpenid: string;
    description: string;
    expiresAt: Date;
    /** the paying shopper (only they may confirm a sandbox payment) */
    shopperId?: number;
  }): Promise<{ paymentId: number; provider: string; payParams: unknown }>;
  closePayment(orderId: number): Promise<unknown>;
  refund(input: {
    orderId: number;
    refundNo: string;
    amount: number;
    reason: string;
  }): Promise<{ refundId: number; status: string }>;
  onPaid(handler: (tx: Tx, notice: PaidNotice) => Promise<'accepted' | 'rejected'>): void;
  onRefunded(handler: (tx: Tx, notice: RefundedNotice) => Promise<void>): void;
}

export interface AddressSnapshot {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
}

export interface AccountsPort {
  getAddress?(shopperId: number, addressId: number): Promise<AddressSnapshot>;
  /** the shopper's WeChat openid, for the payer of a payment and the shipping-info upload */
  getOpenid(shopperId: number): Promise<string>;
  registerExporter?(name: string, fn: (shopperId: number) => Promise<unknown>): void;
  registerDeletionHook?(name: string, fn: (tx: Tx, shopperId: number) => Promise<void>): void;
}

/** Pricing (the marketing module): the price of a cart, and what an order uses committed in its transaction. */
export type PricingPort = Pick<PricingService, 'price' | 'prepare' | 'commit'>;

import type { Tx } from '../../platform/db/tx';
import type { Fen } from '../../platform/money';
import type { ActivityPrice, CouponOffer, PointsSettings, ShopperFacts } from './engine/types';

/**
 * What tool modules plug into pricing and order placement. Tool modules (coupon, points, membership, flash
 * sale, …) import marketing and register a source at construction; marketing and order never import them.
 * What happens after placement (use on payment, return on cancel or refund) each module learns from outbox
 * events (`order.paid`, `order.cancelled`, `order.refunded`) in its own handlers.
 */

/** The coupon module. */
export interface CouponSource {
  /** the shopper's unused coupon instances (valid now or later); the engine tells which are usable */
  offers(shopperId: number): Promise<CouponOffer[]>;
  /**
   * In the order's transaction: each instance `unused → locked` for this order by a guarded update.
   * Throws AppError('COUPON_UNAVAILABLE', …, { instanceId }) when one is not the shopper's or not unused
   * any more (used by a concurrent order): the whole order rolls back.
   */
  lock(
    tx: Tx,
    input: { shopperId: number; orderId: number; coupons: { instanceId: number; discount: Fen }[] },
  ): Promise<void>;
}

/** The points module. */
export interface PointsSource {
  settings(): Promise<PointsSettings>;
  balance(shopperId: number): Promise<number>;
  /**
   * In the order's transaction: spends `points` (guarded: never below 0; throws
   * AppError('POINTS_INSUFFICIENT')), remembering each line's share so that cancels and refunds return
   * exactly what each unit took.
   */
  spend(
    tx: Tx,
    input: {
      shopperId: number;
      orderId: number;
      points: number;
      lines: { orderLineId: number; quantity: number; points: number }[];
    },
  ): Promise<void>;
}

/** Membership (levels, paid membership) and tags; until that module exists everyone is at the base level. */
export type MemberFacts = Pick<
  ShopperFacts,
  | 'levelId'
  | 'levelRank'
  | 'levelDiscountPermille'
  | 'paidMember'
  | 'paidMemberDiscountPermille'
  | 'freeShipping'
  | 'tags'
  | 'buckets'
>;

export interface MemberFactsSource {
  facts(shopperId: number): Promise<MemberFacts>;
}

/**
 * Activity tools (flash sale, group buy, bargain) price the lines of their own checkout: an order placed with
 * `activity: { kind, context }` asks the source of that kind. A source refuses a context that does not hold
 * (a ticket not the shopper's, a slot closed) by throwing an AppError.
 */
export interface ActivitySource {
  kind: string;
  quote(input: {
    shopperId: number;
    lines: { skuId: number; quantity: number }[];
    context: unknown;
  }): Promise<ActivityQuote>;
}

export interface ActivityQuote {
  /** the activity price of each SKU bought through it */
  prices: Map<number, ActivityPrice>;
  /** the unpaid timeout of such an order (RULES §1: flash sale 5 minutes); absent: the shop's */
  unpaidTimeoutMinutes?: number;
}

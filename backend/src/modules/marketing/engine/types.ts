import type { z } from 'zod';
import type { Fen } from '../../../platform/money';

/**
 * The contract of the pure price calculator (RULES §2) and of the marketing tools that plug into it
 * (DESIGN "MarketingTool"). Nothing here touches a database or a clock: time, campaigns and the shopper's
 * facts come in as arguments, so the same input always prices the same way.
 */

export type ProductKind = 'physical' | 'virtual' | 'local_service';

/** Where a campaign applies: every product, only these (include), or all but these (exclude). */
export interface Scope {
  mode: 'all' | 'include' | 'exclude';
  productIds: number[];
  /** a product is in a category when its category or an ancestor of it is listed (lines carry both) */
  categoryIds: number[];
}

/** Who a campaign is for; `bucket` narrows it to one variant of an A/B experiment. */
export interface Audience {
  type: 'all' | 'new' | 'levels' | 'paid_members' | 'tags';
  levelIds?: number[];
  tags?: string[];
  bucket?: { experiment: string; variant: string };
}

/** A price a tool module hands over for one line (flash sale, group buy, bargain, presale). */
export interface ActivityPrice {
  campaignId: number;
  kind: string;
  name: string;
  unitPrice: Fen;
  /** RULES §2 defaults: an activity-priced line takes no coupon, no promotion and no points */
  allowCoupon: boolean;
  allowPromotions: boolean;
  allowPoints: boolean;
}

export interface CartLine {
  /** stable key of the line in the result; bought lines use String(skuId) */
  key: string;
  skuId: number;
  productId: number;
  /** the product's category and its ancestors */
  categoryIds: number[];
  kind: ProductKind;
  /** the SKU's list price, per unit */
  basePrice: Fen;
  quantity: number;
  /** false for products the merchant keeps out of member prices (default true) */
  memberPriceAllowed?: boolean;
  activity?: ActivityPrice;
}

export interface ShopperFacts {
  shopperId: number | null;
  /** no paid order yet */
  isNew: boolean;
  levelId: number | null;
  /** rank of the level, 0 = the base level; member day is for rank > 0 or paid members */
  levelRank: number;
  /** 千分比 price of the level (900 = 9 折), null = no level discount */
  levelDiscountPermille: number | null;
  paidMember: boolean;
  /** 千分比 price of the paid membership (950 = 9.5 折), null when not a paid member */
  paidMemberDiscountPermille: number | null;
  /** a level perk (diamond: free shipping) */
  freeShipping: boolean;
  tags: string[];
  /** experiment name → variant */
  buckets: Record<string, string>;
  pointsBalance: number;
}

export interface Campaign<C = unknown> {
  id: number;
  kind: string;
  name: string;
  /** higher applies first within its tool's turn */
  priority: number;
  /** when it applies, nothing else of its stack group applies with it; it applies only if nothing of its
   * stack group applied before it */
  exclusive: boolean;
  stackGroup: string;
  startsAt: Date | null;
  endsAt: Date | null;
  audience: Audience;
  scope: Scope;
  config: C;
  /** uses still open to this shopper (min of the total and per-shopper limits left); null = unlimited.
   * At 0 the campaign does not apply. The order service enforces the limit atomically when it commits. */
  remainingUses: number | null;
}

/** A coupon instance the shopper holds (RULES §3). The API names instances, never templates. */
export interface CouponOffer {
  instanceId: number;
  templateId: number;
  name: string;
  kind: 'amount_off' | 'percent_off' | 'free_shipping';
  /** minimum eligible amount, 0 = no threshold */
  threshold: Fen;
  /** amount_off */
  amountOff: Fen;
  /** percent_off: 千分比 of the price kept (850 = 8.5 折) */
  discountPermille: number;
  /** percent_off cap; null = none */
  maxDiscount: Fen | null;
  scope: Scope;
  validFrom: Date;
  validTo: Date;
  /** usable windows in shop time; empty = any time */
  windows: UsableWindow[];
  /** more than one coupon per order only when every one of them is stackable */
  stackable: boolean;
  /** may discount activity-priced lines whose activity allows coupons */
  allowActivityLines: boolean;
}

export interface UsableWindow {
  /** ISO weekdays 1 (Mon) … 7 (Sun) */
  weekdays: number[];
  /** 'HH:mm' shop time, from inclusive, to exclusive */
  from: string;
  to: string;
}

export interface PointsSettings {
  enabled: boolean;
  /** points worth ¥1 (default 100) */
  pointsPerYuan: number;
  /** at most this 千分比 of the goods after discounts, before shipping (default 500) */
  maxPermille: number;
  /** fewer points than this cannot be used at all (default 0) */
  minPoints: number;
}

export interface GiftSku {
  skuId: number;
  productId: number;
  /** stock free to reserve now; a gift without stock is skipped */
  stock: number;
  onSale: boolean;
}

export interface PricingInput {
  now: Date;
  /** the shop's IANA time zone for windows, member days and daily rules */
  timezone: string;
  lines: CartLine[];
  shopper: ShopperFacts;
  /** active campaigns of every registered tool; the engine checks window, audience, scope and uses */
  campaigns: Campaign[];
  /** the shopper's unused coupons */
  coupons: CouponOffer[];
  /** 'auto': the best single coupon; otherwise these instance ids ([] = none) */
  couponSelection: 'auto' | number[];
  /** the freight-template amount for the bought lines (0 when nothing ships) and where it goes */
  freight: { amount: Fen; province: string | null; ships: boolean };
  points: { settings: PointsSettings; request: number | 'max' };
  /** facts about gift SKUs the gift campaigns name */
  giftSkus: Record<number, GiftSku>;
}

export type Stage = 'unit' | 'promotion' | 'gift' | 'shipping';

/** Where an adjustment came from; shown to the shopper by `name`. */
export interface AdjustmentSource {
  type: 'campaign' | 'coupon' | 'member' | 'activity' | 'points';
  /** campaign id, coupon instance id, or null (member price, points) */
  id: number | null;
  /** tool kind ('full_reduction', 'coupon', 'member_price', 'paid_member_price', 'points', …) */
  kind: string;
  name: string;
}

export interface Adjustment {
  source: AdjustmentSource;
  stage: Stage | 'points';
  /** what it lowered: unit prices, the goods amount, the freight */
  target: 'unit' | 'goods' | 'freight';
  amount: Fen;
  /** its split over lines (sums to `amount`); empty for freight */
  lines: { key: string; amount: Fen }[];
  /** points spent, for the points adjustment */
  pointsUsed?: number;
}

export interface PricedLine {
  key: string;
  skuId: number;
  productId: number;
  quantity: number;
  isGift: boolean;
  /** the gift campaign that added it */
  giftCampaignId: number | null;
  basePrice: Fen;
  /** after stage 1 (activity, member, tiered price); what a unit costs before order-level discounts */
  unitPrice: Fen;
  unitSource: 'base' | 'activity' | 'member_price' | 'paid_member_price' | 'tiered_price';
  /** unitPrice × quantity */
  goodsAmount: Fen;
  /** promotions and coupons on this line (stage 2) */
  discountAmount: Fen;
  pointsAmount: Fen;
  /** goods − discount − points, never below 0 */
  payAmount: Fen;
}

/** Why a coupon is not usable on this cart (shown as the reason). */
export type CouponRefusal =
  | 'not_started'
  | 'expired'
  | 'outside_window'
  | 'no_eligible_lines'
  | 'below_threshold'
  | 'not_stackable'
  | 'exclusive_campaign'
  | 'no_freight';

export interface CouponVerdict {
  instanceId: number;
  usable: boolean;
  reason: CouponRefusal | null;
  /** the saving this coupon gives on this cart alone (0 when not usable) */
  discount: Fen;
  selected: boolean;
}

export interface PricedCart {
  lines: PricedLine[];
  adjustments: Adjustment[];
  /** Σ basePrice × quantity of bought lines */
  listAmount: Fen;
  /** Σ line goodsAmount */
  goodsAmount: Fen;
  /** Σ line discountAmount */
  discountAmount: Fen;
  /** the template freight, the free-shipping saving, and what is charged */
  freightBase: Fen;
  freightDiscount: Fen;
  freightAmount: Fen;
  pointsUsed: number;
  pointsAmount: Fen;
  /** goods − discount − points + freight, never below 0 */
  payAmount: Fen;
  coupons: CouponVerdict[];
  /** campaigns that changed the price, in the order they applied (the order service counts their uses) */
  appliedCampaignIds: number[];
  /** the coupon instances used (the order service locks them) */
  usedCouponIds: number[];
}

/** A read-only view of the cart as priced so far, handed to a tool. */
export interface CartView {
  lines: readonly ViewLine[];
  shopper: ShopperFacts;
  now: Date;
  timezone: string;
  freight: { amount: Fen; province: string | null; ships: boolean };
  giftSkus: Record<number, GiftSku>;
}

export interface ViewLine {
  key: string;
  skuId: number;
  productId: number;
  categoryIds: number[];
  kind: ProductKind;
  quantity: number;
  basePrice: Fen;
  unitPrice: Fen;
  /** what the line still costs after the adjustments applied so far */
  amount: Fen;
  activity: ActivityPrice | null;
  isGift: boolean;
}

/** What one campaign does; the engine applies it, caps it at the eligible amount and allocates it. */
export type Effect =
  /** stage 'unit': new unit prices (only lower ones are taken) */
  | { type: 'unit_price'; lines: { key: string; unitPrice: Fen }[] }
  /** an amount split over these lines by largest remainder on their current amounts */
  | { type: 'discount'; amount: Fen; over: string[] }
  /** exact amounts per line (buy N get M frees given units) */
  | { type: 'line_discounts'; lines: { key: string; amount: Fen }[] }
  /** stage 'gift': 0-fen lines added after pricing */
  | { type: 'gifts'; gifts: { skuId: number; quantity: number }[] }
  /** stage 'shipping': lowers the freight */
  | { type: 'freight_discount'; amount: Fen };

/**
 * A marketing tool (DESIGN): one folder under engine/tools and one line in the registry. Hooks with side
 * effects (locking a coupon, counting uses) live in the tool's module, not here.
 */
export interface MarketingTool<C = unknown> {
  kind: string;
  /** the merchant's word for it: 满减, 满赠, 满包邮, 阶梯价, 买N送M, 会员日 */
  title: string;
  /** validates campaign configs; the admin builds its form from it */
  configSchema: z.ZodType<C>;
  stage: Stage;
  /** position within the stage (RULES §2: buy N get M 10, full reduction 20, member day 30) */
  rank: number;
  defaults: { priority: number; exclusive: boolean; stackGroup: string };
  /** the effect of one campaign on the cart as priced so far; null when it does not apply */
  apply(campaign: Campaign<C>, view: CartView): Effect | null;
  /** SKUs a campaign may add as gifts, so that pricing can hand their facts in `giftSkus` */
  giftSkuIds?(config: C): number[];
  /** the tag a product page shows, e.g. '满100减20', '买2送1' */
  label?(config: C): string;
  /** quantity tiers of a SKU's unit price (阶梯价), for the product page */
  unitTiers?(config: C, skuId: number): { minQuantity: number; unitPrice: Fen }[];
}

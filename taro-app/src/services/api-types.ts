/** Shapes of the shop API (`/api/shop/*`) that the app reads. Money would be integer fen. */

export interface Shopper {
  id: number;
  nickname: string | null;
  avatarUrl: string | null;
  phone: string | null;
  privacyAccepted: boolean;
}

export interface ShopperProfile extends Shopper {
  privacyVersion: string | null;
  /** 个性化推荐 (电商法 §18): the shopper may switch it off */
  personalizedRecommendations: boolean;
}

export interface LoginResult {
  token: string;
  expiresIn: number;
  shopper: Shopper;
}

export interface PrivacyGuide {
  version: string;
  title: string;
  text: string;
}

export interface PageMeta {
  page: number;
  pageSize: number;
  total: number;
}

export interface Page<T> {
  items: T[];
  meta: PageMeta;
}

export interface ProductListItem {
  id: number;
  title: string;
  subtitle: string;
  kind: 'physical' | 'virtual' | 'local_service';
  categoryId: number;
  imageUrl: string | null;
  price: number;
  maxPrice: number;
  /** honest strike-through price, or null: never invented */
  originalPrice: number | null;
  labels: string[];
  soldLabel: string | null;
}

export interface ShopSku {
  id: number;
  specs: Record<string, string>;
  specText: string;
  price: number;
  originalPrice: number | null;
  stock: number;
  imageUrl: string | null;
}

export interface ShopProduct extends ProductListItem {
  imageUrls: string[];
  specs: { name: string; values: string[] }[];
  skus: ShopSku[];
  freight: { ships: boolean; templateId: number | null; text: string; excludedProvinces: string[] };
}

export interface Address {
  id: number;
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  isDefault: boolean;
}

export type NewAddress = Omit<Address, 'id' | 'isDefault'> & { isDefault?: boolean };

/** PATCH /api/shop/addresses/:id: any of the fields, or `isDefault: true` alone to make it the default. */
export type AddressPatch = Partial<NewAddress>;

export interface CheckoutItem {
  skuId: number;
  quantity: number;
}

export interface CheckoutBody {
  items?: CheckoutItem[];
  addressId?: number;
  remark?: string;
  /** coupon instances to use; absent: the server chooses the best one; []: none */
  couponIds?: number[];
  /** points to spend, or 'max' for as many as the rules allow; absent or 0: none */
  points?: number | 'max';
}

export interface Amounts {
  goodsAmount: number;
  freightAmount: number;
  discountAmount: number;
  payAmount: number;
}

/** Where a saving came from (RULES §2): a campaign, a coupon, the member price, an activity, points. */
export type AdjustmentSourceType = 'campaign' | 'coupon' | 'member' | 'activity' | 'points';

/** One saving of a priced cart or an order, summed per source, with the name the shopper reads. */
export interface Adjustment {
  sourceType: AdjustmentSourceType;
  /** the campaign id or the coupon instance id */
  sourceId: number | null;
  /** the tool: 'full_reduction', 'coupon', 'member_price', 'free_shipping', 'points', … */
  kind: string;
  /** the campaign or coupon name ('全场满199减20', '满100减15'), or '会员价' / '积分抵扣' */
  name: string;
  stage: string;
  /** unit: in the unit price (member, tiered, activity price); goods: off the goods; freight: off the freight */
  target: 'unit' | 'goods' | 'freight';
  amount: number;
  pointsUsed: number | null;
}

/** Why a coupon cannot be used on this cart (the engine's codes). */
export type CouponRefusal =
  | 'not_started'
  | 'expired'
  | 'outside_window'
  | 'no_eligible_lines'
  | 'below_threshold'
  | 'not_stackable'
  | 'exclusive_campaign'
  | 'no_freight';

export type CouponKind = 'amount_off' | 'percent_off' | 'free_shipping';

/** A coupon the shopper holds, as checkout sees it on this cart. */
export interface CheckoutCoupon {
  instanceId: number;
  name: string;
  kind: CouponKind;
  threshold: number;
  amountOff: number;
  discountPermille: number;
  validTo: string;
  usable: boolean;
  /** a CouponRefusal; a string in case the server adds one */
  reason: string | null;
  /** what it saves on this order alone */
  discount: number;
  selected: boolean;
}

export type UnitSource = 'base' | 'activity' | 'member_price' | 'paid_member_price' | 'tiered_price';

export interface CheckoutLine {
  skuId: number;
  productId: number;
  title: string;
  specText: string;
  image: string | null;
  kind: ProductListItem['kind'];
  /** a 0-fen gift line (满赠) */
  isGift: boolean;
  listPrice: number;
  unitPrice: number;
  unitSource: UnitSource;
  quantity: number;
  goodsAmount: number;
  discount: number;
  pointsAmount: number;
  payAmount: number;
}

export interface CheckoutPreview extends Amounts {
  kind: ProductListItem['kind'];
  address: Omit<Address, 'id' | 'isDefault'> | null;
  /** false: goods ship but no address was given, so the freight is not in the amounts yet */
  freightQuoted: boolean;
  listAmount: number;
  freightBase: number;
  freightDiscount: number;
  pointsUsed: number;
  pointsAmount: number;
  lines: CheckoutLine[];
  adjustments: Adjustment[];
  coupons: CheckoutCoupon[];
}

export interface Order extends Amounts {
  id: number;
  orderNo: string;
  status: string;
  createdAt: string;
  lines: {
    id: number;
    title: string;
    specText: string;
    image: string | null;
    unitPrice: number;
    quantity: number;
  }[];
}

export interface PayStart {
  orderId: number;
  paymentId: number;
  provider: string;
  payAmount: number;
  payParams: unknown;
}

export interface CategoryNode {
  id: number;
  name: string;
  iconUrl: string | null;
  children: { id: number; name: string; iconUrl: string | null }[];
}

export interface CartLine {
  skuId: number;
  productId: number | null;
  title: string;
  specText: string;
  image: string | null;
  unitPrice: number;
  quantity: number;
  selected: boolean;
  stock: number;
  status: 'available' | 'off_shelf' | 'sold_out' | 'insufficient_stock' | 'gone';
  lineAmount: number;
}

export interface Cart {
  lines: CartLine[];
  summary: { selectedUnits: number; selectedAmount: number; unavailableLines: number };
}

export interface OrderDetail extends Order {
  kind: ProductListItem['kind'];
  listAmount: number;
  freightDiscount: number;
  pointsUsed: number;
  pointsAmount: number;
  /** every saving pricing gave the order, by source */
  adjustments: Adjustment[];
  refundedAmount: number;
  refundStatus: 'none' | 'partial' | 'full';
  remark: string | null;
  address: Omit<Address, 'id' | 'isDefault'> | null;
  receivedAt: string | null;
  /** after-sales may be asked until then (null: not received yet, the window has not started) */
  aftersaleUntil: string | null;
  /**
   * WeChat Pay's transaction id. The shop API does not give it to shoppers today (admin view only); when it
   * does, the mini-program opens WeChat's confirm-receipt view with it.
   */
  transactionId?: string | null;
  lines: OrderDetailLine[];
  packages: { id: number; carrier: string; trackingNo: string; shippedAt: string }[];
  timeline: { action: string; fromStatus: string | null; toStatus: string | null; at: string }[];
  afterSales: AfterSale[];
}

export interface OrderDetailLine {
  id: number;
  kind: ProductListItem['kind'];
  title: string;
  specText: string;
  image: string | null;
  unitPrice: number;
  quantity: number;
  listPrice: number;
  /** this line's share of what the order paid */
  payAmount: number;
  /** a 0-fen gift line (满赠) */
  isGift: boolean;
  shippedQuantity: number;
  cancelledQuantity: number;
  /** units held by open or refunded after-sales */
  aftersaleQuantity: number;
  refundedQuantity: number;
  refundedAmount: number;
}

export type AfterSaleType = 'refund_only' | 'return_refund';

export type AfterSaleStatus =
  | 'requested'
  | 'approved'
  | 'awaiting_return'
  | 'returned'
  | 'refunding'
  | 'refunded'
  | 'rejected'
  | 'withdrawn';

export interface AfterSale {
  id: number;
  afterSaleNo: string;
  orderId: number;
  orderNo: string | null;
  orderLineId: number;
  type: AfterSaleType;
  status: AfterSaleStatus;
  quantity: number;
  /** the units' share of the line's pay amount (fixed when the refund is committed) */
  amount: number;
  /** freight returned with the last unit of an order nothing of which shipped */
  freightAmount: number;
  /** amount + freightAmount: what goes back to the shopper */
  refundAmount: number;
  reason: string;
  description: string | null;
  /** storage keys of the photos */
  photos: string[];
  rejectReason: string | null;
  returnCarrier: string | null;
  returnTrackingNo: string | null;
  line: { title: string; specText: string; image: string | null } | null;
  requestedAt: string;
  approvedAt: string | null;
  returnedAt: string | null;
  refundStartedAt: string | null;
  refundedAt: string | null;
  closedAt: string | null;
}

export interface NewAfterSale {
  orderLineId: number;
  type: AfterSaleType;
  quantity: number;
  reason: string;
  description?: string;
  /** keys from POST /api/shop/uploads/images (at most 9) */
  photos?: string[];
}

export interface UploadedFile {
  key: string;
  url: string;
  size: number;
  contentType: string;
}

export interface InvoiceBody {
  type: 'personal' | 'company';
  title: string;
  /** 纳税人识别号: required for a company */
  taxId?: string;
  email: string;
}

export interface Invoice {
  id: number;
  orderId: number;
  type: InvoiceBody['type'];
  title: string;
  taxId: string | null;
  email: string;
  amount: number;
  status: 'requested' | 'issued';
  issuedAt: string | null;
  requestedAt: string;
}

export interface ShopperExport {
  format: 'mall.shopper-export.v1';
  exportedAt: string;
  shopperId: number;
  sections: Record<string, unknown>;
}

// ── marketing ───────────────────────────────────────────────────────────────────────────────────────────

/** GET /api/shop/products/:id/promotions: campaign tags and SKU quantity tiers (阶梯价). */
export interface ProductPromotions {
  productId: number;
  campaigns: {
    id: number;
    kind: string;
    /** 满减, 满赠, 买N送M, … */
    toolTitle: string;
    name: string;
    /** the tag: '满199减20' */
    label: string;
    forNewShoppers: boolean;
    endsAt: string | null;
  }[];
  tiers: { skuId: number; campaignId: number; tiers: { minQuantity: number; unitPrice: number }[] }[];
}

/** The terms of a coupon template as shoppers see them. */
export interface CouponTerms {
  templateId: number;
  name: string;
  description: string;
  kind: CouponKind;
  threshold: number;
  amountOff: number;
  /** percent_off: 千分比 of the price kept (850 = 8.5 折) */
  discountPermille: number;
  maxDiscount: number | null;
  scope: { mode: 'all' | 'include' | 'exclude'; productIds: number[]; categoryIds: number[] };
  windows: { weekdays: number[]; from: string; to: string }[];
  stackable: boolean;
}

export type CouponValidity =
  { type: 'absolute'; from: string; to: string } | { type: 'relative'; days: number };

/** A coupon of the claim center (领券中心). */
export interface CenterCoupon extends CouponTerms {
  validity: CouponValidity;
  perUserLimit: number;
  /** instances this shopper holds (0 when not logged in) */
  claimed: number;
  state: 'available' | 'claimed_max' | 'sold_out';
  totalQuantity: number | null;
  remaining: number | null;
  claimEndsAt: string | null;
}

export type MyCouponTab = 'unused' | 'used' | 'expired';

/** A coupon instance the shopper holds. */
export interface MyCoupon extends CouponTerms {
  /** the instance id: what checkout and orders name */
  id: number;
  /** locked: held by an unpaid order */
  status: 'unused' | 'locked' | 'used' | 'expired';
  channel: string;
  validFrom: string;
  /** exclusive */
  validTo: string;
  /** whole shop days left including today (1 = the last day is today) */
  daysLeft: number;
  notStarted: boolean;
  orderId: number | null;
  usedAt: string | null;
  claimedAt: string;
}

export type CouponSummary = Record<MyCouponTab, number>;

export interface ShopPoints {
  balance: number;
  enabled: boolean;
  pointsPerYuan: number;
  maxPermille: number;
  minPoints: number;
  earnPerYuan: number;
}

export type PointsReason =
  'earn' | 'spend' | 'return_cancel' | 'return_refund' | 'clawback' | 'adjust' | 'expire';

export interface PointsLedgerEntry {
  id: number;
  delta: number;
  balanceAfter: number;
  reason: PointsReason;
  refType: string | null;
  refId: number | null;
  note: string | null;
  createdAt: string;
}

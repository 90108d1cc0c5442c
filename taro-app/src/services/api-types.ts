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
}

export interface Amounts {
  goodsAmount: number;
  freightAmount: number;
  discountAmount: number;
  payAmount: number;
}

export interface CheckoutPreview extends Amounts {
  kind: ProductListItem['kind'];
  address: Omit<Address, 'id' | 'isDefault'> | null;
  lines: {
    skuId: number;
    title: string;
    specText: string;
    image: string | null;
    unitPrice: number;
    quantity: number;
    goodsAmount: number;
  }[];
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
  /** this line's share of what the order paid */
  payAmount: number;
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

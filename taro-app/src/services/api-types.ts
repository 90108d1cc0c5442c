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
  refundedAmount: number;
  remark: string | null;
  address: Omit<Address, 'id' | 'isDefault'> | null;
  packages: { id: number; carrier: string; trackingNo: string; shippedAt: string }[];
  timeline: { action: string; fromStatus: string | null; toStatus: string | null; at: string }[];
}

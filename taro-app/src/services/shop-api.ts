import type {
  Address,
  AddressPatch,
  AfterSale,
  AfterSaleStatus,
  Cart,
  CenterCoupon,
  CategoryNode,
  CheckoutBody,
  CheckoutPreview,
  CouponSummary,
  Invoice,
  InvoiceBody,
  LoginResult,
  MyCoupon,
  MyCouponTab,
  NewAddress,
  NewAfterSale,
  Order,
  OrderDetail,
  Page,
  PayStart,
  PointsLedgerEntry,
  PrivacyGuide,
  ProductListItem,
  ProductPromotions,
  ShopperExport,
  ShopperProfile,
  ShopPoints,
  ShopProduct,
  UploadedFile,
} from './api-types';
import { request, requestPage } from './request';

export const fetchPrivacyGuide = (): Promise<PrivacyGuide> => request('/api/shop/privacy', { auth: false });

export const acceptPrivacyGuide = (version: string): Promise<ShopperProfile> =>
  request('/api/shop/privacy/accept', { method: 'POST', data: { version } });

export const fetchMe = (): Promise<ShopperProfile> => request('/api/shop/me');

export const wechatLogin = (code: string): Promise<LoginResult> =>
  request('/api/shop/auth/wechat-login', { method: 'POST', data: { code }, auth: false });

export const devLogin = (body: { openid?: string; nickname?: string }): Promise<LoginResult> =>
  request('/api/shop/auth/dev-login', { method: 'POST', data: body, auth: false });

export interface ProductQuery {
  page?: number;
  pageSize?: number;
  keyword?: string;
  categoryId?: number;
  sort?: 'default' | 'sales' | 'price_asc' | 'price_desc' | 'newest';
}

export const fetchProducts = (query: ProductQuery): Promise<Page<ProductListItem>> =>
  requestPage('/api/shop/products', { data: query, auth: false });

export const fetchCategoryTree = (): Promise<CategoryNode[]> =>
  request('/api/shop/categories', { auth: false });

export const fetchProduct = (id: number): Promise<ShopProduct> =>
  request(`/api/shop/products/${id}`, { auth: false });

/** Campaign tags and SKU quantity tiers of a product (public). */
export const fetchPromotions = (id: number): Promise<ProductPromotions> =>
  request(`/api/shop/products/${id}/promotions`, { auth: false });

export const fetchAddresses = (): Promise<Address[]> => request('/api/shop/addresses');

export const createAddress = (body: NewAddress): Promise<Address> =>
  request('/api/shop/addresses', { method: 'POST', data: body });

export const fetchCart = (): Promise<Cart> => request('/api/shop/cart');

export const addToCart = (skuId: number, quantity: number): Promise<Cart> =>
  request('/api/shop/cart/items', { method: 'POST', data: { skuId, quantity } });

export const updateCartLine = (
  skuId: number,
  change: { quantity?: number; selected?: boolean },
): Promise<Cart> => request(`/api/shop/cart/items/${skuId}`, { method: 'PATCH', data: change });

export const removeCartLine = (skuId: number): Promise<Cart> =>
  request(`/api/shop/cart/items/${skuId}`, { method: 'DELETE' });

export const selectAllCartLines = (selected: boolean): Promise<Cart> =>
  request('/api/shop/cart/select', { method: 'POST', data: { selected } });

export const previewCheckout = (body: CheckoutBody): Promise<CheckoutPreview> =>
  request('/api/shop/checkout/preview', { method: 'POST', data: body });

export const placeOrder = (body: CheckoutBody, idempotencyKey: string): Promise<Order> =>
  request('/api/shop/orders', { method: 'POST', data: body, header: { 'Idempotency-Key': idempotencyKey } });

export const fetchOrder = (id: number): Promise<OrderDetail> => request(`/api/shop/orders/${id}`);

export const fetchOrders = (query: {
  tab?: string;
  page?: number;
  pageSize?: number;
}): Promise<Page<Order>> => requestPage('/api/shop/orders', { data: query });

export const cancelOrder = (id: number): Promise<OrderDetail> =>
  request(`/api/shop/orders/${id}/cancel`, { method: 'POST' });

export const confirmReceipt = (id: number): Promise<OrderDetail> =>
  request(`/api/shop/orders/${id}/receive`, { method: 'POST' });

export const startPayment = (orderId: number): Promise<PayStart> =>
  request(`/api/shop/orders/${orderId}/pay`, { method: 'POST' });

export const confirmSandboxPayment = (paymentId: number): Promise<{ status: string }> =>
  request(`/api/shop/pay/sandbox/${paymentId}/confirm`, { method: 'POST' });

// ── addresses ───────────────────────────────────────────────────────────────────────────────────────────

export const fetchAddress = (id: number): Promise<Address> => request(`/api/shop/addresses/${id}`);

export const updateAddress = (id: number, patch: AddressPatch): Promise<Address> =>
  request(`/api/shop/addresses/${id}`, { method: 'PATCH', data: patch });

export const deleteAddress = (id: number): Promise<void> =>
  request(`/api/shop/addresses/${id}`, { method: 'DELETE' });

// ── after-sales ─────────────────────────────────────────────────────────────────────────────────────────

/** The photo's bytes as they are: the server sniffs the type (JPEG, PNG, GIF, WebP) from them. */
export const uploadImage = (bytes: ArrayBuffer): Promise<UploadedFile> =>
  request('/api/shop/uploads/images', {
    method: 'POST',
    data: bytes,
    header: { 'content-type': 'application/octet-stream' },
  });

export const requestAfterSale = (orderId: number, body: NewAfterSale): Promise<AfterSale> =>
  request(`/api/shop/orders/${orderId}/after-sales`, { method: 'POST', data: body });

export const fetchAfterSales = (query: {
  page?: number;
  pageSize?: number;
  status?: AfterSaleStatus;
  orderId?: number;
}): Promise<Page<AfterSale>> => requestPage('/api/shop/after-sales', { data: query });

export const fetchAfterSale = (id: number): Promise<AfterSale> => request(`/api/shop/after-sales/${id}`);

export const withdrawAfterSale = (id: number): Promise<AfterSale> =>
  request(`/api/shop/after-sales/${id}/withdraw`, { method: 'POST' });

export const submitReturnParcel = (
  id: number,
  parcel: { carrier: string; trackingNo: string },
): Promise<AfterSale> =>
  request(`/api/shop/after-sales/${id}/return-parcel`, { method: 'POST', data: parcel });

// ── invoices ────────────────────────────────────────────────────────────────────────────────────────────

export const requestInvoice = (orderId: number, body: InvoiceBody): Promise<Invoice> =>
  request(`/api/shop/orders/${orderId}/invoice`, { method: 'PUT', data: body });

/** NOT_FOUND (an ApiError) when the order has no invoice request. */
export const fetchInvoice = (orderId: number): Promise<Invoice> =>
  request(`/api/shop/orders/${orderId}/invoice`);

/** The issued PDF's path; fetched with the shopper's token (see pages/invoice/open-invoice.*). */
export const invoiceFilePath = (orderId: number): string => `/api/shop/orders/${orderId}/invoice/file`;

// ── account ─────────────────────────────────────────────────────────────────────────────────────────────

/** `code` from WeChat's getPhoneNumber button; the server exchanges it for the number. */
export const bindPhone = (code: string): Promise<ShopperProfile> =>
  request('/api/shop/me/phone', { method: 'POST', data: { code } });

export const updateSettings = (patch: { personalizedRecommendations?: boolean }): Promise<ShopperProfile> =>
  request('/api/shop/me/settings', { method: 'PATCH', data: patch });

export const exportMyData = (): Promise<ShopperExport> => request('/api/shop/me/export');

/** 注销: the server wants the word typed as confirmation. */
export const deleteAccount = (): Promise<void> =>
  request('/api/shop/me/delete', { method: 'POST', data: { confirm: '注销' } });

// ── coupons and points ──────────────────────────────────────────────────────────────────────────────────

/** 领券中心: public, but with the token the server says how many of each the shopper holds. */
export const fetchCouponCenter = (query: { page?: number; pageSize?: number }): Promise<Page<CenterCoupon>> =>
  requestPage('/api/shop/coupon-center', { data: query });

export const claimCoupon = (templateId: number): Promise<MyCoupon> =>
  request(`/api/shop/coupon-center/${templateId}/claim`, { method: 'POST' });

/** 兑换码: case, spaces and dashes do not matter to the server. */
export const redeemCouponCode = (code: string): Promise<MyCoupon> =>
  request('/api/shop/coupons/redeem', { method: 'POST', data: { code } });

export const fetchMyCoupons = (query: {
  status: MyCouponTab;
  page?: number;
  pageSize?: number;
}): Promise<Page<MyCoupon>> => requestPage('/api/shop/coupons', { data: query });

export const fetchCouponSummary = (): Promise<CouponSummary> => request('/api/shop/coupons/summary');

export const fetchPoints = (): Promise<ShopPoints> => request('/api/shop/points');

export const fetchPointsLedger = (query: {
  page?: number;
  pageSize?: number;
}): Promise<Page<PointsLedgerEntry>> => requestPage('/api/shop/points/ledger', { data: query });

import type {
  Address,
  Cart,
  CategoryNode,
  CheckoutBody,
  CheckoutPreview,
  LoginResult,
  NewAddress,
  Order,
  OrderDetail,
  Page,
  PayStart,
  PrivacyGuide,
  ProductListItem,
  ShopperProfile,
  ShopProduct,
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
}

export const fetchProducts = (query: ProductQuery): Promise<Page<ProductListItem>> =>
  requestPage('/api/shop/products', { data: query, auth: false });

export const fetchCategoryTree = (): Promise<CategoryNode[]> =>
  request('/api/shop/categories', { auth: false });

export const fetchProduct = (id: number): Promise<ShopProduct> =>
  request(`/api/shop/products/${id}`, { auth: false });

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

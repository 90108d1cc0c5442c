import Taro from '@tarojs/taro';

export const ROUTES = {
  home: '/pages/index/index',
  category: '/pages/category/index',
  cart: '/pages/cart/index',
  mine: '/pages/mine/index',
  privacy: '/pages/privacy/index',
  product: '/pages/product/index',
  search: '/pages/search/index',
  checkout: '/pages/checkout/index',
  paySandbox: '/pages/pay-sandbox/index',
  payResult: '/pages/pay-result/index',
  orders: '/pages/orders/index',
  orderDetail: '/pages/order-detail/index',
  afterSaleApply: '/pages/aftersale-apply/index',
  afterSales: '/pages/aftersales/index',
  afterSaleDetail: '/pages/aftersale-detail/index',
  addresses: '/pages/addresses/index',
  addressEdit: '/pages/address-edit/index',
  invoice: '/pages/invoice/index',
  account: '/pages/account/index',
  accountDelete: '/pages/account-delete/index',
  privacyPolicy: '/pages/privacy-policy/index',
  couponCenter: '/pages/coupon-center/index',
  myCoupons: '/pages/coupons/index',
  points: '/pages/points/index',
} as const;

let openingPrivacy = false;

function topRoute(): string | undefined {
  const pages = Taro.getCurrentPages();
  const route = pages[pages.length - 1]?.route;
  return route === undefined ? undefined : `/${route.replace(/^\//, '')}`;
}

/** Opens the privacy guide unless it is already on top (several triggers may fire at once). */
export function openPrivacyPage(): void {
  if (openingPrivacy || topRoute() === ROUTES.privacy) return;
  openingPrivacy = true;
  Taro.navigateTo({ url: ROUTES.privacy }).finally(() => {
    openingPrivacy = false;
  });
}

/** Back to where the shopper came from, or to the home tab when the guide was the first page. */
export function leavePrivacyPage(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: ROUTES.home });
}

import type { Platform } from '../platform';
import type { MallModule } from '../platform/module';
import { accountModule } from './account';
import { storeModule } from './store';
import { catalogModule } from './catalog';
import { paymentModule } from './payment';
import { marketingModule } from './marketing';
import { orderModule } from './order';
import { pointsModule } from './points';
import { couponModule } from './coupon';
import { shareModule } from './share';
import { distributionModule } from './distribution';

/** Every domain module, in dependency order. A new module is a folder and one line here. */
export function buildModules(platform: Platform): MallModule[] {
  const account = accountModule(platform);
  const store = storeModule(platform, { accounts: account.service });
  const catalog = catalogModule(platform);
  const payment = paymentModule(platform);
  const marketing = marketingModule(platform, { catalog: catalog.service });
  const order = orderModule(platform, {
    accounts: account.service,
    catalog: catalog.service,
    payment: payment.service,
    marketing: marketing.service,
  });
  const points = pointsModule(platform, { orders: order.service, accounts: account.service });
  const coupon = couponModule(platform, { accounts: account.service });
  marketing.service.registerCoupons(coupon.service);
  marketing.service.registerPoints(points.service);
  const share = shareModule(platform, { catalog: catalog.service, accounts: account.service });
  const distribution = distributionModule(platform, {
    orders: order.service,
    accounts: account.service,
    catalog: catalog.service,
    share: share.service,
  });
  return [account, store, catalog, payment, marketing, order, points, coupon, share, distribution];
}

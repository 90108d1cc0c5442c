import type { Platform } from '../../platform';
import type { MallModule } from '../../platform/module';
import type { AccountService } from '../account/service';
import { adminRoutes } from './admin-routes';
import { couponEventHandlers } from './events';
import { couponCronJobs } from './jobs';
import type { AccountsPort } from './ports';
import { createCouponService, type CouponService } from './service';
import { shopRoutes } from './shop-routes';

export type { CouponService } from './service';
export type { IssueInput, IssueOutcome } from './issue';

/** Coupons: templates, claim center, grants, system issue, redemption codes, use through orders. */
export function couponModule(
  platform: Platform,
  deps: { accounts: AccountService },
): MallModule & { service: CouponService } {
  const accounts: AccountsPort = deps.accounts;
  const { service, parts, register } = createCouponService(platform, { accounts });
  return {
    name: 'coupon',
    service,
    routes: [...shopRoutes(parts), ...adminRoutes(parts)],
    eventHandlers: couponEventHandlers(parts.usage),
    cronJobs: couponCronJobs(parts.usage),
    async init() {
      register();
    },
  };
}

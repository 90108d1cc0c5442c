import type { OwnershipEntry } from './index';

export const ownership: Record<string, OwnershipEntry> = {
  '/api/shop/coupon-center/:id/claim': {
    notOwned:
      'the id names a coupon template of the claim center, shared by every shopper; what a claim creates is ' +
      'the caller’s own instance (my coupons list only the caller’s)',
  },
};

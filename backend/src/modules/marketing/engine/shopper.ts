import type { ShopperFacts } from './types';

/**
 * A shopper at the base level: no level or paid-member price, no tags, no points. Pricing starts from it and
 * lays the facts it knows on top; a product page uses it for a visitor.
 */
export function baseShopper(over: Partial<ShopperFacts> = {}): ShopperFacts {
  return {
    shopperId: null,
    isNew: false,
    levelId: null,
    levelRank: 0,
    levelDiscountPermille: null,
    paidMember: false,
    paidMemberDiscountPermille: null,
    freeShipping: false,
    tags: [],
    buckets: {},
    pointsBalance: 0,
    ...over,
  };
}

import { baseShopper } from './shopper';
import type { Campaign, CartLine, CouponOffer, PricingInput, ShopperFacts } from './types';

/**
 * Builders for pricing inputs with sensible defaults, for the engine's tests and the pricing benchmark.
 * Pure data; nothing here is used by the engine itself.
 */

export const T0 = new Date('2025-03-12T04:00:00Z'); // Wednesday 12:00 in Asia/Shanghai

export function line(over: Partial<CartLine> & { skuId: number }): CartLine {
  return {
    key: String(over.skuId),
    productId: over.skuId,
    categoryIds: [],
    kind: 'physical',
    basePrice: 1000,
    quantity: 1,
    ...over,
  };
}

export const shopper = (over: Partial<ShopperFacts> = {}): ShopperFacts =>
  baseShopper({ shopperId: 1, ...over });

export function campaign<C>(kind: string, config: C, over: Partial<Campaign<C>> = {}): Campaign<C> {
  return {
    id: 1,
    kind,
    name: kind,
    priority: 0,
    exclusive: false,
    stackGroup: 'default',
    startsAt: null,
    endsAt: null,
    audience: { type: 'all' },
    scope: { mode: 'all', productIds: [], categoryIds: [] },
    config,
    remainingUses: null,
    ...over,
  };
}

export function coupon(over: Partial<CouponOffer> & { instanceId: number }): CouponOffer {
  return {
    templateId: over.instanceId,
    name: `券${over.instanceId}`,
    kind: 'amount_off',
    threshold: 0,
    amountOff: 500,
    discountPermille: 1000,
    maxDiscount: null,
    scope: { mode: 'all', productIds: [], categoryIds: [] },
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validTo: new Date('2026-01-01T00:00:00Z'),
    windows: [],
    stackable: false,
    allowActivityLines: false,
    ...over,
  };
}

export function pricingInput(over: Partial<PricingInput> = {}): PricingInput {
  return {
    now: T0,
    timezone: 'Asia/Shanghai',
    lines: [],
    shopper: shopper(),
    campaigns: [],
    coupons: [],
    couponSelection: [],
    freight: { amount: 0, province: null, ships: false },
    points: { settings: { enabled: false, pointsPerYuan: 100, maxPermille: 500, minPoints: 0 }, request: 0 },
    giftSkus: {},
    ...over,
  };
}

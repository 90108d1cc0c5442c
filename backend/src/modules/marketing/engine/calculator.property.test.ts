import fc from 'fast-check';
import { inScope, priceCart } from './calculator';
import { createToolRegistry } from './registry';
import { campaign, coupon, line, pricingInput, shopper, T0 } from './testing';
import type {
  ActivityPrice,
  Campaign,
  CartLine,
  CouponOffer,
  PricedCart,
  PricingInput,
  Scope,
  UsableWindow,
} from './types';

/**
 * Random carts (1–20 lines) with random campaigns of every tool, coupons and points; the invariants of
 * RULES §0/§2/§3 must hold for every one of them.
 */

const registry = createToolRegistry();
const HOUR = 3_600_000;
const GIFT_SKUS = [900, 901, 902];
const PROVINCES = ['浙江省', '新疆维吾尔自治区', '西藏自治区'];

const scopeArb: fc.Arbitrary<Scope> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Scope>({ mode: 'all', productIds: [], categoryIds: [] }) },
  {
    weight: 2,
    arbitrary: fc.record({
      mode: fc.constantFrom<'include' | 'exclude'>('include', 'exclude'),
      productIds: fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { maxLength: 3 }),
      categoryIds: fc.uniqueArray(fc.integer({ min: 100, max: 103 }), { maxLength: 2 }),
    }),
  },
);

const audienceArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ type: 'all' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'new' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('levels' as const), levelIds: fc.subarray([1, 2, 3]) }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'paid_members' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('tags' as const), tags: fc.subarray(['体验官', '老客']) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('all' as const),
      bucket: fc.record({ experiment: fc.constant('exp'), variant: fc.constantFrom('A', 'B') }),
    }),
  },
);

const fenArb = (max: number) => fc.integer({ min: 1, max });

/** Tier lists with distinct thresholds. */
const thresholds = (min: number, max: number, maxLength: number) =>
  fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength });

const configArbs: Record<string, fc.Arbitrary<unknown>> = {
  full_reduction: fc.oneof(
    thresholds(1, 30000, 3).chain((ts) =>
      fc.record({
        mode: fc.constant('tiers'),
        thresholdUnit: fc.constant('fen'),
        tiers: fc.tuple(
          ...ts.map((threshold) =>
            fc.oneof(
              fc.integer({ min: 1, max: threshold }).map((amountOff) => ({ threshold, amountOff })),
              fc.integer({ min: 500, max: 999 }).map((discountPermille) => ({ threshold, discountPermille })),
            ),
          ),
        ),
      }),
    ),
    thresholds(1, 12, 3).chain((ts) =>
      fc.record({
        mode: fc.constant('tiers'),
        thresholdUnit: fc.constant('items'),
        tiers: fc.tuple(
          ...ts.map((threshold) =>
            fc.oneof(
              fenArb(20000).map((amountOff) => ({ threshold, amountOff })),
              fc.integer({ min: 500, max: 999 }).map((discountPermille) => ({ threshold, discountPermille })),
            ),
          ),
        ),
      }),
    ),
    fc
      .record({ every: fenArb(20000), off: fenArb(20000), cap: fc.option(fenArb(10000), { nil: null }) })
      .map((c) => ({ mode: 'every', every: Math.max(c.every, c.off), off: c.off, cap: c.cap })),
  ),
  buy_n_get_m: fc.record({ buy: fc.integer({ min: 1, max: 4 }), free: fc.integer({ min: 1, max: 3 }) }),
  member_day: fc.record({
    dayOfMonth: fc.constantFrom(11, 12, 13),
    discountPermille: fc.integer({ min: 500, max: 1000 }),
    pointsMultiplier: fc.integer({ min: 1, max: 3 }),
  }),
  gift: thresholds(1, 40000, 2).chain((ts) =>
    fc.record({
      tiers: fc.tuple(
        ...ts.map((threshold) =>
          fc.record({
            threshold: fc.constant(threshold),
            skuId: fc.constantFrom(...GIFT_SKUS),
            quantity: fc.integer({ min: 1, max: 3 }),
          }),
        ),
      ),
    }),
  ),
  free_shipping: fc.record({
    minAmount: fc.option(fenArb(40000), { nil: null }),
    minItems: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
    excludedProvinces: fc.subarray(PROVINCES),
  }),
  tiered_price: fc
    .uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 })
    .chain((skus) =>
      fc.record({
        skus: fc.tuple(
          ...skus.map((skuId) =>
            fc.record({
              skuId: fc.constant(skuId),
              tiers: fc
                .uniqueArray(fc.integer({ min: 2, max: 8 }), { minLength: 1, maxLength: 3 })
                .chain((qs) =>
                  fc.tuple(
                    ...qs.map((minQuantity) =>
                      fc.integer({ min: 0, max: 20000 }).map((unitPrice) => ({ minQuantity, unitPrice })),
                    ),
                  ),
                ),
            }),
          ),
        ),
      }),
    ),
};

const campaignArb: fc.Arbitrary<Omit<Campaign, 'id'>> = fc
  .constantFrom(...Object.keys(configArbs))
  .chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      name: fc.constant(`${kind} 活动`),
      priority: fc.integer({ min: 0, max: 3 }),
      exclusive: fc.boolean(),
      stackGroup: fc.constantFrom('default', 'default', 'x', 'gift', 'shipping', 'tiered_price'),
      startsAt: fc.constantFrom(
        null,
        new Date(T0.getTime() - 100 * HOUR),
        new Date(T0.getTime() + 30 * HOUR),
      ),
      endsAt: fc.constantFrom(null, new Date(T0.getTime() + 100 * HOUR), new Date(T0.getTime() - 30 * HOUR)),
      audience: audienceArb,
      scope: scopeArb,
      config: configArbs[kind],
      remainingUses: fc.constantFrom(null, null, 0, 1, 3),
    }),
  );

const activityArb: fc.Arbitrary<Omit<ActivityPrice, 'unitPrice'>> = fc.record({
  campaignId: fc.integer({ min: 500, max: 505 }),
  kind: fc.constantFrom('flash_sale', 'group_buy'),
  name: fc.constant('活动价'),
  allowCoupon: fc.boolean(),
  allowPromotions: fc.boolean(),
  allowPoints: fc.boolean(),
});

const lineArb = fc.record({
  productId: fc.integer({ min: 1, max: 8 }),
  categoryIds: fc.uniqueArray(fc.integer({ min: 100, max: 103 }), { maxLength: 2 }),
  basePrice: fc.oneof(fc.integer({ min: 0, max: 50000 }), fc.constantFrom(1, 99, 199, 201, 1999, 3333)),
  quantity: fc.integer({ min: 1, max: 10 }),
  memberPriceAllowed: fc.option(fc.boolean(), { nil: undefined }),
  activity: fc.option(fc.tuple(activityArb, fc.integer({ min: 0, max: 1000 })), { nil: undefined }),
});

const couponArb: fc.Arbitrary<Omit<CouponOffer, 'instanceId' | 'templateId' | 'name'>> = fc.record({
  kind: fc.constantFrom<CouponOffer['kind']>('amount_off', 'amount_off', 'percent_off', 'free_shipping'),
  threshold: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30000 })),
  amountOff: fenArb(20000),
  discountPermille: fc.integer({ min: 500, max: 990 }),
  maxDiscount: fc.option(fenArb(5000), { nil: null }),
  scope: scopeArb,
  validFrom: fc.constantFrom(
    ...[-1000, -1000, -1000, -1000, 10].map((h) => new Date(T0.getTime() + h * HOUR)),
  ),
  validTo: fc.constantFrom(...[1000, 1000, 500, 500, 0].map((h) => new Date(T0.getTime() + h * HOUR))),
  windows: fc.oneof(
    { weight: 3, arbitrary: fc.constant<UsableWindow[]>([]) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
          from: fc.constantFrom('00:00', '09:00', '11:00', '22:00'),
          to: fc.constantFrom('02:00', '14:00', '24:00'),
        })
        .map((w): UsableWindow[] => [w]),
    },
  ),
  stackable: fc.constantFrom(true, true, false),
  allowActivityLines: fc.boolean(),
});

const inputArb: fc.Arbitrary<PricingInput> = fc
  .record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 20 }),
    campaigns: fc.array(campaignArb, { maxLength: 10 }),
    coupons: fc.array(couponArb, { maxLength: 5 }),
    selection: fc.oneof(
      fc.constant<'auto'>('auto'),
      fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }),
    ),
    minutes: fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
    shopper: fc.record({
      isNew: fc.boolean(),
      levelId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      levelRank: fc.integer({ min: 0, max: 3 }),
      levelDiscountPermille: fc.option(fc.integer({ min: 700, max: 1000 }), { nil: null }),
      paidMember: fc.boolean(),
      paidMemberDiscountPermille: fc.option(fc.integer({ min: 800, max: 1000 }), { nil: null }),
      freeShipping: fc.constantFrom(false, false, false, true),
      tags: fc.subarray(['体验官', '老客']),
      buckets: fc.option(fc.record({ exp: fc.constantFrom('A', 'B') }), { nil: {} }),
      pointsBalance: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200000 })),
    }),
    freight: fc.record({
      amount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3000 })),
      province: fc.option(fc.constantFrom(...PROVINCES), { nil: null }),
      ships: fc.constantFrom(true, true, true, false),
    }),
    points: fc.record({
      settings: fc.record({
        enabled: fc.boolean(),
        pointsPerYuan: fc.constantFrom(1, 10, 30, 100, 300),
        maxPermille: fc.integer({ min: 0, max: 1000 }),
        minPoints: fc.constantFrom(0, 0, 100, 5000),
      }),
      request: fc.oneof(fc.constant<'max'>('max'), fc.integer({ min: 0, max: 300000 })),
    }),
    giftStock: fc.tuple(
      ...GIFT_SKUS.map(() => fc.record({ stock: fc.integer({ min: 0, max: 4 }), onSale: fc.boolean() })),
    ),
  })
  .map((r) => {
    const lines: CartLine[] = r.lines.map((l, i) =>
      line({
        skuId: i + 1,
        productId: l.productId,
        categoryIds: l.categoryIds,
        basePrice: l.basePrice,
        quantity: l.quantity,
        memberPriceAllowed: l.memberPriceAllowed,
        activity: l.activity && {
          ...l.activity[0],
          unitPrice: Math.floor((l.basePrice * l.activity[1]) / 1000),
        },
      }),
    );
    return pricingInput({
      now: new Date(T0.getTime() + r.minutes * 60_000),
      lines,
      shopper: shopper({ ...r.shopper, shopperId: 7 }),
      campaigns: r.campaigns.map((c, i) => {
        const parsed = registry.validateConfig(c.kind, c.config);
        if (!parsed.success)
          throw new Error(`generated an invalid ${c.kind} config: ${parsed.error.message}`);
        return campaign(c.kind, parsed.data, { ...c, config: parsed.data, id: i + 1 });
      }),
      coupons: r.coupons.map((c, i) => coupon({ ...c, instanceId: i + 1 })),
      couponSelection: r.selection,
      freight: r.freight,
      points: r.points,
      giftSkus: Object.fromEntries(
        GIFT_SKUS.map((skuId, i) => [skuId, { skuId, productId: skuId, ...r.giftStock[i] }]),
      ),
    });
  });

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function checkInvariants(input: PricingInput, cart: PricedCart): void {
  const bought = cart.lines.filter((l) => !l.isGift);
  const inputLine = new Map(input.lines.map((l) => [l.key, l]));
  const campaigns = new Map(input.campaigns.map((c) => [c.id, c]));
  const coupons = new Map(input.coupons.map((c) => [c.instanceId, c]));

  // money is whole fen and never negative
  for (const l of cart.lines) {
    for (const v of [l.unitPrice, l.goodsAmount, l.discountAmount, l.pointsAmount, l.payAmount]) {
      expect(Number.isSafeInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(l.goodsAmount).toBe(l.unitPrice * l.quantity);
    expect(l.payAmount).toBe(l.goodsAmount - l.discountAmount - l.pointsAmount);
  }
  expect(cart.payAmount).toBeGreaterThanOrEqual(0);

  // totals
  expect(cart.listAmount).toBe(sum(input.lines.map((l) => l.basePrice * l.quantity)));
  expect(cart.goodsAmount).toBe(sum(cart.lines.map((l) => l.goodsAmount)));
  expect(cart.discountAmount).toBe(sum(cart.lines.map((l) => l.discountAmount)));
  expect(cart.pointsAmount).toBe(sum(cart.lines.map((l) => l.pointsAmount)));
  expect(cart.payAmount).toBe(
    cart.goodsAmount - cart.discountAmount - cart.pointsAmount + cart.freightAmount,
  );
  expect(cart.freightBase).toBe(input.freight.amount);
  expect(cart.freightDiscount).toBeGreaterThanOrEqual(0);
  expect(cart.freightDiscount).toBeLessThanOrEqual(cart.freightBase);
  expect(cart.freightAmount).toBe(cart.freightBase - cart.freightDiscount);

  // every adjustment's split sums to it; line totals are the sums of the adjustments
  const perLine = {
    unit: new Map<string, number>(),
    goods: new Map<string, number>(),
    points: new Map<string, number>(),
  };
  const running = new Map(cart.lines.map((l) => [l.key, l.goodsAmount]));
  let freight = 0;
  for (const a of cart.adjustments) {
    expect(a.amount).toBeGreaterThan(0);
    if (a.target === 'freight') {
      expect(a.lines).toEqual([]);
      freight += a.amount;
      continue;
    }
    expect(sum(a.lines.map((x) => x.amount))).toBe(a.amount);
    const bucket = a.target === 'unit' ? perLine.unit : a.stage === 'points' ? perLine.points : perLine.goods;
    for (const part of a.lines) {
      expect(part.amount).toBeGreaterThan(0);
      bucket.set(part.key, (bucket.get(part.key) ?? 0) + part.amount);
      const l = inputLine.get(part.key);
      expect(l).toBeDefined();
      if (!l) continue;
      if (a.target === 'goods') {
        // no discount exceeds what the line still had when it was computed
        const left = running.get(part.key)! - part.amount;
        expect(left).toBeGreaterThanOrEqual(0);
        running.set(part.key, left);
      }
      // only lines the source may touch
      if (a.source.type === 'campaign') {
        const c = campaigns.get(a.source.id!)!;
        expect(inScope(c.scope, l)).toBe(true);
        if (a.stage === 'promotion') expect(!l.activity || l.activity.allowPromotions).toBe(true);
        else expect(l.activity).toBeUndefined();
      } else if (a.source.type === 'coupon') {
        const c = coupons.get(a.source.id!)!;
        expect(inScope(c.scope, l)).toBe(true);
        if (l.activity) expect(l.activity.allowCoupon && c.allowActivityLines).toBe(true);
      } else if (a.source.type === 'points') {
        expect(!l.activity || l.activity.allowPoints).toBe(true);
      }
    }
    if (a.source.type === 'coupon') {
      const c = coupons.get(a.source.id!)!;
      if (c.kind === 'amount_off') expect(a.amount).toBeLessThanOrEqual(c.amountOff);
      if (c.kind === 'percent_off' && c.maxDiscount !== null)
        expect(a.amount).toBeLessThanOrEqual(c.maxDiscount);
    }
  }
  expect(freight).toBe(cart.freightDiscount);
  for (const l of bought) {
    const base = inputLine.get(l.key)!.basePrice;
    expect(perLine.unit.get(l.key) ?? 0).toBe(Math.max(0, (base - l.unitPrice) * l.quantity));
    expect(perLine.goods.get(l.key) ?? 0).toBe(l.discountAmount);
    expect(perLine.points.get(l.key) ?? 0).toBe(l.pointsAmount);
  }

  // gifts are 0-fen lines of applied gift campaigns
  for (const g of cart.lines.filter((l) => l.isGift)) {
    expect(g).toMatchObject({ unitPrice: 0, basePrice: 0, goodsAmount: 0, payAmount: 0 });
    expect(g.key).toBe(`gift:${g.giftCampaignId}:${g.skuId}`);
    expect(cart.appliedCampaignIds).toContain(g.giftCampaignId);
    expect(g.quantity).toBeLessThanOrEqual(input.giftSkus[g.skuId].stock);
  }

  // points: within the balance and the cap
  const points = cart.adjustments.filter((a) => a.stage === 'points');
  expect(points.length).toBeLessThanOrEqual(1);
  expect(cart.pointsUsed).toBe(points[0]?.pointsUsed ?? 0);
  expect(cart.pointsUsed).toBeLessThanOrEqual(Math.max(0, input.shopper.pointsBalance));
  if (cart.pointsUsed > 0) {
    const s = input.points.settings;
    expect(s.enabled).toBe(true);
    expect(cart.pointsUsed).toBeGreaterThanOrEqual(s.minPoints);
    const eligible = sum(
      bought
        .filter((l) => {
          const a = inputLine.get(l.key)!.activity;
          return !a || a.allowPoints;
        })
        .map((l) => l.goodsAmount - l.discountAmount),
    );
    expect(cart.pointsAmount).toBeLessThanOrEqual(Math.floor((eligible * s.maxPermille) / 1000));
    // the fewest points worth the fen taken
    expect(cart.pointsUsed).toBe(Math.ceil((cart.pointsAmount * s.pointsPerYuan) / 100));
    expect(cart.pointsAmount).toBeLessThanOrEqual(Math.floor((cart.pointsUsed * 100) / s.pointsPerYuan));
  }

  // coupons: verdicts agree with the coupons used; one unless every one is stackable
  expect(cart.usedCouponIds).toEqual(cart.coupons.filter((c) => c.selected).map((c) => c.instanceId));
  for (const v of cart.coupons) if (v.selected) expect(v.usable).toBe(true);
  for (const v of cart.coupons) if (!v.usable) expect(v.discount).toBe(0);
  const used = cart.usedCouponIds.map((id) => coupons.get(id)!);
  if (used.length > 1) expect(used.every((c) => c.stackable)).toBe(true);
  if (input.couponSelection === 'auto') expect(used.length).toBeLessThanOrEqual(1);

  // an exclusive campaign never applies together with another of its stack group
  const applied = [
    ...cart.appliedCampaignIds.map((id) => campaigns.get(id)!),
    ...used.map((c) => ({ id: -c.instanceId, stackGroup: 'default', exclusive: false })),
  ];
  expect(new Set(cart.appliedCampaignIds).size).toBe(cart.appliedCampaignIds.length);
  for (const e of applied)
    if (e.exclusive) expect(applied.filter((x) => x.stackGroup === e.stackGroup)).toHaveLength(1);
  for (const id of cart.appliedCampaignIds) {
    const c = campaigns.get(id)!;
    expect(c.remainingUses).not.toBe(0);
    if (c.startsAt) expect(c.startsAt.getTime()).toBeLessThanOrEqual(input.now.getTime());
    if (c.endsAt) expect(c.endsAt.getTime()).toBeGreaterThan(input.now.getTime());
  }
}

describe('priceCart properties', () => {
  it('holds every invariant on random carts, campaigns, coupons and points', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        checkInvariants(input, priceCart(input, registry));
      }),
      { numRuns: 600 },
    );
  });

  it('is deterministic and never mutates its input', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const before = structuredClone(input);
        const first = priceCart(input, registry);
        expect(input).toEqual(before);
        const again = priceCart(input, registry);
        expect(again).toEqual(first);
        // the result shares nothing the caller could change to alter a later run
        first.lines.forEach((l) => (l.payAmount = -1));
        first.adjustments.forEach((a) => a.lines.forEach((x) => (x.amount = -1)));
        expect(priceCart(input, registry)).toEqual(again);
      }),
      { numRuns: 300 },
    );
  });

  it('is not fooled by exclusive campaigns of one group in any order', () => {
    const exclusiveCart = inputArb.map((input) => ({
      ...input,
      campaigns: input.campaigns.map((c) => ({ ...c, exclusive: true, stackGroup: 'default' })),
    }));
    fc.assert(
      fc.property(exclusiveCart, (input) => {
        const cart = priceCart(input, registry);
        // one exclusive campaign alone, or only coupons (stackable ones may be several)
        expect(cart.appliedCampaignIds.length).toBeLessThanOrEqual(1);
        if (cart.appliedCampaignIds.length === 1) expect(cart.usedCouponIds).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

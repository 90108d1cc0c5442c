import { priceCart } from './calculator';
import { createToolRegistry } from './registry';
import { campaign, coupon, line, pricingInput, shopper, T0 } from './testing';
import type { FullReductionConfig } from './tools/full_reduction';
import type { PricedCart, PricingInput } from './types';

const registry = createToolRegistry();
const price = (over: Partial<PricingInput>) => priceCart(pricingInput(over), registry);
const lineOf = (cart: PricedCart, key: string) => {
  const found = cart.lines.find((l) => l.key === key);
  if (!found) throw new Error(`no line ${key}`);
  return found;
};
const discounts = (cart: PricedCart) => cart.lines.map((l) => l.discountAmount);
const reduction = (config: FullReductionConfig, over = {}) => campaign('full_reduction', config, over);
type Tier = Extract<FullReductionConfig, { mode: 'tiers' }>['tiers'][number];
const tiers = (...t: Tier[]) => reduction({ mode: 'tiers', thresholdUnit: 'fen', tiers: t });
/** Shanghai wall time → UTC instant */
const shanghai = (iso: string) => new Date(`${iso}+08:00`);

describe('stage 1: unit prices', () => {
  it('takes the lower of the level price and the paid-member price, never both', () => {
    const lines = [line({ skuId: 1, basePrice: 10000 })];
    const level = price({
      lines,
      shopper: shopper({
        levelId: 3,
        levelRank: 2,
        levelDiscountPermille: 900,
        paidMember: true,
        paidMemberDiscountPermille: 950,
      }),
    });
    expect(lineOf(level, '1')).toMatchObject({
      unitPrice: 9000,
      unitSource: 'member_price',
      goodsAmount: 9000,
    });
    const paid = price({
      lines,
      shopper: shopper({
        levelId: 3,
        levelRank: 1,
        levelDiscountPermille: 950,
        paidMember: true,
        paidMemberDiscountPermille: 900,
      }),
    });
    expect(lineOf(paid, '1')).toMatchObject({ unitPrice: 9000, unitSource: 'paid_member_price' });
    // one unit adjustment of (base − unit) × qty, not 9 折 × 9.5 折
    expect(paid.adjustments).toEqual([
      {
        source: { type: 'member', id: null, kind: 'paid_member_price', name: '付费会员价' },
        stage: 'unit',
        target: 'unit',
        amount: 1000,
        lines: [{ key: '1', amount: 1000 }],
      },
    ]);
    expect(paid.listAmount).toBe(10000);
    expect(paid.payAmount).toBe(9000);
  });

  it('rounds member prices half up per unit and honours memberPriceAllowed', () => {
    const cart = price({
      lines: [
        line({ skuId: 1, basePrice: 1999, quantity: 3 }),
        line({ skuId: 2, basePrice: 5000, memberPriceAllowed: false }),
      ],
      shopper: shopper({ levelId: 2, levelRank: 1, levelDiscountPermille: 950 }),
    });
    expect(lineOf(cart, '1')).toMatchObject({ unitPrice: 1899, goodsAmount: 5697 }); // 1899.05 → 1899
    expect(lineOf(cart, '2')).toMatchObject({ unitPrice: 5000, unitSource: 'base' });
    expect(cart.adjustments[0]).toMatchObject({ amount: 300, lines: [{ key: '1', amount: 300 }] });
  });

  it('ignores a paid-member discount of a shopper who is not a paid member', () => {
    const cart = price({
      lines: [line({ skuId: 1, basePrice: 10000 })],
      shopper: shopper({ paidMember: false, paidMemberDiscountPermille: 900 }),
    });
    expect(lineOf(cart, '1').unitSource).toBe('base');
  });

  it('gives an activity price instead of the member price', () => {
    const cart = price({
      lines: [
        line({
          skuId: 1,
          basePrice: 10000,
          quantity: 2,
          activity: {
            campaignId: 77,
            kind: 'flash_sale',
            name: '秒杀',
            unitPrice: 5900,
            allowCoupon: false,
            allowPromotions: false,
            allowPoints: false,
          },
        }),
      ],
      shopper: shopper({ levelId: 3, levelRank: 2, levelDiscountPermille: 500 }),
    });
    expect(lineOf(cart, '1')).toMatchObject({ unitPrice: 5900, unitSource: 'activity', goodsAmount: 11800 });
    expect(cart.adjustments).toEqual([
      {
        source: { type: 'activity', id: 77, kind: 'flash_sale', name: '秒杀' },
        stage: 'unit',
        target: 'unit',
        amount: 8200,
        lines: [{ key: '1', amount: 8200 }],
      },
    ]);
    // activity campaigns are counted by their own module
    expect(cart.appliedCampaignIds).toEqual([]);
  });

  describe('tiered price (阶梯价)', () => {
    const tiered = campaign(
      'tiered_price',
      {
        skus: [
          {
            skuId: 1,
            tiers: [
              { minQuantity: 3, unitPrice: 4000 },
              { minQuantity: 5, unitPrice: 3500 },
            ],
          },
        ],
      },
      { id: 9, name: '3 件 120 元', stackGroup: 'tiered_price' },
    );
    it('prices the highest tier the quantity reaches', () => {
      const two = price({ lines: [line({ skuId: 1, basePrice: 5000, quantity: 2 })], campaigns: [tiered] });
      expect(lineOf(two, '1')).toMatchObject({ unitPrice: 5000, unitSource: 'base' });
      expect(two.appliedCampaignIds).toEqual([]);
      const three = price({ lines: [line({ skuId: 1, basePrice: 5000, quantity: 3 })], campaigns: [tiered] });
      expect(lineOf(three, '1')).toMatchObject({
        unitPrice: 4000,
        unitSource: 'tiered_price',
        goodsAmount: 12000,
      });
      expect(three.adjustments[0]).toMatchObject({
        source: { type: 'campaign', id: 9, kind: 'tiered_price', name: '3 件 120 元' },
        target: 'unit',
        amount: 3000,
      });
      expect(three.appliedCampaignIds).toEqual([9]);
      const six = price({ lines: [line({ skuId: 1, basePrice: 5000, quantity: 6 })], campaigns: [tiered] });
      expect(lineOf(six, '1').unitPrice).toBe(3500);
    });
    it('is taken only when lower than the member price', () => {
      const member = shopper({ levelId: 2, levelRank: 1, levelDiscountPermille: 900 }); // 4500
      const lower = price({
        lines: [line({ skuId: 1, basePrice: 5000, quantity: 3 })],
        campaigns: [tiered],
        shopper: member,
      });
      expect(lineOf(lower, '1')).toMatchObject({ unitPrice: 4000, unitSource: 'tiered_price' });
      expect(lower.adjustments).toHaveLength(1); // the tier replaces the member price; one saving per line
      expect(lower.adjustments[0].amount).toBe(3000);
      const vip = shopper({ levelId: 3, levelRank: 2, levelDiscountPermille: 700 }); // 3500 < 4000
      const higher = price({
        lines: [line({ skuId: 1, basePrice: 5000, quantity: 3 })],
        campaigns: [tiered],
        shopper: vip,
      });
      expect(lineOf(higher, '1')).toMatchObject({ unitPrice: 3500, unitSource: 'member_price' });
      expect(higher.appliedCampaignIds).toEqual([]);
    });
  });
});

describe('full reduction (满减)', () => {
  it('splits 满5减1 over several items exactly', () => {
    const cart = price({
      lines: [
        line({ skuId: 1, basePrice: 199 }),
        line({ skuId: 2, basePrice: 201 }),
        line({ skuId: 3, basePrice: 150 }),
      ],
      campaigns: [tiers({ threshold: 500, amountOff: 100 })],
    });
    expect(discounts(cart)).toEqual([36, 37, 27]);
    expect(cart.discountAmount).toBe(100);
    expect(cart.payAmount).toBe(450);
    expect(cart.adjustments[0]).toMatchObject({ stage: 'promotion', target: 'goods', amount: 100 });
  });

  it('splits ¥10 over three equal items without losing a fen', () => {
    const cart = price({
      lines: [1, 2, 3].map((skuId) => line({ skuId, basePrice: 1000 })),
      campaigns: [tiers({ threshold: 3000, amountOff: 1000 })],
    });
    expect(discounts(cart)).toEqual([334, 333, 333]);
    expect(cart.lines.map((l) => l.payAmount)).toEqual([666, 667, 667]);
    expect(cart.payAmount).toBe(2000);
  });

  it('applies only the highest tier reached', () => {
    const c = tiers(
      { threshold: 10000, amountOff: 1000 },
      { threshold: 30000, amountOff: 5000 },
      { threshold: 20000, amountOff: 3000 },
    );
    expect(price({ lines: [line({ skuId: 1, basePrice: 25000 })], campaigns: [c] }).discountAmount).toBe(
      3000,
    );
    expect(price({ lines: [line({ skuId: 1, basePrice: 30000 })], campaigns: [c] }).discountAmount).toBe(
      5000,
    );
    expect(price({ lines: [line({ skuId: 1, basePrice: 9999 })], campaigns: [c] }).discountAmount).toBe(0);
  });

  it('does 每满 with a cap', () => {
    const every = reduction({ mode: 'every', every: 10000, off: 1000, cap: 2500 });
    expect(price({ lines: [line({ skuId: 1, basePrice: 19999 })], campaigns: [every] }).discountAmount).toBe(
      1000,
    );
    expect(price({ lines: [line({ skuId: 1, basePrice: 20000 })], campaigns: [every] }).discountAmount).toBe(
      2000,
    );
    expect(price({ lines: [line({ skuId: 1, basePrice: 35000 })], campaigns: [every] }).discountAmount).toBe(
      2500,
    );
    const uncapped = reduction({ mode: 'every', every: 10000, off: 1000, cap: null });
    expect(
      price({ lines: [line({ skuId: 1, basePrice: 35000 })], campaigns: [uncapped] }).discountAmount,
    ).toBe(3000);
  });

  it('counts items and takes percent tiers', () => {
    const c = reduction({
      mode: 'tiers',
      thresholdUnit: 'items',
      tiers: [{ threshold: 3, discountPermille: 900 }],
    });
    const two = price({ lines: [line({ skuId: 1, basePrice: 3333, quantity: 2 })], campaigns: [c] });
    expect(two.discountAmount).toBe(0);
    const three = price({ lines: [line({ skuId: 1, basePrice: 3333, quantity: 3 })], campaigns: [c] });
    expect(three.discountAmount).toBe(1000); // 9999 − round(8999.1)
  });

  it('works on the scope only and skips activity lines that do not allow promotions', () => {
    const c = reduction(
      { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 1000, amountOff: 100 }] },
      { scope: { mode: 'include', productIds: [], categoryIds: [50] } },
    );
    const flash = {
      campaignId: 5,
      kind: 'flash_sale',
      name: '秒杀',
      unitPrice: 2000,
      allowCoupon: false,
      allowPromotions: false,
      allowPoints: false,
    };
    const cart = price({
      lines: [
        line({ skuId: 1, basePrice: 600, categoryIds: [50, 5] }),
        line({ skuId: 2, basePrice: 600, categoryIds: [60] }),
        line({ skuId: 3, basePrice: 3000, categoryIds: [50], activity: flash }),
      ],
      campaigns: [c],
    });
    expect(cart.discountAmount).toBe(0); // 600 in scope and eligible < 1000
    const allowed = price({
      lines: [
        line({ skuId: 1, basePrice: 600, categoryIds: [50, 5] }),
        line({ skuId: 3, basePrice: 3000, categoryIds: [50], activity: { ...flash, allowPromotions: true } }),
      ],
      campaigns: [c],
    });
    expect(discounts(allowed)).toEqual([23, 77]);
  });

  it('re-tests each campaign on the amounts left by the previous ones', () => {
    const first = tiers({ threshold: 10000, amountOff: 500 });
    const second = reduction(
      { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 10000, amountOff: 300 }] },
      { id: 2, priority: -1 },
    );
    const cart = price({ lines: [line({ skuId: 1, basePrice: 10000 })], campaigns: [second, first] });
    expect(cart.discountAmount).toBe(500);
    expect(cart.appliedCampaignIds).toEqual([1]);
    const enough = price({ lines: [line({ skuId: 1, basePrice: 10500 })], campaigns: [second, first] });
    expect(enough.discountAmount).toBe(800);
    expect(enough.appliedCampaignIds).toEqual([1, 2]);
  });
});

describe('buy N get M (买N送M)', () => {
  const b2g1 = campaign('buy_n_get_m', { buy: 2, free: 1 }, { id: 3, name: '买2送1' });
  it('frees the cheapest units', () => {
    const cart = price({
      lines: [
        line({ skuId: 1, basePrice: 3000, quantity: 2 }),
        line({ skuId: 2, basePrice: 1000 }),
        line({ skuId: 3, basePrice: 2000 }),
      ],
      campaigns: [b2g1],
    });
    expect(discounts(cart)).toEqual([0, 1000, 0]);
    expect(cart.adjustments[0]).toMatchObject({
      source: { kind: 'buy_n_get_m', name: '买2送1' },
      amount: 1000,
      lines: [{ key: '2', amount: 1000 }],
    });
  });
  it('frees M of every N + M units', () => {
    const cart = price({
      lines: [
        line({ skuId: 1, basePrice: 3000, quantity: 4 }),
        line({ skuId: 2, basePrice: 1000, quantity: 1 }),
        line({ skuId: 3, basePrice: 2000, quantity: 1 }),
      ],
      campaigns: [b2g1],
    });
    // 6 units → 2 free: the ¥10 and the ¥20 unit
    expect(discounts(cart)).toEqual([0, 1000, 2000]);
    expect(price({ lines: [line({ skuId: 1, quantity: 2 })], campaigns: [b2g1] }).discountAmount).toBe(0);
  });
  it('values units by the line amount split evenly, earlier units taking the extra fen', () => {
    const reduced = tiers({ threshold: 100, amountOff: 1 }); // 满减 runs after; here only 买2送1 matters
    const cart = price({
      lines: [
        line({ skuId: 1, basePrice: 1001, quantity: 1 }),
        line({ skuId: 2, basePrice: 667, quantity: 3 }),
      ],
      campaigns: [b2g1, { ...reduced, id: 4 }],
    });
    // units: 1001 | 667 667 667 → 4 units, one free: 667
    expect(cart.adjustments[0]).toMatchObject({ amount: 667, lines: [{ key: '2', amount: 667 }] });
  });
});

describe('member day (会员日)', () => {
  const day = campaign(
    'member_day',
    { dayOfMonth: 12, discountPermille: 800, pointsMultiplier: 2 },
    { id: 6 },
  );
  const gold = shopper({ levelId: 3, levelRank: 2 });
  it('gives members an extra 8 折 on the day, in shop time', () => {
    const lines = [line({ skuId: 1, basePrice: 10000 })];
    expect(price({ lines, campaigns: [day], shopper: gold }).discountAmount).toBe(2000);
    expect(price({ lines, campaigns: [day], shopper: shopper() }).discountAmount).toBe(0);
    expect(price({ lines, campaigns: [day], shopper: shopper({ paidMember: true }) }).discountAmount).toBe(
      2000,
    );
    // 00:30 on the 12th in Shanghai is still the 11th in UTC
    expect(
      price({ lines, campaigns: [day], shopper: gold, now: new Date('2025-03-11T16:30:00Z') }).discountAmount,
    ).toBe(2000);
    expect(
      price({ lines, campaigns: [day], shopper: gold, now: new Date('2025-03-12T16:30:00Z') }).discountAmount,
    ).toBe(0);
  });
});

describe('campaign filters', () => {
  const c = tiers({ threshold: 100, amountOff: 100 });
  const lines = [line({ skuId: 1, basePrice: 1000 })];
  it('applies inside [startsAt, endsAt) only', () => {
    expect(price({ lines, campaigns: [{ ...c, startsAt: new Date(T0.getTime() + 1) }] }).discountAmount).toBe(
      0,
    );
    expect(price({ lines, campaigns: [{ ...c, startsAt: T0 }] }).discountAmount).toBe(100);
    expect(price({ lines, campaigns: [{ ...c, endsAt: T0 }] }).discountAmount).toBe(0);
    expect(price({ lines, campaigns: [{ ...c, endsAt: new Date(T0.getTime() + 1) }] }).discountAmount).toBe(
      100,
    );
  });
  it('stops at 0 uses left, also for automatic promotions', () => {
    expect(price({ lines, campaigns: [{ ...c, remainingUses: 0 }] }).discountAmount).toBe(0);
    const once = price({ lines, campaigns: [{ ...c, remainingUses: 1 }] });
    expect(once.discountAmount).toBe(100);
    expect(once.appliedCampaignIds).toEqual([1]);
  });
  it('matches audiences and experiment buckets', () => {
    const at = (audience: typeof c.audience, s = shopper()) =>
      price({ lines, campaigns: [{ ...c, audience }], shopper: s }).discountAmount;
    expect(at({ type: 'new' })).toBe(0);
    expect(at({ type: 'new' }, shopper({ isNew: true }))).toBe(100);
    expect(at({ type: 'levels', levelIds: [2, 3] }, shopper({ levelId: 3 }))).toBe(100);
    expect(at({ type: 'levels', levelIds: [2, 3] }, shopper({ levelId: 4 }))).toBe(0);
    expect(at({ type: 'paid_members' }, shopper({ paidMember: true }))).toBe(100);
    expect(at({ type: 'tags', tags: ['体验官'] }, shopper({ tags: ['体验官'] }))).toBe(100);
    expect(at({ type: 'tags', tags: ['体验官'] }, shopper({ tags: ['老客'] }))).toBe(0);
    const bucket = { type: 'all' as const, bucket: { experiment: 'price-test', variant: 'B' } };
    expect(at(bucket, shopper({ buckets: { 'price-test': 'B' } }))).toBe(100);
    expect(at(bucket, shopper({ buckets: { 'price-test': 'A' } }))).toBe(0);
    expect(at(bucket)).toBe(0);
  });
  it('ignores campaigns of tools that are not registered', () => {
    expect(price({ lines, campaigns: [campaign('unknown_tool', {})] }).discountAmount).toBe(0);
  });
});

describe('stacking', () => {
  it('an exclusive campaign applies only if nothing of its group applied before, and then alone', () => {
    const b2g1 = campaign('buy_n_get_m', { buy: 1, free: 1 }, { id: 1 });
    const exclusive = reduction(
      { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 100, amountOff: 100 }] },
      { id: 2, exclusive: true },
    );
    const later = reduction(
      { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 100, amountOff: 50 }] },
      { id: 3, priority: -1 },
    );
    const lines = [line({ skuId: 1, basePrice: 1000, quantity: 2 })];
    // 买N送M (rank 10) applied first: the exclusive 满减 stays out, the other one applies
    expect(price({ lines, campaigns: [b2g1, exclusive, later] }).appliedCampaignIds).toEqual([1, 3]);
    // alone, the exclusive one blocks the later one of its group …
    expect(price({ lines, campaigns: [exclusive, later] }).appliedCampaignIds).toEqual([2]);
    // … but not one of another group
    expect(
      price({ lines, campaigns: [exclusive, { ...later, stackGroup: 'other' }] }).appliedCampaignIds,
    ).toEqual([2, 3]);
  });

  it('an exclusive campaign blocks coupons (stack group default)', () => {
    const exclusive = reduction(
      { mode: 'tiers', thresholdUnit: 'fen', tiers: [{ threshold: 100, amountOff: 100 }] },
      { exclusive: true },
    );
    const cart = price({
      lines: [line({ skuId: 1, basePrice: 1000 })],
      campaigns: [exclusive],
      coupons: [coupon({ instanceId: 11, amountOff: 200 })],
      couponSelection: 'auto',
    });
    expect(cart.coupons).toEqual([
      { instanceId: 11, usable: false, reason: 'exclusive_campaign', discount: 0, selected: false },
    ]);
    expect(cart.usedCouponIds).toEqual([]);
    expect(cart.discountAmount).toBe(100);
    // in another stack group it leaves coupons alone
    const apart = price({
      lines: [line({ skuId: 1, basePrice: 1000 })],
      campaigns: [{ ...exclusive, stackGroup: 'solo' }],
      coupons: [coupon({ instanceId: 11, amountOff: 200 })],
      couponSelection: 'auto',
    });
    expect(apart.usedCouponIds).toEqual([11]);
    expect(apart.discountAmount).toBe(300);
  });
});

describe('coupons (RULES §3)', () => {
  const lines = [line({ skuId: 1, basePrice: 6000 }), line({ skuId: 2, basePrice: 4000 })];

  it('needs the threshold on the eligible amount and caps amount_off at it', () => {
    const c = coupon({ instanceId: 1, threshold: 10000, amountOff: 2000 });
    const below = price({ lines: [line({ skuId: 1, basePrice: 9999 })], coupons: [c], couponSelection: [1] });
    expect(below.coupons[0]).toMatchObject({ usable: false, reason: 'below_threshold', selected: false });
    const at = price({ lines, coupons: [c], couponSelection: [1] });
    expect(at.coupons[0]).toEqual({
      instanceId: 1,
      usable: true,
      reason: null,
      discount: 2000,
      selected: true,
    });
    expect(discounts(at)).toEqual([1200, 800]);
    expect(at.usedCouponIds).toEqual([1]);
    expect(at.adjustments[0].source).toEqual({ type: 'coupon', id: 1, kind: 'coupon', name: '券1' });
    const big = price({
      lines: [line({ skuId: 1, basePrice: 3000 })],
      coupons: [coupon({ instanceId: 2, amountOff: 5000 })],
      couponSelection: [2],
    });
    expect(big.coupons[0].discount).toBe(3000);
    expect(big.payAmount).toBe(0);
  });

  it('caps percent_off at maxDiscount', () => {
    const c = coupon({ instanceId: 1, kind: 'percent_off', discountPermille: 800, maxDiscount: 1500 });
    expect(price({ lines, coupons: [c], couponSelection: [1] }).discountAmount).toBe(1500);
    expect(
      price({ lines, coupons: [{ ...c, maxDiscount: null }], couponSelection: [1] }).discountAmount,
    ).toBe(2000);
    expect(
      price({ lines: [line({ skuId: 1, basePrice: 999 })], coupons: [c], couponSelection: [1] })
        .discountAmount,
    ).toBe(200); // 999 − round(799.2)
  });

  it('is usable only within validFrom ≤ now < validTo', () => {
    const c = coupon({
      instanceId: 1,
      validFrom: new Date(T0.getTime() + 1),
      validTo: new Date('2030-01-01T00:00:00Z'),
    });
    expect(price({ lines, coupons: [c], couponSelection: [1] }).coupons[0].reason).toBe('not_started');
    expect(
      price({ lines, coupons: [{ ...c, validFrom: T0 }], couponSelection: [1] }).coupons[0].reason,
    ).toBeNull();
    expect(
      price({ lines, coupons: [{ ...c, validFrom: new Date(0), validTo: T0 }], couponSelection: [1] })
        .coupons[0].reason,
    ).toBe('expired');
  });

  it('keeps a Mon–Fri 11:00–14:00 window in shop time', () => {
    const lunch = coupon({
      instanceId: 1,
      windows: [{ weekdays: [1, 2, 3, 4, 5], from: '11:00', to: '14:00' }],
    });
    const at = (iso: string) =>
      price({ lines, coupons: [lunch], couponSelection: [1], now: shanghai(iso) }).coupons[0];
    // 2025-03-10 is a Monday
    expect(at('2025-03-10T10:59:00')).toMatchObject({ usable: false, reason: 'outside_window' });
    expect(at('2025-03-10T11:00:00')).toMatchObject({ usable: true, reason: null, selected: true });
    expect(at('2025-03-10T13:59:59')).toMatchObject({ usable: true });
    expect(at('2025-03-10T14:00:00')).toMatchObject({ reason: 'outside_window' });
    expect(at('2025-03-15T12:00:00')).toMatchObject({ reason: 'outside_window' }); // Saturday
    // the same instant read in UTC would be 03:00 — the shop's time zone decides
    expect(shanghai('2025-03-10T11:00:00').toISOString()).toBe('2025-03-10T03:00:00.000Z');
    const overnight = coupon({ instanceId: 2, windows: [{ weekdays: [5], from: '22:00', to: '02:00' }] });
    const night = (iso: string) =>
      price({ lines, coupons: [overnight], couponSelection: [2], now: shanghai(iso) }).coupons[0].usable;
    expect(night('2025-03-14T23:00:00')).toBe(true); // Friday
    expect(night('2025-03-15T01:59:00')).toBe(true); // Saturday, Friday's window
    expect(night('2025-03-15T02:00:00')).toBe(false);
    expect(night('2025-03-13T23:00:00')).toBe(false); // Thursday
  });

  it('refuses activity-priced lines unless the activity and the coupon both allow them', () => {
    const activity = {
      campaignId: 8,
      kind: 'group_buy',
      name: '拼团',
      unitPrice: 5000,
      allowCoupon: false,
      allowPromotions: false,
      allowPoints: false,
    };
    const c = coupon({ instanceId: 1, amountOff: 1000 });
    const only = (a: typeof activity, allowActivityLines: boolean) =>
      price({
        lines: [line({ skuId: 1, basePrice: 8000, activity: a })],
        coupons: [{ ...c, allowActivityLines }],
        couponSelection: [1],
      }).coupons[0];
    expect(only(activity, true)).toMatchObject({ usable: false, reason: 'no_eligible_lines' });
    expect(only({ ...activity, allowCoupon: true }, false)).toMatchObject({
      usable: false,
      reason: 'no_eligible_lines',
    });
    expect(only({ ...activity, allowCoupon: true }, true)).toMatchObject({
      usable: true,
      discount: 1000,
      selected: true,
    });
    // in a mixed cart the coupon takes only the ordinary line
    const mixed = price({
      lines: [line({ skuId: 1, basePrice: 8000, activity }), line({ skuId: 2, basePrice: 3000 })],
      coupons: [c],
      couponSelection: [1],
    });
    expect(discounts(mixed)).toEqual([0, 1000]);
  });

  it('scopes to products and categories, include or exclude', () => {
    const cat = line({ skuId: 1, productId: 10, basePrice: 6000, categoryIds: [7, 1] });
    const other = line({ skuId: 2, productId: 20, basePrice: 4000, categoryIds: [8, 1] });
    const inc = coupon({
      instanceId: 1,
      threshold: 5000,
      amountOff: 1000,
      scope: { mode: 'include', productIds: [], categoryIds: [7] },
    });
    expect(discounts(price({ lines: [cat, other], coupons: [inc], couponSelection: [1] }))).toEqual([
      1000, 0,
    ]);
    const exc = { ...inc, scope: { mode: 'exclude' as const, productIds: [10], categoryIds: [] } };
    expect(price({ lines: [cat, other], coupons: [exc], couponSelection: [1] }).coupons[0].reason).toBe(
      'below_threshold',
    );
  });

  it("'auto' picks the largest saving, ties to the earliest validTo then the lowest id", () => {
    const a = coupon({ instanceId: 1, amountOff: 300 });
    const b = coupon({ instanceId: 2, kind: 'percent_off', discountPermille: 900, maxDiscount: null }); // 1000
    const c = coupon({ instanceId: 3, threshold: 20000, amountOff: 5000 });
    const cart = price({ lines, coupons: [a, b, c], couponSelection: 'auto' });
    expect(cart.coupons).toEqual([
      { instanceId: 1, usable: true, reason: null, discount: 300, selected: false },
      { instanceId: 2, usable: true, reason: null, discount: 1000, selected: true },
      { instanceId: 3, usable: false, reason: 'below_threshold', discount: 0, selected: false },
    ]);
    expect(cart.usedCouponIds).toEqual([2]);
    const soon = coupon({ instanceId: 9, amountOff: 1000, validTo: new Date('2025-06-01T00:00:00Z') });
    expect(price({ lines, coupons: [b, soon], couponSelection: 'auto' }).usedCouponIds).toEqual([9]);
    const twin = coupon({ instanceId: 5, amountOff: 1000, validTo: b.validTo });
    const lower = coupon({ instanceId: 4, amountOff: 1000, validTo: b.validTo });
    expect(price({ lines, coupons: [twin, b, lower], couponSelection: 'auto' }).usedCouponIds).toEqual([2]);
    expect(price({ lines, coupons: [twin, lower], couponSelection: 'auto' }).usedCouponIds).toEqual([4]);
  });

  it('applies explicit choices that are usable; at most one unless all are stackable', () => {
    const a = coupon({ instanceId: 1, amountOff: 300 });
    const b = coupon({ instanceId: 2, amountOff: 500 });
    const late = coupon({
      instanceId: 3,
      validFrom: new Date('2030-01-01T00:00:00Z'),
      validTo: new Date('2031-01-01T00:00:00Z'),
    });
    const one = price({ lines, coupons: [a, b, late], couponSelection: [1] });
    expect(one.usedCouponIds).toEqual([1]);
    expect(one.discountAmount).toBe(300);
    expect(one.coupons[1]).toEqual({
      instanceId: 2,
      usable: true,
      reason: null,
      discount: 500,
      selected: false,
    });
    const two = price({ lines, coupons: [a, b, late], couponSelection: [3, 1, 2] });
    expect(two.coupons.map((c) => [c.instanceId, c.selected, c.reason])).toEqual([
      [1, true, null],
      [2, false, 'not_stackable'],
      [3, false, 'not_started'],
    ]);
    // a stackable coupon does not stack onto one that is not
    const mixed = price({ lines, coupons: [a, { ...b, stackable: true }], couponSelection: [1, 2] });
    expect(mixed.usedCouponIds).toEqual([1]);
    expect(mixed.coupons[1].reason).toBe('not_stackable');
    const none = price({ lines, coupons: [a, b], couponSelection: [] });
    expect(none.usedCouponIds).toEqual([]);
    expect(none.coupons.every((c) => c.usable && !c.selected)).toBe(true);
    const stack = price({
      lines,
      coupons: [
        { ...a, stackable: true },
        { ...b, stackable: true },
      ],
      couponSelection: [2, 1],
    });
    expect(stack.usedCouponIds).toEqual([1, 2]);
    expect(stack.discountAmount).toBe(800);
    expect(stack.adjustments.map((x) => x.source.id)).toEqual([2, 1]); // in the order chosen
  });

  it('re-tests a stacked coupon on what the previous ones left', () => {
    const a = coupon({ instanceId: 1, amountOff: 1000, stackable: true });
    const b = coupon({ instanceId: 2, threshold: 10000, amountOff: 500, stackable: true });
    const cart = price({ lines, coupons: [a, b], couponSelection: [1, 2] });
    expect(cart.coupons.map((c) => [c.usable, c.selected, c.reason])).toEqual([
      [true, true, null],
      [true, false, 'below_threshold'],
    ]);
  });
});

describe('gifts (满赠)', () => {
  const gift = campaign(
    'gift',
    {
      tiers: [
        { threshold: 10000, skuId: 900, quantity: 1 },
        { threshold: 20000, skuId: 901, quantity: 2 },
      ],
    },
    { id: 12, stackGroup: 'gift' },
  );
  const giftSkus = {
    900: { skuId: 900, productId: 90, stock: 5, onSale: true },
    901: { skuId: 901, productId: 91, stock: 1, onSale: true },
  };
  it('appears when the cart qualifies after discounts and disappears when it does not', () => {
    const cart = price({ lines: [line({ skuId: 1, basePrice: 10000 })], campaigns: [gift], giftSkus });
    expect(cart.lines).toHaveLength(2);
    expect(cart.lines[1]).toEqual({
      key: 'gift:12:900',
      skuId: 900,
      productId: 90,
      quantity: 1,
      isGift: true,
      giftCampaignId: 12,
      basePrice: 0,
      unitPrice: 0,
      unitSource: 'base',
      goodsAmount: 0,
      discountAmount: 0,
      pointsAmount: 0,
      payAmount: 0,
    });
    expect(cart.appliedCampaignIds).toEqual([12]);
    expect(cart.payAmount).toBe(10000);
    expect(cart.listAmount).toBe(10000);
    // one fewer fen, or a coupon that takes it below the threshold: no gift
    expect(
      price({ lines: [line({ skuId: 1, basePrice: 9999 })], campaigns: [gift], giftSkus }).lines,
    ).toHaveLength(1);
    const couponed = price({
      lines: [line({ skuId: 1, basePrice: 10000 })],
      campaigns: [gift],
      giftSkus,
      coupons: [coupon({ instanceId: 1, amountOff: 100 })],
      couponSelection: [1],
    });
    expect(couponed.lines.filter((l) => l.isGift)).toEqual([]);
    expect(couponed.appliedCampaignIds).toEqual([]);
  });
  it('gives only the highest tier and only with stock on sale', () => {
    const top = price({ lines: [line({ skuId: 1, basePrice: 25000 })], campaigns: [gift], giftSkus });
    expect(top.lines.filter((l) => l.isGift).map((l) => l.key)).toEqual([]); // 2 × 901 wanted, 1 in stock
    const stocked = price({
      lines: [line({ skuId: 1, basePrice: 25000 })],
      campaigns: [gift],
      giftSkus: { ...giftSkus, 901: { ...giftSkus[901], stock: 2 } },
    });
    expect(stocked.lines.filter((l) => l.isGift).map((l) => [l.key, l.quantity])).toEqual([
      ['gift:12:901', 2],
    ]);
    const off = price({
      lines: [line({ skuId: 1, basePrice: 10000 })],
      campaigns: [gift],
      giftSkus: { ...giftSkus, 900: { ...giftSkus[900], onSale: false } },
    });
    expect(off.lines).toHaveLength(1);
    expect(
      price({ lines: [line({ skuId: 1, basePrice: 10000 })], campaigns: [gift], giftSkus: {} }).lines,
    ).toHaveLength(1);
  });
});

describe('shipping', () => {
  const free = campaign(
    'free_shipping',
    { minAmount: 9900, minItems: null, excludedProvinces: ['新疆维吾尔自治区'] },
    { id: 20, stackGroup: 'shipping' },
  );
  const lines = [line({ skuId: 1, basePrice: 10000 })];
  const freight = (province: string | null) => ({ amount: 1200, province, ships: true });
  it('frees shipping above the threshold except to excluded provinces', () => {
    const zj = price({ lines, campaigns: [free], freight: freight('浙江省') });
    expect(zj).toMatchObject({
      freightBase: 1200,
      freightDiscount: 1200,
      freightAmount: 0,
      payAmount: 10000,
    });
    expect(zj.adjustments).toEqual([
      {
        source: { type: 'campaign', id: 20, kind: 'free_shipping', name: 'free_shipping' },
        stage: 'shipping',
        target: 'freight',
        amount: 1200,
        lines: [],
      },
    ]);
    expect(price({ lines, campaigns: [free], freight: freight('新疆维吾尔自治区') })).toMatchObject({
      freightAmount: 1200,
      payAmount: 11200,
    });
    expect(
      price({ lines: [line({ skuId: 1, basePrice: 9899 })], campaigns: [free], freight: freight('浙江省') })
        .freightAmount,
    ).toBe(1200);
  });
  it('counts items, and either threshold is enough', () => {
    const items = campaign('free_shipping', { minAmount: 100000, minItems: 3, excludedProvinces: [] });
    expect(
      price({ lines: [line({ skuId: 1, quantity: 3 })], campaigns: [items], freight: freight(null) })
        .freightAmount,
    ).toBe(0);
    expect(
      price({ lines: [line({ skuId: 1, quantity: 2 })], campaigns: [items], freight: freight(null) })
        .freightAmount,
    ).toBe(1200);
  });
  it('gives diamond members free shipping, counted once', () => {
    const cart = price({
      lines,
      campaigns: [free],
      freight: freight('浙江省'),
      shopper: shopper({ freeShipping: true }),
    });
    expect(cart.freightDiscount).toBe(1200);
    expect(cart.adjustments.map((a) => a.source.kind)).toEqual(['member_free_shipping']);
    expect(cart.appliedCampaignIds).toEqual([]);
  });
  it('uses a free-shipping coupon only when there is freight to waive', () => {
    const fs = coupon({ instanceId: 7, kind: 'free_shipping', amountOff: 0 });
    const small = [line({ skuId: 1, basePrice: 5000 })];
    const cart = price({
      lines: small,
      campaigns: [free],
      freight: freight('浙江省'),
      coupons: [fs],
      couponSelection: [7],
    });
    expect(cart.coupons[0]).toEqual({
      instanceId: 7,
      usable: true,
      reason: null,
      discount: 1200,
      selected: true,
    });
    expect(cart.adjustments.map((a) => [a.source.kind, a.target, a.amount])).toEqual([
      ['coupon', 'freight', 1200],
    ]);
    expect(cart.payAmount).toBe(5000);
    // the 满包邮 campaign frees it already: the coupon would save nothing and is kept
    const already = price({
      lines,
      campaigns: [free],
      freight: freight('浙江省'),
      coupons: [fs],
      couponSelection: [7],
    });
    expect(already.coupons[0]).toMatchObject({ usable: false, reason: 'no_freight', selected: false });
    expect(already.usedCouponIds).toEqual([]);
    const nothing = price({
      lines: small,
      freight: { amount: 0, province: null, ships: false },
      coupons: [fs],
      couponSelection: 'auto',
    });
    expect(nothing.coupons[0].reason).toBe('no_freight');
  });
  it("'auto' weighs freight: free shipping beats a smaller goods coupon, and no coupon beats losing 满包邮", () => {
    const fs = coupon({ instanceId: 7, kind: 'free_shipping', amountOff: 0 });
    const goods = coupon({ instanceId: 8, amountOff: 500 });
    const small = [line({ skuId: 1, basePrice: 5000 })];
    const picked = price({
      lines: small,
      freight: freight(null),
      coupons: [goods, fs],
      couponSelection: 'auto',
    });
    expect(picked.usedCouponIds).toEqual([7]);
    expect(picked.payAmount).toBe(5000);
    const member = price({
      lines: small,
      freight: freight(null),
      coupons: [goods, fs],
      couponSelection: 'auto',
      shopper: shopper({ freeShipping: true }),
    });
    expect(member.usedCouponIds).toEqual([8]);
    expect(member.coupons[1]).toMatchObject({ usable: false, reason: 'no_freight' });
    // ¥100 cart with 满99包邮: the ¥5 coupon would cost ¥12 of freight, so 'auto' takes none
    const edge = price({
      lines,
      campaigns: [free],
      freight: freight(null),
      coupons: [goods],
      couponSelection: 'auto',
    });
    expect(edge.usedCouponIds).toEqual([]);
    expect(edge.payAmount).toBe(10000);
    expect(edge.coupons[0]).toMatchObject({ usable: true, discount: 500, selected: false });
  });
});

describe('points', () => {
  const settings = { enabled: true, pointsPerYuan: 100, maxPermille: 500, minPoints: 0 };
  const lines = [line({ skuId: 1, basePrice: 3000 }), line({ skuId: 2, basePrice: 2000 })];
  it("caps 'max' at half the goods after discounts, never the freight", () => {
    const cart = price({
      lines,
      shopper: shopper({ pointsBalance: 100000 }),
      points: { settings, request: 'max' },
      freight: { amount: 1000, province: null, ships: true },
    });
    expect(cart).toMatchObject({ pointsUsed: 2500, pointsAmount: 2500, payAmount: 3500 });
    expect(cart.lines.map((l) => l.pointsAmount)).toEqual([1500, 1000]);
    expect(cart.adjustments.at(-1)).toEqual({
      source: { type: 'points', id: null, kind: 'points', name: '积分抵扣' },
      stage: 'points',
      target: 'goods',
      amount: 2500,
      lines: [
        { key: '1', amount: 1500 },
        { key: '2', amount: 1000 },
      ],
      pointsUsed: 2500,
    });
  });
  it('takes a number up to the balance, refuses fewer than minPoints, and spends the fewest points per fen', () => {
    const at = (balance: number, request: number | 'max', over: Partial<typeof settings> = {}) =>
      price({
        lines,
        shopper: shopper({ pointsBalance: balance }),
        points: { settings: { ...settings, ...over }, request },
      });
    expect(at(800, 1000)).toMatchObject({ pointsUsed: 800, pointsAmount: 800 });
    expect(at(800, 300)).toMatchObject({ pointsUsed: 300, pointsAmount: 300 });
    expect(at(800, 300, { minPoints: 500 })).toMatchObject({ pointsUsed: 0, pointsAmount: 0 });
    expect(at(800, 'max', { minPoints: 500 })).toMatchObject({ pointsUsed: 800 });
    // 300 points = ¥1: 1000 points are worth 333 fen, which 999 points already buy
    expect(at(1000, 'max', { pointsPerYuan: 300 })).toMatchObject({ pointsUsed: 999, pointsAmount: 333 });
    expect(at(2, 'max', { pointsPerYuan: 300 })).toMatchObject({ pointsUsed: 0, pointsAmount: 0 });
    expect(at(100000, 'max', { enabled: false })).toMatchObject({ pointsUsed: 0 });
    expect(at(100000, 'max', { maxPermille: 100 })).toMatchObject({ pointsAmount: 500 });
  });
  it('skips lines whose activity does not allow points', () => {
    const activity = {
      campaignId: 1,
      kind: 'flash_sale',
      name: '秒杀',
      unitPrice: 1000,
      allowCoupon: false,
      allowPromotions: false,
      allowPoints: false,
    };
    const cart = price({
      lines: [line({ skuId: 1, basePrice: 3000, activity }), line({ skuId: 2, basePrice: 2000 })],
      shopper: shopper({ pointsBalance: 100000 }),
      points: { settings, request: 'max' },
    });
    expect(cart.lines.map((l) => l.pointsAmount)).toEqual([0, 1000]);
  });
});

describe('totals', () => {
  it('adds it all up, and never below 0', () => {
    const cart = price({
      lines: [line({ skuId: 1, basePrice: 10000, quantity: 2 }), line({ skuId: 2, basePrice: 3333 })],
      shopper: shopper({ levelId: 2, levelRank: 1, levelDiscountPermille: 900, pointsBalance: 50000 }),
      campaigns: [tiers({ threshold: 20000, amountOff: 2000 })],
      coupons: [coupon({ instanceId: 1, amountOff: 99999 })],
      couponSelection: 'auto',
      freight: { amount: 800, province: null, ships: true },
      points: {
        settings: { enabled: true, pointsPerYuan: 100, maxPermille: 500, minPoints: 0 },
        request: 'max',
      },
    });
    expect(cart.listAmount).toBe(23333);
    expect(cart.goodsAmount).toBe(18000 + 3000);
    expect(cart.discountAmount).toBe(21000);
    expect(cart.pointsAmount).toBe(0);
    expect(cart.payAmount).toBe(800);
    expect(cart.lines.every((l) => l.payAmount === 0)).toBe(true);
  });
});

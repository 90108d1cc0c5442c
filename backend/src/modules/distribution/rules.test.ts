import fc from 'fast-check';
import {
  commissionOf,
  conditionsProblem,
  lineCommissions,
  meetsConditions,
  refundShare,
  resolveRate,
  withdrawalFee,
} from './rules';

describe('commission rates', () => {
  it('takes the SKU row, else the product row, else the distributor level, else the shop', () => {
    const product = { mode: 'ratio' as const, value: 3000 };
    const sku = { mode: 'fixed' as const, value: 120 };
    expect(resolveRate({ shopBps: 1000, levelBps: 2000, product, sku })).toEqual({ ...sku, source: 'sku' });
    expect(resolveRate({ shopBps: 1000, levelBps: 2000, product, sku: null })).toEqual({
      ...product,
      source: 'product',
    });
    expect(resolveRate({ shopBps: 1000, levelBps: 2000, product: null, sku: null })).toEqual({
      mode: 'ratio',
      value: 2000,
      source: 'level',
    });
    expect(resolveRate({ shopBps: 1000, levelBps: null, product: null, sku: null })).toEqual({
      mode: 'ratio',
      value: 1000,
      source: 'shop',
    });
    // a product row saying "none" wins over the level: the merchant switched the product off
    expect(
      resolveRate({ shopBps: 1000, levelBps: 2000, product: { mode: 'none', value: 0 }, sku: null }).mode,
    ).toBe('none');
  });

  it('ratio rounds half up in integer arithmetic; fixed is per unit and never above the base; none is 0', () => {
    expect(commissionOf(9999, 3, { mode: 'ratio', value: 1000 })).toBe(1000); // 999.9
    expect(commissionOf(9999, 3, { mode: 'ratio', value: 500 })).toBe(500); // 499.95
    expect(commissionOf(3333, 1, { mode: 'ratio', value: 500 })).toBe(167); // 166.65
    expect(commissionOf(3333, 1, { mode: 'ratio', value: 1 })).toBe(0); // 0.3333
    expect(commissionOf(360, 3, { mode: 'fixed', value: 100 })).toBe(300);
    expect(commissionOf(240, 3, { mode: 'fixed', value: 100 })).toBe(240);
    expect(commissionOf(99999, 3, { mode: 'none', value: 0 })).toBe(0);
    expect(() => commissionOf(-1, 1, { mode: 'ratio', value: 1 })).toThrow(RangeError);
    expect(() => commissionOf(1, 0, { mode: 'ratio', value: 1 })).toThrow(RangeError);
  });

  it('caps each level at what the levels before it left: a line never pays out more than it brought in', () => {
    expect(
      lineCommissions(360, 3, [
        { mode: 'fixed', value: 100 },
        { mode: 'fixed', value: 50 },
      ]),
    ).toEqual([300, 60]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(
          fc.oneof(
            fc.record({ mode: fc.constant('ratio' as const), value: fc.integer({ min: 0, max: 10_000 }) }),
            fc.record({ mode: fc.constant('fixed' as const), value: fc.integer({ min: 0, max: 100_000 }) }),
            fc.record({ mode: fc.constant('none' as const), value: fc.constant(0) }),
          ),
          { minLength: 2, maxLength: 2 },
        ),
        (base, quantity, rates) => {
          const amounts = lineCommissions(base, quantity, rates);
          expect(amounts.every((a) => Number.isSafeInteger(a) && a >= 0)).toBe(true);
          expect(amounts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(base);
          expect(amounts[0]).toBe(commissionOf(base, quantity, rates[0]));
        },
      ),
    );
  });
});

describe('refunds', () => {
  it('takes back each unit’s share by largest remainder, earlier units first (1000 over 3: 334, 333, 333)', () => {
    expect(refundShare(1000, 3, 0, 1)).toBe(334);
    expect(refundShare(1000, 3, 1, 3)).toBe(666);
    expect(refundShare(500, 3, 0, 2)).toBe(334);
    expect(() => refundShare(500, 3, 2, 1)).toThrow(RangeError);
  });

  it('any sequence of partial refunds takes back exactly the whole amount, never more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 30 }),
        (amount, quantity, steps) => {
          let units = 0;
          let taken = 0;
          for (const step of steps) {
            const to = Math.min(quantity, units + step);
            taken += refundShare(amount, quantity, units, to);
            units = to;
            expect(taken).toBeLessThanOrEqual(amount);
          }
          taken += refundShare(amount, quantity, units, quantity);
          expect(taken).toBe(amount);
        },
      ),
    );
  });
});

describe('levels and withdrawals', () => {
  const none = { minOwnSpend: null, minTeamSpend: null, minTeamOrders: null, minTeamSize: null };

  it('refuses team size as the only condition (RULES §8), accepts it beside another', () => {
    expect(conditionsProblem({ ...none, minTeamSize: 10 })).toMatch(/team size/);
    expect(conditionsProblem({ ...none, minTeamSize: 10, minOwnSpend: 0 })).toMatch(/team size/);
    expect(conditionsProblem({ ...none, minTeamSize: 10, minTeamOrders: 5 })).toBeNull();
    expect(conditionsProblem(none)).toBeNull();
  });

  it('reaches a level only when every condition set holds; a level without conditions is never automatic', () => {
    const facts = { ownSpend: 5000, teamSpend: 100_000, teamOrders: 8, teamSize: 3 };
    expect(meetsConditions({ ...none, minTeamOrders: 8, minTeamSize: 3 }, facts)).toBe(true);
    expect(meetsConditions({ ...none, minTeamOrders: 9, minTeamSize: 3 }, facts)).toBe(false);
    expect(meetsConditions({ ...none, minTeamSize: 1 }, facts)).toBe(false);
    expect(meetsConditions(none, facts)).toBe(false);
  });

  it('fee: permille half up, never more than the amount', () => {
    expect(withdrawalFee(1000, 6)).toBe(6);
    expect(withdrawalFee(250, 6)).toBe(2); // 1.5 → 2
    expect(withdrawalFee(1000, 0)).toBe(0);
    expect(withdrawalFee(1000, 1000)).toBe(1000);
  });
});

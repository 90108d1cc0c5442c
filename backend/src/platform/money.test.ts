import fc from 'fast-check';
import { allocate, applyPermille, formatYuan, roundHalfUp, splitEvenly } from './money';

describe('roundHalfUp', () => {
  it('rounds half away from zero in integers', () => {
    expect(roundHalfUp(5, 2)).toBe(3);
    expect(roundHalfUp(-5, 2)).toBe(-3);
    expect(roundHalfUp(4, 3)).toBe(1);
    expect(roundHalfUp(1999 * 95, 100)).toBe(1899); // 1899.05 → 1899
    expect(roundHalfUp(1990 * 95, 100)).toBe(1891); // 1890.5 → 1891
  });
  it('refuses non-integers and a zero denominator', () => {
    expect(() => roundHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 0)).toThrow(RangeError);
  });
  it('is within half a fen of the exact quotient', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        const r = roundHalfUp(n, d);
        expect(Math.abs(r * d - n) * 2).toBeLessThanOrEqual(d);
      }),
    );
  });
});

describe('allocate (largest remainder)', () => {
  it('splits ¥10 over three equal items without losing a fen', () => {
    expect(allocate(1000, [1, 1, 1])).toEqual([334, 333, 333]);
  });
  it('splits 满5减1 over several items exactly', () => {
    // items of ¥1.99, ¥2.01, ¥0.99 (total ¥4.99 < 5 is not the point; the split is)
    const parts = allocate(100, [199, 201, 99]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(parts).toEqual([40, 40, 20]);
  });
  it('gives everything proportionally when weights are zero except one', () => {
    expect(allocate(500, [0, 7, 0])).toEqual([0, 500, 0]);
  });
  it('spreads evenly when all weights are zero', () => {
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
  });
  it('keeps the sign for negative totals', () => {
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });
  it('property: parts sum exactly to the total and each is within 1 fen of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e8, max: 1e8 }),
        fc.array(fc.integer({ min: 0, max: 1e7 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            const exact = sum === 0 ? total / weights.length : (total * weights[i]) / sum;
            expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-9);
          });
        },
      ),
    );
  });
  it('property: is deterministic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 10 }),
        (t, w) => {
          expect(allocate(t, w)).toEqual(allocate(t, w));
        },
      ),
    );
  });
  it('refuses non-integer or negative weights', () => {
    expect(() => allocate(10, [1.5])).toThrow(RangeError);
    expect(() => allocate(10, [-1, 2])).toThrow(RangeError);
    expect(() => allocate(10, [])).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('applies a permille discount', () => {
    expect(applyPermille(9900, 950)).toBe(9405);
    expect(applyPermille(1, 500)).toBe(1);
  });
  it('splits evenly', () => {
    expect(splitEvenly(10, 3)).toEqual([4, 3, 3]);
  });
  it('formats yuan', () => {
    expect(formatYuan(12345)).toBe('¥123.45');
    expect(formatYuan(-5)).toBe('-¥0.05');
  });
});

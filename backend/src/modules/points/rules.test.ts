import fc from 'fast-check';
import { clawbackTarget, earnedPoints, pointsForUnits } from './rules';

describe('pointsForUnits', () => {
  it('returns 100 points of a 3-unit line as 34 + 33 + 33, earlier units first', () => {
    const line = { points: 100, quantity: 3 };
    expect(pointsForUnits({ ...line, returnedUnits: 0 }, 1)).toBe(34);
    expect(pointsForUnits({ ...line, returnedUnits: 1 }, 1)).toBe(33);
    expect(pointsForUnits({ ...line, returnedUnits: 2 }, 1)).toBe(33);
    expect(pointsForUnits({ ...line, returnedUnits: 1 }, 2)).toBe(66);
  });

  it('returns exactly the line points over any sequence of partial refunds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 20 }),
        (points, steps) => {
          const quantity = steps.reduce((a, b) => a + b, 0);
          let returnedUnits = 0;
          let total = 0;
          for (const units of steps) {
            const back = pointsForUnits({ points, quantity, returnedUnits }, units);
            expect(back).toBeGreaterThanOrEqual(0);
            total += back;
            returnedUnits += units;
          }
          expect(total).toBe(points);
        },
      ),
    );
  });

  it('refuses more units than are left', () => {
    expect(() => pointsForUnits({ points: 10, quantity: 2, returnedUnits: 1 }, 2)).toThrow(RangeError);
  });
});

describe('earnedPoints', () => {
  it('earns floor(yuan × rate)', () => {
    expect(earnedPoints(12_345, 1)).toBe(123);
    expect(earnedPoints(99, 1)).toBe(0);
    expect(earnedPoints(10_050, 2)).toBe(201);
    expect(earnedPoints(0, 1)).toBe(0);
    expect(earnedPoints(10_000, 0)).toBe(0);
  });
});

describe('clawbackTarget', () => {
  it('claws back the refunded share, floored, and everything on a full refund', () => {
    expect(clawbackTarget(123, 12_345, 3_050)).toBe(30);
    expect(clawbackTarget(123, 12_345, 12_345)).toBe(123);
    expect(clawbackTarget(123, 12_345, 99_999)).toBe(123);
    expect(clawbackTarget(0, 12_345, 100)).toBe(0);
    expect(clawbackTarget(10, 0, 100)).toBe(0);
  });

  it('is monotone in the refunded amount and never above what was earned (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 10 }),
        (base, rate, refunds) => {
          const earned = earnedPoints(base, rate);
          let refunded = 0;
          let previous = 0;
          for (const r of refunds) {
            refunded += r;
            const now = clawbackTarget(earned, base, refunded);
            expect(now).toBeGreaterThanOrEqual(previous);
            expect(now).toBeLessThanOrEqual(earned);
            previous = now;
          }
        },
      ),
    );
  });
});

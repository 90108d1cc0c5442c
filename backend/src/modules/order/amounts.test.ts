import fc from 'fast-check';
import { splitEvenly } from '../../platform/money';
import { afterSaleAmount, unitPrefix } from './amounts';

describe('unitPrefix', () => {
  it('is the running sum of splitEvenly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 40 }), (pay, qty) => {
        const units = splitEvenly(pay, qty);
        for (let n = 0; n <= qty; n++) {
          expect(unitPrefix(pay, qty, n)).toBe(units.slice(0, n).reduce((a, b) => a + b, 0));
        }
      }),
    );
  });
});

describe('afterSaleAmount', () => {
  it('refunds ¥10 over 3 units as 3.34 + 3.33 + 3.33', () => {
    const line = { payAmount: 1000, quantity: 3 };
    const a = afterSaleAmount({ ...line, committed: 0, requested: 1 });
    const b = afterSaleAmount({ ...line, committed: 1, requested: 1 });
    const c = afterSaleAmount({ ...line, committed: 2, requested: 1 });
    expect([a, b, c]).toEqual([334, 333, 333]);
    expect(afterSaleAmount({ ...line, committed: 1, requested: 2 })).toBe(666);
  });

  it('refuses more units than are left', () => {
    expect(() => afterSaleAmount({ payAmount: 100, quantity: 2, committed: 1, requested: 2 })).toThrow(
      RangeError,
    );
    expect(() => afterSaleAmount({ payAmount: 100, quantity: 2, committed: 0, requested: 0 })).toThrow(
      RangeError,
    );
  });

  it('gives every step the units it takes, and all steps sum exactly to the line amount (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 60 }),
        (pay, qty, steps) => {
          const base = Math.floor(pay / qty);
          let committed = 0;
          let total = 0;
          for (const want of [...steps, qty]) {
            const requested = Math.min(want, qty - committed);
            if (requested <= 0) break;
            const amount = afterSaleAmount({ payAmount: pay, quantity: qty, committed, requested });
            expect(amount).toBeGreaterThanOrEqual(requested * base);
            expect(amount).toBeLessThanOrEqual(requested * (base + 1));
            committed += requested;
            total += amount;
          }
          expect(committed).toBe(qty);
          expect(total).toBe(pay);
        },
      ),
    );
  });
});

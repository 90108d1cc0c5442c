import fc from 'fast-check';
import { splitEvenly } from '../../platform/money';
import { afterSaleAmount, orderTotals, priceLines, unitPrefix } from './amounts';

describe('priceLines and orderTotals', () => {
  it('allocates the order discount over lines by largest remainder, summing exactly', () => {
    const lines = priceLines(
      [
        { unitPrice: 333, quantity: 1 },
        { unitPrice: 333, quantity: 1 },
        { unitPrice: 334, quantity: 1 },
      ],
      100,
    );
    expect(lines.map((l) => l.discount)).toEqual([33, 33, 34]);
    expect(lines.reduce((a, l) => a + l.discount, 0)).toBe(100);
    expect(lines.map((l) => l.payAmount)).toEqual([300, 300, 300]);
    expect(orderTotals(lines, 800)).toEqual({
      goodsAmount: 1000,
      freightAmount: 800,
      discountAmount: 100,
      payAmount: 1700,
    });
  });

  it('refuses a discount above the goods', () => {
    expect(() => priceLines([{ unitPrice: 100, quantity: 1 }], 101)).toThrow(RangeError);
  });

  it('never lets a line pay less than 0 and always sums exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            unitPrice: fc.integer({ min: 0, max: 100_000 }),
            quantity: fc.integer({ min: 1, max: 50 }),
          }),
          {
            minLength: 1,
            maxLength: 10,
          },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (input, share) => {
          const goods = input.reduce((a, l) => a + l.unitPrice * l.quantity, 0);
          const discount = Math.floor(goods * share);
          const lines = priceLines(input, discount);
          expect(lines.reduce((a, l) => a + l.discount, 0)).toBe(discount);
          expect(lines.every((l) => l.payAmount >= 0 && l.payAmount + l.discount === l.goodsAmount)).toBe(
            true,
          );
        },
      ),
    );
  });
});

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

import fc from 'fast-check';
import { DAY_MS, lowestInForce, strikeThroughPrice, type PricePoint } from './price-history';

const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * DAY_MS);
let nextId = 1;
const point = (day: number, price: number): PricePoint => ({ id: nextId++, price, effectiveFrom: at(day) });

describe('lowestInForce', () => {
  it('counts the price in force at the start of the window and every change inside it', () => {
    const history = [point(0, 1000), point(10, 1500), point(12, 900), point(20, 1200)];
    expect(lowestInForce(history, at(11), at(18))).toBe(900);
    expect(lowestInForce(history, at(10.5), at(11.5))).toBe(1500);
    expect(lowestInForce(history, at(5), at(11))).toBe(1000);
    // a change at the end of the window was not in force inside it
    expect(lowestInForce(history, at(5), at(12))).toBe(1000);
    expect(lowestInForce(history, at(-10), at(-1))).toBeNull();
  });

  it('ignores the earlier of two changes in the same millisecond', () => {
    const history = [point(0, 1000), point(5, 1), point(5, 1200)];
    expect(lowestInForce(history, at(1), at(9))).toBe(1000);
  });

  it('agrees with the price read at every instant of the window', () => {
    const history = fc.array(
      fc.record({ t: fc.integer({ min: 0, max: 40 }), price: fc.integer({ min: 0, max: 10_000 }) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 1, max: 20 }),
        (h, from, len) => {
          const points = h.map((x, i) => ({ id: i + 1, price: x.price, effectiveFrom: new Date(x.t) }));
          const byTime = [...points].sort(
            (a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime() || a.id - b.id,
          );
          let expected: number | null = null;
          for (let instant = from; instant < from + len; instant++) {
            const current = byTime.filter((p) => p.effectiveFrom.getTime() <= instant).pop();
            if (current) expected = expected === null ? current.price : Math.min(expected, current.price);
          }
          return lowestInForce(points, new Date(from), new Date(from + len)) === expected;
        },
      ),
    );
  });
});

describe('strikeThroughPrice', () => {
  it('shows the lowest price of the 7 days before a real reduction', () => {
    const history = [point(0, 1000), point(30, 800)];
    expect(strikeThroughPrice(history, { price: 800, since: at(30) })).toBe(1000);
  });

  it('shows nothing after a price was raised briefly and "lowered" back', () => {
    const history = [point(0, 1000), point(30, 1500), point(31, 1000)];
    expect(strikeThroughPrice(history, { price: 1000, since: at(31) })).toBeNull();
  });

  it('uses the lowest price of the window, not the last one', () => {
    const history = [point(0, 1000), point(26, 1200), point(30, 900)];
    expect(strikeThroughPrice(history, { price: 900, since: at(30) })).toBe(1000);
    // a price raised 8 days before the reduction is the reference once the lower one left the window
    const older = [point(0, 1000), point(20, 1500), point(30, 900)];
    expect(strikeThroughPrice(older, { price: 900, since: at(30) })).toBe(1500);
  });

  it('shows nothing for a new SKU or a raised price', () => {
    expect(strikeThroughPrice([point(0, 1000)], { price: 1000, since: at(0) })).toBeNull();
    expect(strikeThroughPrice([point(0, 1000), point(3, 1100)], { price: 1100, since: at(3) })).toBeNull();
  });
});

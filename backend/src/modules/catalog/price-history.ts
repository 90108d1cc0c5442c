export interface PricePoint {
  id: number;
  price: number;
  effectiveFrom: Date;
}

export const DAY_MS = 24 * 3600 * 1000;

/**
 * The lowest price in force at any moment of [from, to). Each change is in force from its effectiveFrom until
 * the next change (ties ordered by id: the earlier of two changes in one millisecond was never in force). A
 * change at `to` itself was never in force before `to`. Null when the SKU had no price in the window.
 */
export function lowestInForce(points: readonly PricePoint[], from: Date, to: Date): number | null {
  const sorted = [...points].sort(
    (a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime() || a.id - b.id,
  );
  let lowest: number | null = null;
  sorted.forEach((p, i) => {
    const start = p.effectiveFrom.getTime();
    const end = i + 1 < sorted.length ? sorted[i + 1].effectiveFrom.getTime() : Infinity;
    if (start < end && start < to.getTime() && end > from.getTime()) {
      lowest = lowest === null ? p.price : Math.min(lowest, p.price);
    }
  });
  return lowest;
}

/**
 * The honest strike-through price (RULES §0): the lowest price in force during the `days` before the current
 * price took effect, shown only when it is higher than the current price. Measuring the window before "now"
 * instead would include the current price itself and never show anything; measuring it before the change
 * means raising a price for a day and "lowering" it back shows nothing either.
 */
export function strikeThroughPrice(
  points: readonly PricePoint[],
  current: { price: number; since: Date },
  days = 7,
): number | null {
  const lowest = lowestInForce(points, new Date(current.since.getTime() - days * DAY_MS), current.since);
  return lowest !== null && lowest > current.price ? lowest : null;
}

/** The checkout API takes at most this many coupon instances. */
export const MAX_COUPONS = 5;

/**
 * The picker's choice after a tap (RULES §2: one coupon per order unless the templates are stackable):
 * tapping a chosen coupon drops it; a stackable coupon joins a choice of stackable ones; anything else
 * replaces the choice (so does a sixth stackable one). The server still judges the result (not_stackable) when it prices it.
 */
export function nextSelection(
  chosen: readonly number[],
  tapped: number,
  stackable: ReadonlySet<number>,
): number[] {
  if (chosen.includes(tapped)) return chosen.filter((id) => id !== tapped);
  if (
    stackable.has(tapped) &&
    chosen.length > 0 &&
    chosen.length < MAX_COUPONS &&
    chosen.every((id) => stackable.has(id))
  ) {
    return [...chosen, tapped];
  }
  return [tapped];
}

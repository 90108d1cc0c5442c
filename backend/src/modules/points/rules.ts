import type { Fen } from '../../platform/money';
import { unitPrefix } from '../order/amounts';

/**
 * Pure points arithmetic (integers only). What a refund returns of the points a line spent uses the order
 * module's `unitPrefix`: the line's points split over its units by largest remainder, earlier units first,
 * the same rule the line's money follows, so all partial refunds of a line return exactly its points.
 */

/** Points returned when `units` more units of a line are refunded after `returnedUnits` were. */
export function pointsForUnits(
  line: { points: number; quantity: number; returnedUnits: number },
  units: number,
): number {
  const { points, quantity, returnedUnits } = line;
  return unitPrefix(points, quantity, returnedUnits + units) - unitPrefix(points, quantity, returnedUnits);
}

/** Points earned on goods paid: floor(yuan × earnPerYuan), i.e. ⌊fen × earnPerYuan / 100⌋. */
export function earnedPoints(goodsPaid: Fen, earnPerYuan: number): number {
  if (goodsPaid <= 0 || earnPerYuan <= 0) return 0;
  return Number((BigInt(goodsPaid) * BigInt(earnPerYuan)) / 100n);
}

/**
 * The points clawed back in total once `refunded` fen of the `base` fen the order earned on have been
 * refunded: ⌊earned × refunded / base⌋, so partial refunds never take more than their share and the
 * last refund takes the rest (a full refund claws back exactly what was earned).
 */
export function clawbackTarget(earned: number, base: Fen, refunded: Fen): number {
  if (earned <= 0 || base <= 0 || refunded <= 0) return 0;
  const r = BigInt(Math.min(refunded, base));
  return Number((BigInt(earned) * r) / BigInt(base));
}

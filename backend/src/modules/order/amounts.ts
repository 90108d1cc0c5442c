import type { Fen } from '../../platform/money';

/**
 * Pure money rules of an order's refunds. Pricing (marketing/engine) allocates order-level amounts to lines by
 * largest remainder and the order stores them; refunds read the stored allocations and never re-derive them
 * (RULES §0).
 */

/**
 * The sum of the first `n` units of a line whose `quantity` units pay `payAmount` together, split by largest
 * remainder (the earlier units take the extra fen, as `splitEvenly` does). prefix(quantity) = payAmount.
 */
export function unitPrefix(payAmount: Fen, quantity: number, n: number): Fen {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError('quantity must be positive');
  if (!Number.isSafeInteger(n) || n < 0 || n > quantity)
    throw new RangeError('n must be within the quantity');
  const base = Math.floor(payAmount / quantity);
  const extra = payAmount - base * quantity;
  return base * n + Math.min(n, extra);
}

/**
 * What refunding `requested` more units of a line takes, when `committed` units of it were refunded (or are
 * being refunded) before: the next units' shares of the line's pay amount, split by largest remainder. The
 * refunds of all units of a line sum exactly to its pay amount, in whatever steps they come.
 */
export function afterSaleAmount(line: {
  payAmount: Fen;
  quantity: number;
  committed: number;
  requested: number;
}): Fen {
  const { payAmount, quantity, committed, requested } = line;
  if (requested <= 0 || committed + requested > quantity) {
    throw new RangeError('requested units must be more than 0 and at most the units not yet refunded');
  }
  return unitPrefix(payAmount, quantity, committed + requested) - unitPrefix(payAmount, quantity, committed);
}

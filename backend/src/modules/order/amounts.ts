import { allocate, assertFen, type Fen } from '../../platform/money';

/**
 * Pure money rules of an order. Order-level amounts are allocated to lines by largest remainder and stored;
 * refunds read the stored allocations and never re-derive them (RULES §0).
 */

export interface PricedLine {
  goodsAmount: Fen;
  discount: Fen;
  payAmount: Fen;
}

/** Goods amount per line, the order discount allocated over them, and what each line pays. */
export function priceLines(lines: { unitPrice: Fen; quantity: number }[], discount: Fen): PricedLine[] {
  const goods = lines.map((l) => assertFen(l.unitPrice * l.quantity, 'line amount'));
  const total = goods.reduce((a, b) => a + b, 0);
  if (discount < 0 || discount > total)
    throw new RangeError('discount must be between 0 and the goods total');
  const shares = allocate(discount, goods);
  return goods.map((g, i) => ({ goodsAmount: g, discount: shares[i], payAmount: g - shares[i] }));
}

export interface OrderTotals {
  goodsAmount: Fen;
  freightAmount: Fen;
  discountAmount: Fen;
  payAmount: Fen;
}

export function orderTotals(lines: PricedLine[], freight: Fen): OrderTotals {
  const goodsAmount = lines.reduce((a, l) => a + l.goodsAmount, 0);
  const discountAmount = lines.reduce((a, l) => a + l.discount, 0);
  return {
    goodsAmount,
    freightAmount: freight,
    discountAmount,
    payAmount: Math.max(0, goodsAmount - discountAmount + freight),
  };
}

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

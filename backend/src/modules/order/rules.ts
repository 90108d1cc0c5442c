import { AppError } from '../../platform/errors';
import type { ProductKind } from './ports';

/**
 * The kind of an order from the kinds of its lines. One kind → that kind. Physical with virtual → physical
 * (the virtual lines are delivered on payment, the order follows the shipping path for the rest). A local
 * service is bought on its own: its path (verification codes in a store) cannot share an order with goods
 * that ship, so mixing it with anything else is refused.
 */
export function orderKindOf(kinds: readonly ProductKind[]): ProductKind {
  const set = new Set(kinds);
  if (set.size === 0) throw new AppError('CART_EMPTY', 'Nothing to order');
  if (set.has('local_service') && set.size > 1) {
    throw new AppError('BUSINESS_RULE', 'Local services are ordered on their own, not with other goods', {
      rule: 'local_service_alone',
      kinds: [...set],
    });
  }
  if (set.has('physical')) return 'physical';
  return [...set][0];
}

/** The same SKU named twice in one request becomes one line with both quantities. */
export function mergeItems(items: readonly { skuId: number; quantity: number }[]) {
  const merged = new Map<number, number>();
  for (const i of items) merged.set(i.skuId, (merged.get(i.skuId) ?? 0) + i.quantity);
  return [...merged].map(([skuId, quantity]) => ({ skuId, quantity }));
}

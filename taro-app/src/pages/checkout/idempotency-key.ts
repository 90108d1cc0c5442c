/** One key per checkout screen, so that a repeated 提交订单 (double tap, retry after a timeout) is one order. */
export function newIdempotencyKey(): string {
  return `co-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

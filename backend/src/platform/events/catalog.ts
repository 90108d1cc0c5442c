import { z } from 'zod';

/**
 * The one catalog of outbox events: every module emits and consumes these names with these payloads.
 * Amounts are integer fen. A payload schema only grows (new optional fields); a changed meaning is a new name.
 */
const id = z.number().int().positive();
const fen = z.number().int();

const orderRef = z.object({ orderId: id, orderNo: z.string(), shopperId: id, kind: z.string() });

const lineAmount = z.object({ orderLineId: id, quantity: z.number().int().positive(), amount: fen });

export const eventCatalog = {
  'shopper.registered': z.object({ shopperId: id, openid: z.string(), via: z.string() }),
  'shopper.frozen': z.object({ shopperId: id, reason: z.string() }),
  'shopper.deleted': z.object({ shopperId: id }),
  'order.placed': orderRef.extend({ payAmount: fen, lines: z.array(lineAmount) }),
  'order.paid': orderRef.extend({ payAmount: fen, paidAt: z.string(), transactionId: z.string().optional() }),
  'order.shipped': orderRef.extend({ packageId: id.optional() }),
  'order.received': orderRef.extend({ receivedAt: z.string() }),
  'order.completed': orderRef,
  'order.cancelled': orderRef.extend({
    reason: z.enum(['shopper', 'timeout', 'merchant', 'group_failed', 'risk']),
  }),
  'order.refunded': orderRef.extend({
    refundId: id,
    amount: fen,
    lines: z.array(lineAmount),
    full: z.boolean(),
  }),
  'payment.succeeded': z.object({ paymentId: id, orderId: id, amount: fen, provider: z.string() }),
  'payment.refunded': z.object({
    refundId: id,
    paymentId: id,
    orderId: id,
    amount: fen,
    provider: z.string(),
  }),
  'audit.recorded': z.object({ auditId: id, action: z.string() }),
  /** used by the platform's own tests and health checks */
  'platform.ping': z.object({ n: z.number().int() }),
} as const;

export type EventName = keyof typeof eventCatalog;
export type EventPayload<N extends EventName> = z.infer<(typeof eventCatalog)[N]>;
export const eventNames = Object.keys(eventCatalog) as EventName[];

import type { EventHandlerDef } from '../../platform/outbox/types';
import type { Commissions } from './commissions';

/**
 * What distribution does on order events. The dispatcher applies each handler once per event (its receipt);
 * each handler also records its fact on the order's own row and reconciles, so a second event about the same
 * payment, receipt or refund, or events in another order, end in the same commission rows and ledger.
 * The order's lines are read before the handler's locks (another connection): they never change once placed.
 */
export function distributionEventHandlers(c: Commissions): EventHandlerDef[] {
  const placed: EventHandlerDef<'order.placed'> = {
    name: 'distribution.onPlaced',
    event: 'order.placed',
    handle: async (e, tx) => c.onPlaced(tx, e.payload, await c.prefetch(e.payload)),
  };
  const paid: EventHandlerDef<'order.paid'> = {
    name: 'distribution.onPaid',
    event: 'order.paid',
    handle: async (e, tx) => c.onPaid(tx, e.payload, await c.prefetch(e.payload)),
  };
  const received: EventHandlerDef<'order.received'> = {
    name: 'distribution.onReceived',
    event: 'order.received',
    handle: async (e, tx) => c.onReceived(tx, e.payload, await c.prefetch(e.payload)),
  };
  const completed: EventHandlerDef<'order.completed'> = {
    name: 'distribution.onCompleted',
    event: 'order.completed',
    handle: async (e, tx) => c.onCompleted(tx, e.payload, new Date(e.createdAt), await c.prefetch(e.payload)),
  };
  const cancelled: EventHandlerDef<'order.cancelled'> = {
    name: 'distribution.onCancelled',
    event: 'order.cancelled',
    handle: async (e, tx) => c.onCancelled(tx, e.payload, new Date(e.createdAt), await c.prefetch(e.payload)),
  };
  const refunded: EventHandlerDef<'order.refunded'> = {
    name: 'distribution.onRefunded',
    event: 'order.refunded',
    handle: async (e, tx) => c.onRefunded(tx, e.payload, await c.prefetch(e.payload)),
  };
  return [placed, paid, received, completed, cancelled, refunded];
}

import type { EventHandlerDef } from '../../platform/outbox/types';
import type { PointsServiceInternal } from './service';

/**
 * What points does on order events. The dispatcher applies each handler once per event (its receipt);
 * each handler is also idempotent by its business key (order id, refund id), so a second event about the
 * same cancel, refund or receipt changes nothing.
 */
export function pointsEventHandlers(points: PointsServiceInternal): EventHandlerDef[] {
  const cancelled: EventHandlerDef<'order.cancelled'> = {
    name: 'points.returnOnCancel',
    event: 'order.cancelled',
    handle: (e, tx) => points.returnOnCancel(tx, e.payload),
  };
  const refunded: EventHandlerDef<'order.refunded'> = {
    name: 'points.onRefund',
    event: 'order.refunded',
    handle: (e, tx) => points.onRefund(tx, e.payload),
  };
  const received: EventHandlerDef<'order.received'> = {
    name: 'points.earnOnReceipt',
    event: 'order.received',
    handle: (e, tx) => points.earnOnReceipt(tx, e.payload),
  };
  return [cancelled, refunded, received];
}

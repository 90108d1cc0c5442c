import type { EventHandlerDef } from '../../platform/outbox/types';
import type { Usage } from './usage';

/**
 * What the coupon module handles (it emits nothing). Each handler is applied once per event by the outbox
 * receipts, and each is also a guarded update by order id and state, so it is harmless in any order and
 * repeated: a cancel that comes for an order whose coupon another order holds now changes nothing.
 */
export function couponEventHandlers(usage: Usage): EventHandlerDef[] {
  const paid: EventHandlerDef<'order.paid'> = {
    name: 'coupon.useOnPaid',
    event: 'order.paid',
    async handle(event, tx) {
      await usage.markUsed(tx, event.payload.orderId);
    },
  };
  const cancelled: EventHandlerDef<'order.cancelled'> = {
    name: 'coupon.releaseOnCancel',
    event: 'order.cancelled',
    async handle(event, tx) {
      await usage.release(tx, event.payload.orderId);
    },
  };
  const refunded: EventHandlerDef<'order.refunded'> = {
    name: 'coupon.returnOnFullRefund',
    event: 'order.refunded',
    async handle(event, tx) {
      // a partial refund keeps the coupon used: its discount stays allocated to the lines still paid for
      if (event.payload.full) await usage.returnOnFullRefund(tx, event.payload.orderId);
    },
  };
  return [paid, cancelled, refunded] as EventHandlerDef[];
}

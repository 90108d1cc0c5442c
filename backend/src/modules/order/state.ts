import { defineMachine } from '../../platform/fsm';
import type { ProductKind } from './ports';

/**
 * The order and after-sale state tables (RULES §1). Every status change in this module is a guarded
 * `UPDATE … WHERE status IN (machine.sourcesOf(event))`, so this file is the only place a path is allowed.
 * Refunds are not states: `refunded_amount` on the order is the derived flag (partially / fully refunded).
 */

export const ORDER_STATES = [
  'pending_payment',
  'paid',
  'grouping',
  'to_ship',
  'to_verify',
  'shipped',
  'received',
  'completed',
  'cancelled',
  'cancelled_refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATES)[number];

export const orderMachine = defineMachine({
  name: 'order',
  states: ORDER_STATES,
  initial: 'pending_payment',
  terminal: ['completed', 'cancelled', 'cancelled_refunded'],
  transitions: {
    pay: { from: ['pending_payment'], to: 'paid' },
    /** by the shopper, the unpaid timeout or the merchant */
    cancel: { from: ['pending_payment'], to: 'cancelled' },
    /** reserved for group buy: a paid member waits for the group */
    await_group: { from: ['paid'], to: 'grouping' },
    group_failed: { from: ['grouping'], to: 'cancelled_refunded' },
    await_shipment: { from: ['paid', 'grouping'], to: 'to_ship' },
    await_verification: { from: ['paid', 'grouping'], to: 'to_verify' },
    /** virtual goods are delivered on payment: received at once */
    deliver: { from: ['paid', 'grouping'], to: 'received' },
    /** every physical unit is in a package (or refunded before shipping) */
    ship: { from: ['to_ship'], to: 'shipped' },
    /** a local-service code was verified: verification counts as receipt */
    verify: { from: ['to_verify'], to: 'received' },
    /** by the shopper or the auto-confirm job */
    receive: { from: ['shipped'], to: 'received' },
    /** the after-sales window closed */
    complete: { from: ['received'], to: 'completed' },
    /** every unit was refunded before anything was shipped or verified: nothing left to fulfil */
    close_refunded: { from: ['paid', 'grouping', 'to_ship', 'to_verify'], to: 'cancelled_refunded' },
  },
});
export type OrderEvent = keyof typeof orderMachine.transitions;

/** The event that follows payment for each kind of order. */
export const FULFILMENT_EVENT: Record<ProductKind, OrderEvent> = {
  physical: 'await_shipment',
  virtual: 'deliver',
  local_service: 'await_verification',
};

/** The happy path of each kind, start to end: the unit tests walk these through the machine. */
export const KIND_PATHS: Record<ProductKind, OrderEvent[]> = {
  physical: ['pay', 'await_shipment', 'ship', 'receive', 'complete'],
  virtual: ['pay', 'deliver', 'complete'],
  local_service: ['pay', 'await_verification', 'verify', 'complete'],
};

/** Where after-sales may be requested (completed: the window has closed). */
export const AFTERSALE_ORDER_STATES: readonly OrderStatus[] = [
  'paid',
  'grouping',
  'to_ship',
  'to_verify',
  'shipped',
  'received',
];
/** Before anything left the shop: a refund then returns the units to stock and they are never shipped. */
export const UNFULFILLED_STATES: readonly OrderStatus[] = ['paid', 'grouping', 'to_ship', 'to_verify'];

export const AFTERSALE_STATES = [
  'requested',
  'approved',
  'awaiting_return',
  'returned',
  'refunding',
  'refunded',
  'rejected',
  'withdrawn',
] as const;
export type AfterSaleStatus = (typeof AFTERSALE_STATES)[number];

export const afterSaleMachine = defineMachine({
  name: 'after_sale',
  states: AFTERSALE_STATES,
  initial: 'requested',
  terminal: ['refunded', 'rejected', 'withdrawn'],
  transitions: {
    approve: { from: ['requested'], to: 'approved' },
    /** return-and-refund: approved, the shopper sends the goods back */
    await_return: { from: ['approved'], to: 'awaiting_return' },
    /** the merchant confirms the returned goods arrived */
    receive_return: { from: ['awaiting_return'], to: 'returned' },
    /** the refund is committed and asked of the payment provider (idempotent by refund number) */
    start_refund: { from: ['approved', 'returned'], to: 'refunding' },
    /** the provider reported the money back */
    refund_done: { from: ['refunding'], to: 'refunded' },
    reject: { from: ['requested', 'awaiting_return'], to: 'rejected' },
    withdraw: { from: ['requested', 'approved', 'awaiting_return'], to: 'withdrawn' },
  },
});
export type AfterSaleEvent = keyof typeof afterSaleMachine.transitions;

/** An after-sale in one of these holds its line (one open after-sale per line). */
export const OPEN_AFTERSALE_STATES: readonly AfterSaleStatus[] = AFTERSALE_STATES.filter(
  (s) => !afterSaleMachine.terminal.includes(s),
);

import { validateMachine } from '../../platform/fsm';
import {
  afterSaleMachine,
  AFTERSALE_ORDER_STATES,
  FULFILMENT_EVENT,
  KIND_PATHS,
  OPEN_AFTERSALE_STATES,
  orderMachine,
  UNFULFILLED_STATES,
  type OrderEvent,
  type OrderStatus,
} from './state';

function walk(events: readonly OrderEvent[]): OrderStatus {
  return events.reduce<OrderStatus>((s, e) => orderMachine.next(s, e), orderMachine.initial);
}

describe('order state machine', () => {
  it('is a valid table (every state reachable, terminal states final)', () => {
    expect(() => validateMachine(orderMachine)).not.toThrow();
  });

  it.each(Object.entries(KIND_PATHS))('walks the %s path to completed', (kind, path) => {
    expect(walk(path)).toBe('completed');
    expect(path[1]).toBe(FULFILMENT_EVENT[kind as keyof typeof FULFILMENT_EVENT]);
  });

  it('cancels only before payment', () => {
    expect(orderMachine.sourcesOf('cancel')).toEqual(['pending_payment']);
    for (const s of ['paid', 'to_ship', 'shipped', 'received', 'completed', 'cancelled'] as const) {
      expect(orderMachine.can(s, 'cancel')).toBe(false);
    }
  });

  it('refuses illegal transitions with the stable code', () => {
    expect(() => orderMachine.next('shipped', 'pay')).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION', status: 409 }),
    );
    expect(() => orderMachine.next('completed', 'receive')).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
    expect(() => orderMachine.next('pending_payment', 'ship')).toThrow();
  });

  it('has no way out of a terminal state', () => {
    for (const t of orderMachine.terminal) {
      for (const e of Object.keys(orderMachine.transitions) as OrderEvent[]) {
        expect(orderMachine.can(t, e)).toBe(false);
      }
    }
  });

  it('keeps group buy in the table: grouping leads to fulfilment or cancelled_refunded', () => {
    expect(walk(['pay', 'await_group', 'await_shipment', 'ship', 'receive', 'complete'])).toBe('completed');
    expect(walk(['pay', 'await_group', 'group_failed'])).toBe('cancelled_refunded');
  });

  it('closes an order refunded in full before anything was fulfilled, never after shipping', () => {
    for (const s of UNFULFILLED_STATES) expect(orderMachine.can(s, 'close_refunded')).toBe(true);
    expect(orderMachine.can('shipped', 'close_refunded')).toBe(false);
    expect(orderMachine.can('received', 'close_refunded')).toBe(false);
  });

  it('allows after-sales from payment until completion', () => {
    expect(AFTERSALE_ORDER_STATES).not.toContain('pending_payment');
    expect(AFTERSALE_ORDER_STATES).not.toContain('completed');
    expect(AFTERSALE_ORDER_STATES).toContain('received');
  });
});

describe('after-sale state machine', () => {
  const next = (events: Parameters<typeof afterSaleMachine.next>[1][]) =>
    events.reduce((s, e) => afterSaleMachine.next(s, e), afterSaleMachine.initial);

  it('is a valid table', () => {
    expect(() => validateMachine(afterSaleMachine)).not.toThrow();
  });

  it('refund only: requested → approved → refunding → refunded', () => {
    expect(next(['approve', 'start_refund', 'refund_done'])).toBe('refunded');
  });

  it('return and refund: the goods come back before the money goes', () => {
    expect(next(['approve', 'await_return', 'receive_return', 'start_refund', 'refund_done'])).toBe(
      'refunded',
    );
    expect(afterSaleMachine.can('awaiting_return', 'start_refund')).toBe(false);
  });

  it('can be rejected or withdrawn until the refund starts, never after', () => {
    expect(next(['reject'])).toBe('rejected');
    expect(next(['approve', 'withdraw'])).toBe('withdrawn');
    expect(next(['approve', 'await_return', 'reject'])).toBe('rejected');
    expect(afterSaleMachine.can('refunding', 'withdraw')).toBe(false);
    expect(afterSaleMachine.can('refunding', 'reject')).toBe(false);
  });

  it('counts every non-terminal state as open (one open after-sale per line)', () => {
    expect(OPEN_AFTERSALE_STATES).toEqual([
      'requested',
      'approved',
      'awaiting_return',
      'returned',
      'refunding',
    ]);
  });
});

import type { Tx } from '../db/tx';
import type { EventName, EventPayload } from '../events/catalog';

export interface OutboxEvent<N extends EventName = EventName> {
  id: number;
  name: N;
  payload: EventPayload<N>;
  createdAt: Date;
}

/**
 * A handler is applied at most once per event (a unique receipt (handler, event id) is written in the same
 * transaction as the handler's own writes), and the dispatcher retries until it succeeds: so each handler
 * takes effect exactly once even though delivery is at least once.
 */
export interface EventHandlerDef<N extends EventName = EventName> {
  /** unique and stable: it is the receipt key, e.g. 'points.creditOnReceipt' */
  name: string;
  event: N;
  handle(event: OutboxEvent<N>, tx: Tx): Promise<void>;
}

export interface Outbox {
  /** Write an event inside the business transaction; it is dispatched after commit. */
  emit<N extends EventName>(
    tx: Tx,
    name: N,
    payload: EventPayload<N>,
    opts?: { aggregateId?: string },
  ): Promise<number>;
  /**
   * `listener` runs after each commit of a transaction that emitted (once per event), so that a dispatcher
   * in the same process can wake at once instead of at its next poll. Returns the unsubscribe function.
   */
  onCommit(listener: () => void): () => void;
}

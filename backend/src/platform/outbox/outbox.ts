import { QueryTypes, type Sequelize } from 'sequelize';
import type { Clock } from '../clock';
import type { Tx } from '../db/tx';
import { eventCatalog, type EventName, type EventPayload } from '../events/catalog';
import { sqlTime } from '../db/time';
import type { Outbox } from './types';

/**
 * Writes events into `outbox_events` in the caller's transaction, so that an event exists if and only if
 * the business change it describes was committed.
 */
export class SqlOutbox implements Outbox {
  private readonly commitListeners = new Set<() => void>();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly clock: Clock,
  ) {}

  async emit<N extends EventName>(
    tx: Tx,
    name: N,
    payload: EventPayload<N>,
    opts: { aggregateId?: string } = {},
  ): Promise<number> {
    const schema = eventCatalog[name];
    if (!schema) throw new Error(`outbox: unknown event '${name}'`);
    // an invalid payload is a programming error in the emitting module, not a client's mistake
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new Error(`outbox: invalid payload for '${name}': ${parsed.error.message}`);
    const now = sqlTime(this.sequelize, this.clock.now());
    const [id] = await this.sequelize.query(
      `INSERT INTO outbox_events (name, payload, aggregate_id, attempts, available_at, created_at)
       VALUES (:name, :payload, :aggregateId, 0, :now, :now)`,
      {
        replacements: {
          name,
          payload: JSON.stringify(parsed.data),
          aggregateId: opts.aggregateId ?? null,
          now,
        },
        transaction: tx,
        type: QueryTypes.INSERT,
      },
    );
    tx.afterCommit(() => this.announceCommit());
    return Number(id);
  }

  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  private announceCommit(): void {
    for (const listener of this.commitListeners) {
      // the business transaction is already committed: a listener's failure must not surface as its failure
      try {
        listener();
      } catch {
        /* a wake-up is best effort; the poll loop still runs */
      }
    }
  }
}

import { DataTypes, QueryTypes, type Sequelize } from 'sequelize';
import type { EventHandlerDef, OutboxEvent } from '../../src/platform/outbox/types';

export const EFFECTS_TABLE = 'test_outbox_effects';

/**
 * One row per committed application of a handler to an event. There is deliberately no unique key on
 * (handler, event_id): a second application must show up as a second row, not be refused by the test table.
 */
export async function createEffectsTable(sequelize: Sequelize): Promise<void> {
  await sequelize.getQueryInterface().dropTable(EFFECTS_TABLE);
  await sequelize.getQueryInterface().createTable(EFFECTS_TABLE, {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false },
    handler: { type: DataTypes.STRING(96), allowNull: false },
    event_id: { type: DataTypes.BIGINT, allowNull: false },
    applied_by: { type: DataTypes.STRING(64), allowNull: false },
  });
}

export interface EffectHandlerOptions {
  sequelize: Sequelize;
  name: string;
  /** recorded in the row, to tell which dispatcher applied it */
  appliedBy: string;
  /** time spent inside the handler's transaction, after its write */
  delayMs?: number;
  /** while this answers true the handler throws after writing its row, so its rollback is exercised too */
  shouldFail?: (event: OutboxEvent<'platform.ping'>) => boolean;
  onCall?: (eventId: number) => void;
  onCommitted?: (eventId: number) => void;
}

export function effectHandler(opts: EffectHandlerOptions): EventHandlerDef<'platform.ping'> {
  return {
    name: opts.name,
    event: 'platform.ping',
    async handle(event, tx) {
      opts.onCall?.(event.id);
      await opts.sequelize.query(
        `INSERT INTO ${EFFECTS_TABLE} (handler, event_id, applied_by) VALUES (:handler, :eventId, :appliedBy)`,
        {
          replacements: { handler: opts.name, eventId: event.id, appliedBy: opts.appliedBy },
          transaction: tx,
          type: QueryTypes.INSERT,
        },
      );
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.shouldFail?.(event)) throw new Error(`${opts.name} refused event ${event.id}`);
      tx.afterCommit(() => opts.onCommitted?.(event.id));
    },
  };
}

export interface EffectCount {
  handler: string;
  eventId: number;
  appliedBy: string;
  count: number;
}

/** Rows grouped by (handler, event, dispatcher), ordered by event. */
export async function countEffects(sequelize: Sequelize): Promise<EffectCount[]> {
  const rows = await sequelize.query<Record<string, unknown>>(
    `SELECT handler, event_id, applied_by, COUNT(*) AS n FROM ${EFFECTS_TABLE}
     GROUP BY handler, event_id, applied_by ORDER BY event_id, handler`,
    { type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    handler: String(r.handler),
    eventId: Number(r.event_id),
    appliedBy: String(r.applied_by),
    count: Number(r.n),
  }));
}

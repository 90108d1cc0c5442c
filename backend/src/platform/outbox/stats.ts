import { QueryTypes, type Sequelize } from 'sequelize';
import type { Clock } from '../clock';
import { readTime } from '../db/time';

export interface OutboxStats {
  /** events not yet dispatched (waiting, in delivery, or waiting for a retry) */
  pending: number;
  /** pending events that have failed at least once */
  failing: number;
  /** age of the oldest pending event; null when nothing is pending */
  oldestPendingAgeMs: number | null;
}

/** For /api/health and the dashboard: a growing age means the dispatcher is down or a handler keeps failing. */
export async function readOutboxStats(sequelize: Sequelize, clock: Clock): Promise<OutboxStats> {
  const [row] = await sequelize.query<{ pending: unknown; failing: unknown; oldest: unknown }>(
    `SELECT COUNT(*) AS pending, SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS failing, MIN(created_at) AS oldest
     FROM outbox_events WHERE dispatched_at IS NULL`,
    { type: QueryTypes.SELECT },
  );
  const oldest = row?.oldest == null ? null : readTime(row.oldest);
  return {
    pending: Number(row?.pending ?? 0),
    failing: Number(row?.failing ?? 0),
    oldestPendingAgeMs: oldest ? Math.max(0, clock.now().getTime() - oldest.getTime()) : null,
  };
}

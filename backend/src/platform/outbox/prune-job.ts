import type { Sequelize } from 'sequelize';
import type { CronJobDef } from '../cron/types';
import { sqlTime } from '../db/time';
import { guardedUpdate } from '../db/tx';

export const OUTBOX_KEPT_DAYS = 30;
const BATCH = 1000;

/**
 * Deletes dispatched events older than 30 days with their receipts (daily). Pending and failing events are
 * never deleted: they still owe an effect.
 */
export function outboxPruneJob(sequelize: Sequelize): CronJobDef {
  return {
    name: 'outbox-prune',
    schedule: '45 3 * * *',
    period: 'day',
    description: `Deletes dispatched outbox events and their receipts older than ${OUTBOX_KEPT_DAYS} days`,
    async run(ctx) {
      const cutoff = sqlTime(sequelize, new Date(ctx.now.getTime() - OUTBOX_KEPT_DAYS * 24 * 3600 * 1000));
      for (;;) {
        const [rows] = await sequelize.query(
          `SELECT id FROM outbox_events WHERE dispatched_at IS NOT NULL AND dispatched_at < :cutoff ORDER BY id LIMIT ${BATCH}`,
          { replacements: { cutoff } },
        );
        const ids = (rows as { id: number }[]).map((r) => Number(r.id));
        if (ids.length === 0) return;
        ctx.count(
          'receipts',
          await guardedUpdate(sequelize, 'DELETE FROM outbox_receipts WHERE event_id IN (:ids)', { ids }),
        );
        ctx.count(
          'events',
          await guardedUpdate(sequelize, 'DELETE FROM outbox_events WHERE id IN (:ids)', { ids }),
        );
        if (ids.length < BATCH) return;
      }
    },
  };
}

import type { Config } from '../../config';
import { createMigrator } from './migrate';
import { createSequelize } from './sequelize';
import type { Logger } from '../logger';

/**
 * Waits until every migration is applied (the api process migrates; cron and workers only wait), polling
 * on a connection of its own. `timeoutMs: 0` checks once: the CLI fails at once on an unmigrated database.
 */
export async function waitForSchema(
  config: Config,
  logger: Logger,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  const sequelize = createSequelize(config, logger);
  try {
    const migrator = createMigrator(sequelize);
    for (;;) {
      let pending: string[] | undefined;
      let problem: unknown;
      try {
        pending = (await migrator.pending()).map((m) => m.name);
        if (pending.length === 0) return;
      } catch (e) {
        problem = e; // the database may not accept connections yet
      }
      const reason = pending
        ? `${pending.length} migrations pending (${pending.join(', ')})`
        : String(problem);
      if (Date.now() >= deadline) throw new Error(`database schema is not ready: ${reason}`);
      logger.info({ pending, err: problem }, 'waiting for the api process to migrate the database');
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 2000));
    }
  } finally {
    await sequelize.close();
  }
}

import { QueryTypes } from 'sequelize';
import { OutboxDispatcher } from '../../src/platform/outbox/dispatcher';
import type { TestApp } from './app';

/**
 * Delivers every pending outbox event with a real dispatcher until none is left. `modules` limits the
 * handlers to those modules' (so a test does not depend on its neighbours); absent: every module's.
 */
export async function drainOutbox(t: TestApp, modules?: string[]): Promise<void> {
  const dispatcher = new OutboxDispatcher({
    sequelize: t.platform.sequelize,
    handlers: t.modules
      .filter((m) => !modules || modules.includes(m.name))
      .flatMap((m) => m.eventHandlers ?? []),
    logger: t.platform.logger,
    clock: t.platform.clock,
    batchSize: 50,
  });
  for (let i = 0; i < 100; i++) {
    if ((await dispatcher.runOnce()) === 0) break;
  }
  const [pending] = await t.platform.sequelize.query<{ n: number; err: string | null }>(
    'SELECT COUNT(*) AS n, MAX(last_error) AS err FROM outbox_events WHERE dispatched_at IS NULL',
    { type: QueryTypes.SELECT },
  );
  if (Number(pending.n) > 0) throw new Error(`outbox events left undelivered: ${pending.n} (${pending.err})`);
}

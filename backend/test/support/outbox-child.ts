/**
 * A dispatcher in its own process, for the outbox test that SIGKILLs it mid-batch.
 * Usage: node --import tsx test/support/outbox-child.ts <workerId> <batchSize> <lockMs> <delayMs>
 * Database from DATABASE_URL. Prints "applied <eventId>" after each committed application.
 */
import { loadConfig } from '../../src/config';
import { systemClock } from '../../src/platform/clock';
import { createSequelize } from '../../src/platform/db/sequelize';
import { createLogger } from '../../src/platform/logger';
import { OutboxDispatcher } from '../../src/platform/outbox/dispatcher';
import { effectHandler } from './outbox-effects';

const [workerId, batchSize, lockMs, delayMs] = process.argv.slice(2);
const logger = createLogger('silent');
const sequelize = createSequelize(loadConfig(), logger);
const dispatcher = new OutboxDispatcher({
  sequelize,
  logger,
  clock: systemClock,
  workerId,
  batchSize: Number(batchSize),
  lockMs: Number(lockMs),
  pollMs: 50,
  handlers: [
    effectHandler({
      sequelize,
      name: 'test.effect',
      appliedBy: 'child',
      delayMs: Number(delayMs),
      onCommitted: (eventId) => process.stdout.write(`applied ${eventId}\n`),
    }),
  ],
});

// never outlive the test: stop when the parent goes away or after a minute
const quit = () => process.exit(0);
process.stdin.on('end', quit).resume();
setTimeout(quit, 60_000).unref();

dispatcher.start();

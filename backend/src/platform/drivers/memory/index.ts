import { createLogger, type Logger } from '../../logger';
import type { Drivers } from '../types';
import { MemoryCache } from './cache';
import { MemoryKeyspace } from './keyspace';
import { MemoryLock } from './lock';
import { MemoryQueue } from './queue';
import { MemoryRateLimit } from './rate-limit';
import { MemoryStock } from './stock';

/** Embedded mode: every driver in this process. */
export function createMemoryDrivers(logger: Logger = createLogger('silent')): Drivers {
  const keyspace = new MemoryKeyspace();
  const queue = new MemoryQueue(logger.child({ driver: 'queue' }));
  let closing: Promise<void> | undefined;
  return {
    kind: 'memory',
    cache: new MemoryCache(keyspace),
    lock: new MemoryLock(keyspace, logger),
    queue,
    rateLimit: new MemoryRateLimit(),
    stock: new MemoryStock(keyspace),
    close() {
      closing ??= queue.close().then(() => keyspace.close());
      return closing;
    },
  };
}

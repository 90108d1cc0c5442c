import { Redis } from 'ioredis';
import type { Logger } from '../../logger';
import type { Drivers } from '../types';
import { RedisCache } from './cache';
import { RedisLock } from './lock';
import { BullQueue } from './queue';
import { RedisRateLimit } from './rate-limit';
import { defineDriverScripts } from './scripts';
import { RedisStock } from './stock';

/**
 * Cluster mode. Two connections of our own: `commands` for cache, lock, rate limit, stock and modules' scripts
 * (a command gives up after a few reconnect attempts, so requests fail instead of hanging while Redis is
 * down), and `bullmq` for queues and workers (BullMQ wants commands that wait forever:
 * maxRetriesPerRequest null). Workers add one blocking connection each.
 */
export async function createRedisDrivers(redisUrl: string, logger: Logger): Promise<Drivers> {
  const log = logger.child({ driver: 'redis' });
  const open = (name: string, maxRetriesPerRequest: number | null) => {
    const redis = new Redis(redisUrl, { connectionName: `mall-${name}`, maxRetriesPerRequest });
    redis.on('error', (err) => log.warn({ err, connection: name }, 'redis connection error'));
    return redis;
  };
  const commands = open('commands', 3);
  const bullmq = open('bullmq', null);
  const quitAll = () => Promise.all([commands, bullmq].map((r) => r.quit().catch(() => r.disconnect())));
  try {
    await commands.ping(); // fail at boot, not at the first request
  } catch (err) {
    await quitAll();
    throw err;
  }
  defineDriverScripts(commands);
  const queue = new BullQueue(bullmq, log);
  let closing: Promise<void> | undefined;
  return {
    kind: 'redis',
    cache: new RedisCache(commands),
    lock: new RedisLock(commands, log),
    queue,
    rateLimit: new RedisRateLimit(commands),
    stock: new RedisStock(commands),
    redis: commands,
    close() {
      closing ??= queue.close().then(async () => {
        await quitAll();
      });
      return closing;
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger';
import type { LockDriver, LockHandle } from '../types';
import { assertPositiveInt } from '../validate';
import { runWithLock } from '../with-lock';
import type { MemoryKeyspace } from './keyspace';

/** Process-local locks: a key holding a random token with a TTL, as in Redis. */
export class MemoryLock implements LockDriver {
  constructor(
    private readonly keyspace: MemoryKeyspace,
    private readonly logger: Logger,
  ) {}

  async tryAcquire(key: string, ttlMs: number): Promise<LockHandle | undefined> {
    assertPositiveInt('ttlMs', ttlMs);
    const storeKey = `lock:${key}`;
    const token = randomUUID();
    if (!this.keyspace.setIfAbsent(storeKey, token, ttlMs)) return undefined;
    const keyspace = this.keyspace;
    const held = () => keyspace.get(storeKey) === token;
    return {
      key,
      async extend(newTtlMs: number) {
        assertPositiveInt('ttlMs', newTtlMs);
        return held() && keyspace.expire(storeKey, newTtlMs);
      },
      async release() {
        if (held()) keyspace.del(storeKey);
      },
    };
  }

  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>) {
    return runWithLock(() => this.tryAcquire(key, ttlMs), fn, this.logger);
  }
}

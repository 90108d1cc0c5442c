import { ExecutionError, type Lock, Redlock, ResourceLockedError } from '@sesamecare-oss/redlock';
import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';
import type { LockDriver, LockHandle } from '../types';
import { assertPositiveInt } from '../validate';
import { runWithLock } from '../with-lock';

/** No retries anywhere: `tryAcquire` answers at once and a stale release or extend is simply refused. */
const NO_RETRY = { retryCount: 0 } as const;

/**
 * Redlock with one client (one Redis, or one cluster): a key `lock:<key>` holding a random token with a PX
 * TTL; extend and release check the token in Lua, so only the holder can do either.
 */
export class RedisLock implements LockDriver {
  private readonly redlock: Redlock;

  constructor(
    redis: Redis,
    private readonly logger: Logger,
  ) {
    // Redlock's scripts SELECT `db` themselves (default 0): give them the connection's database.
    this.redlock = new Redlock([redis], { ...NO_RETRY, db: redis.options.db ?? 0 });
    // Redlock emits every refused vote; without a listener EventEmitter would throw them.
    this.redlock.on('error', (err: Error) => {
      if (!(err instanceof ResourceLockedError)) this.logger.warn({ err }, 'redlock error');
    });
  }

  async tryAcquire(key: string, ttlMs: number): Promise<LockHandle | undefined> {
    assertPositiveInt('ttlMs', ttlMs);
    try {
      return new RedisLockHandle(key, await this.redlock.acquire([`lock:${key}`], ttlMs, NO_RETRY));
    } catch (err) {
      if (await isRefusal(err)) return undefined;
      throw err;
    }
  }

  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>) {
    return runWithLock(() => this.tryAcquire(key, ttlMs), fn, this.logger);
  }
}

class RedisLockHandle implements LockHandle {
  constructor(
    readonly key: string,
    private lock: Lock,
  ) {}

  async extend(ttlMs: number): Promise<boolean> {
    assertPositiveInt('ttlMs', ttlMs);
    try {
      this.lock = await this.lock.redlock.extend(this.lock, ttlMs, NO_RETRY);
      return true;
    } catch (err) {
      if (await isRefusal(err)) return false;
      throw err;
    }
  }

  async release(): Promise<void> {
    try {
      await this.lock.redlock.release(this.lock, NO_RETRY);
    } catch (err) {
      // refused: the lock expired, and maybe someone else holds it now; theirs stays
      if (!(await isRefusal(err))) throw err;
    }
  }
}

/**
 * True when Redis answered but the lock was not ours to take, extend or release (as opposed to Redis being
 * unreachable, which must surface as an error, not as "someone else holds it"). An already expired lock
 * fails before any attempt: no attempts, also a refusal.
 */
async function isRefusal(err: unknown): Promise<boolean> {
  if (!(err instanceof ExecutionError)) return false;
  const stats = await Promise.all(err.attempts);
  return stats.every((s) => [...s.votesAgainst.values()].every((e) => e instanceof ResourceLockedError));
}

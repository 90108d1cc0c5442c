import type { Logger } from '../logger';
import type { LockHandle } from './types';

/**
 * `withLock` for both implementations: no waiting, no automatic extension. `ttlMs` must outlast `fn`; work
 * that may run longer holds the handle from `tryAcquire` and calls `extend`.
 */
export async function runWithLock<T>(
  tryAcquire: () => Promise<LockHandle | undefined>,
  fn: () => Promise<T>,
  logger: Logger,
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  const handle = await tryAcquire();
  if (!handle) return { acquired: false };
  try {
    return { acquired: true, value: await fn() };
  } finally {
    // A failed release is not the caller's failure: the lock expires by itself.
    await handle
      .release()
      .catch((err: unknown) => logger.warn({ err, key: handle.key }, 'lock release failed'));
  }
}

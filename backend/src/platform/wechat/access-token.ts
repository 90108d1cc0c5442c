import { AppError } from '../errors';
import type { CacheDriver, LockDriver } from '../drivers/types';
import type { Logger } from '../logger';

interface StableTokenAnswer {
  accessToken: string;
  expiresInSeconds: number;
}

export interface AccessTokenDeps {
  appid: string;
  cache: CacheDriver;
  lock: LockDriver;
  logger: Logger;
  /** one `POST /cgi-bin/stable_token` */
  fetchStableToken(forceRefresh: boolean): Promise<StableTokenAnswer>;
  /** how long one fetch may take; the lock is held at least this long */
  fetchBudgetMs: number;
}

const POLL_MS = 50;

/**
 * The access token, shared by every process through the cache. One process at a time fetches it, under
 * the lock; the others wait for it to appear in the cache. Within a process concurrent callers share one
 * pending fetch.
 *
 * stable_token in normal mode hands every caller the same token until it nears expiry, so fetching never
 * invalidates another process's token. Force refresh does invalidate it (and WeChat limits how often it may
 * be used), so it is the last resort: only when WeChat rejects a token and a normal fetch returns that same
 * token again.
 */
export function createAccessTokenProvider(deps: AccessTokenDeps) {
  const cacheKey = `wechat:access-token:${deps.appid}`;
  const lockKey = `wechat:access-token-lock:${deps.appid}`;
  const pending = new Map<string, Promise<string>>();

  async function cachedOtherThan(rejected: string | undefined): Promise<string | undefined> {
    const token = await deps.cache.get<string>(cacheKey);
    return token && token !== rejected ? token : undefined;
  }

  async function fetchAndCache(rejected: string | undefined): Promise<string> {
    let answer = await deps.fetchStableToken(false);
    if (rejected !== undefined && answer.accessToken === rejected) {
      deps.logger.warn('WeChat rejected the current access token; forcing a refresh');
      answer = await deps.fetchStableToken(true);
    }
    await deps.cache.set(cacheKey, answer.accessToken, cacheSeconds(answer.expiresInSeconds));
    return answer.accessToken;
  }

  async function obtain(rejected: string | undefined): Promise<string> {
    const lockTtlMs = Math.ceil(2 * deps.fetchBudgetMs) + 1000;
    const deadline = Date.now() + lockTtlMs;
    for (;;) {
      const cached = await cachedOtherThan(rejected);
      if (cached) return cached;
      const outcome = await deps.lock.withLock(lockKey, lockTtlMs, async () => {
        return (await cachedOtherThan(rejected)) ?? fetchAndCache(rejected);
      });
      if (outcome.acquired) return outcome.value;
      if (Date.now() > deadline)
        throw new AppError('WECHAT_ERROR', 'Timed out waiting for the WeChat access token');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  function shared(rejected: string | undefined): Promise<string> {
    const slot = rejected ?? '';
    let job = pending.get(slot);
    if (!job) {
      job = obtain(rejected).finally(() => pending.delete(slot));
      pending.set(slot, job);
    }
    return job;
  }

  return {
    async get(): Promise<string> {
      return (await deps.cache.get<string>(cacheKey)) ?? shared(undefined);
    },
    /** a token other than `rejected`, which WeChat has just refused */
    replace(rejected: string): Promise<string> {
      return shared(rejected);
    },
  };
}

export type AccessTokenProvider = ReturnType<typeof createAccessTokenProvider>;

/** Cache until shortly before expiry: 5 minutes early, or half the lifetime when that is shorter. */
export function cacheSeconds(expiresInSeconds: number): number {
  return Math.max(1, expiresInSeconds - Math.min(300, Math.floor(expiresInSeconds / 2)));
}

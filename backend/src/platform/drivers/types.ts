import type { Redis } from 'ioredis';

/**
 * Driver contracts. Each has a `memory` implementation (one process, embedded mode) and a `redis`
 * implementation (cluster mode), and one contract suite (drivers.contract.test.ts) runs against both.
 */

/** Values are stored as JSON (a Date comes back as a string). TTLs may be fractional: millisecond precision. */
export interface CacheDriver {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** set only if absent; true when this call set it */
  setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean>;
  /** atomic counter with a TTL applied when the key is created */
  incr(key: string, by?: number, ttlSeconds?: number): Promise<number>;
}

export interface LockHandle {
  readonly key: string;
  extend(ttlMs: number): Promise<boolean>;
  release(): Promise<void>;
}

export interface LockDriver {
  /** undefined when someone else holds it */
  tryAcquire(key: string, ttlMs: number): Promise<LockHandle | undefined>;
  /** runs fn under the lock; `{ acquired: false }` without running when the lock is held elsewhere */
  withLock<T>(
    key: string,
    ttlMs: number,
    fn: () => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
}

export interface JobOptions {
  /**
   * de-duplicates: a job with the same id is not added twice while it is waiting, delayed or active; once it
   * has completed or finally failed the id is free again. No `:` and not all digits (BullMQ's rules).
   */
  jobId?: string;
  delayMs?: number;
  /** runs in total, first one included (default 1: no retry) */
  attempts?: number;
  /** fixed wait between attempts (default 1000) */
  backoffMs?: number;
}

export interface QueueJob<T = unknown> {
  id: string;
  name: string;
  /** data as it went through JSON */
  data: T;
  /** failed runs before this one (0 on the first run) */
  attemptsMade: number;
}

export type JobHandler<T = unknown> = (job: QueueJob<T>) => Promise<void>;

/** Queue names: no `:`. Handlers must be idempotent: delivery is at least once. */
export interface QueueDriver {
  add<T>(queue: string, name: string, data: T, opts?: JobOptions): Promise<string>;
  /** starts consuming `queue` in this process (the worker role) */
  process<T>(queue: string, handler: JobHandler<T>, opts?: { concurrency?: number }): Promise<void>;
  /** waiting + delayed + active jobs, for the real-time dashboard and tests */
  depth(queue: string): Promise<number>;
  close(): Promise<void>;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterMs: number;
}

export interface RateLimitDriver {
  /**
   * counts one hit (refused hits count too) against `points` per fixed window of `durationSeconds` (a whole
   * number) for `key`; `name`, `points` and `durationSeconds` together name one limiter
   */
  consume(name: string, key: string, points: number, durationSeconds: number): Promise<RateLimitResult>;
}

/**
 * Counters that many shoppers race on (activity stock). Every operation is atomic: in Redis a Lua script,
 * in memory a synchronous section. Keys that change together share a hash tag, e.g. `{flash:12}:stock`.
 */
export interface StockCounterDriver {
  set(key: string, value: number): Promise<void>;
  get(key: string): Promise<number | undefined>;
  /** decrements by n only if at least n is left; returns the new value, or undefined when not enough */
  take(key: string, n: number): Promise<number | undefined>;
  /** returns n units (after a cancel or a failed order) and the new value */
  give(key: string, n: number): Promise<number>;
  del(key: string): Promise<void>;
}

export interface Drivers {
  kind: 'memory' | 'redis';
  cache: CacheDriver;
  lock: LockDriver;
  queue: QueueDriver;
  rateLimit: RateLimitDriver;
  stock: StockCounterDriver;
  /**
   * The shared Redis command connection (redis kind only), for a module that needs its own Lua script
   * (`defineCommand`). Such a module must also work without it (embedded mode) and must keep every key one
   * script touches under one hash tag. Never `quit()` it: `close()` does.
   */
  redis?: Redis;
  /** closes every connection, queue, worker and timer; safe to call twice */
  close(): Promise<void>;
}

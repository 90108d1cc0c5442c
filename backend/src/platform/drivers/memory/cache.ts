import type { CacheDriver } from '../types';
import { assertInt, toJson, ttlToMs } from '../validate';
import { type MemoryKeyspace, storedInteger } from './keyspace';

export class MemoryCache implements CacheDriver {
  constructor(private readonly keyspace: MemoryKeyspace) {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const raw = this.keyspace.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    this.keyspace.set(key, toJson(value), ttlSeconds === undefined ? undefined : ttlToMs(ttlSeconds));
  }

  async del(...keys: string[]): Promise<void> {
    for (const key of keys) this.keyspace.del(key);
  }

  async setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    return this.keyspace.setIfAbsent(key, toJson(value), ttlToMs(ttlSeconds));
  }

  async incr(key: string, by = 1, ttlSeconds?: number): Promise<number> {
    assertInt('by', by);
    const ttlMs = ttlSeconds === undefined ? undefined : ttlToMs(ttlSeconds);
    const raw = this.keyspace.get(key);
    if (raw === undefined) {
      this.keyspace.set(key, String(by), ttlMs);
      return by;
    }
    const next = storedInteger(key, raw) + by;
    this.keyspace.replace(key, String(next));
    return next;
  }
}

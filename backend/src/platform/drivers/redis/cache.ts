import type { Redis } from 'ioredis';
import type { CacheDriver } from '../types';
import { assertInt, toJson, ttlToMs } from '../validate';

export class RedisCache implements CacheDriver {
  constructor(private readonly redis: Redis) {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const json = toJson(value);
    if (ttlSeconds === undefined) await this.redis.set(key, json);
    else await this.redis.set(key, json, 'PX', ttlToMs(ttlSeconds));
  }

  /** one DEL per key: a multi-key DEL fails on Redis Cluster when the keys live in different slots */
  async del(...keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.redis.del(key)));
  }

  async setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(key, toJson(value), 'PX', ttlToMs(ttlSeconds), 'NX')) === 'OK';
  }

  async incr(key: string, by = 1, ttlSeconds?: number): Promise<number> {
    assertInt('by', by);
    return this.redis.mallCacheIncr(key, by, ttlSeconds === undefined ? 0 : ttlToMs(ttlSeconds));
  }
}

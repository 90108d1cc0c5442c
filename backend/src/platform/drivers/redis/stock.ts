import type { Redis } from 'ioredis';
import type { StockCounterDriver } from '../types';
import { assertPositiveInt, assertStockValue } from '../validate';

export class RedisStock implements StockCounterDriver {
  constructor(private readonly redis: Redis) {}

  async set(key: string, value: number): Promise<void> {
    assertStockValue(value);
    await this.redis.set(key, value);
  }

  async get(key: string): Promise<number | undefined> {
    const raw = await this.redis.get(key);
    return raw === null ? undefined : Number(raw);
  }

  async take(key: string, n: number): Promise<number | undefined> {
    assertPositiveInt('n', n);
    return (await this.redis.mallStockTake(key, n)) ?? undefined;
  }

  async give(key: string, n: number): Promise<number> {
    assertPositiveInt('n', n);
    return this.redis.incrby(key, n);
  }

  async del(key: string): Promise<void> {
    await this.redis.del(key);
  }
}

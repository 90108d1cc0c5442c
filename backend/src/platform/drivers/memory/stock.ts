import type { StockCounterDriver } from '../types';
import { assertPositiveInt, assertStockValue } from '../validate';
import { type MemoryKeyspace, storedInteger } from './keyspace';

/** Same semantics as the Redis Lua scripts; each method is one synchronous section, hence atomic. */
export class MemoryStock implements StockCounterDriver {
  constructor(private readonly keyspace: MemoryKeyspace) {}

  async set(key: string, value: number): Promise<void> {
    assertStockValue(value);
    this.keyspace.set(key, String(value));
  }

  async get(key: string): Promise<number | undefined> {
    const raw = this.keyspace.get(key);
    return raw === undefined ? undefined : storedInteger(key, raw);
  }

  async take(key: string, n: number): Promise<number | undefined> {
    assertPositiveInt('n', n);
    const raw = this.keyspace.get(key);
    if (raw === undefined) return undefined;
    const left = storedInteger(key, raw);
    if (left < n) return undefined;
    this.keyspace.replace(key, String(left - n));
    return left - n;
  }

  async give(key: string, n: number): Promise<number> {
    assertPositiveInt('n', n);
    const raw = this.keyspace.get(key);
    const next = (raw === undefined ? 0 : storedInteger(key, raw)) + n;
    if (raw === undefined) this.keyspace.set(key, String(next));
    else this.keyspace.replace(key, String(next));
    return next;
  }

  async del(key: string): Promise<void> {
    this.keyspace.del(key);
  }
}

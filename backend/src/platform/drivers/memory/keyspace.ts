interface Entry {
  value: string;
  expiresAt: number | undefined;
}

const SWEEP_INTERVAL_MS = 30_000;

/**
 * A string keyspace with TTLs, the memory stand-in for one Redis database. Cache, lock and stock share it so
 * that a key means the same thing to every driver, as it does in Redis. Expired entries are dropped when read
 * and, for keys nobody reads again, by an unref'd sweeper.
 */
export class MemoryKeyspace {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();

  get(key: string): string | undefined {
    return this.live(key)?.value;
  }

  /** like SET [PX]: replaces the value and the TTL */
  set(key: string, value: string, ttlMs?: number): void {
    this.entries.set(key, { value, expiresAt: ttlMs === undefined ? undefined : Date.now() + ttlMs });
  }

  /** like SET NX [PX] */
  setIfAbsent(key: string, value: string, ttlMs?: number): boolean {
    if (this.live(key)) return false;
    this.set(key, value, ttlMs);
    return true;
  }

  /** changes the value and keeps the TTL, as INCRBY and DECRBY do; the key must exist */
  replace(key: string, value: string): void {
    const entry = this.live(key);
    if (!entry) throw new Error(`replace of a missing key: ${key}`);
    entry.value = value;
  }

  /** like PEXPIRE: false when the key does not exist */
  expire(key: string, ttlMs: number): boolean {
    const entry = this.live(key);
    if (!entry) return false;
    entry.expiresAt = Date.now() + ttlMs;
    return true;
  }

  del(key: string): void {
    this.entries.delete(key);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}

/** parses a stored integer the way INCRBY does, refusing anything else */
export function storedInteger(key: string, raw: string): number {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    throw new Error(`value at ${key} is not an integer or out of range`);
  }
  return n;
}

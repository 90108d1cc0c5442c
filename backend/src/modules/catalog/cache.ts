import type { CacheDriver } from '../../platform/drivers/types';

/**
 * Shop reads are cached under keys that carry version numbers; a merchant write bumps the versions it
 * affects (after its transaction commits), so the next read misses and reloads. Old entries just expire.
 *
 *   catalog:v:list          every product, category or shelf change (lists and the category tree)
 *   catalog:v:p:<id>        one product's writes (its detail)
 *   catalog:v:freight       any freight template write (details show the template summary)
 *
 *   catalog:list:<list>:<normalized query as JSON>           product list pages
 *   catalog:tree:<list>                                     category tree
 *   catalog:detail:<id>:<product>.<freight>                 product detail
 *
 * A reader reads the versions BEFORE the database, so whatever it stores under the newest version was read
 * after the write committed. Stock and sold counts change without a merchant write; cached pages show them
 * up to the TTL (+ the local copy's few seconds) late (the order path always checks real stock).
 *
 * In front of the shared cache each process keeps the parsed values of a versioned key for a few seconds:
 * a versioned key never names two contents, so the local copy is as correct as the shared one, and a hot
 * page costs neither a Redis round trip nor a JSON parse. Each process also remembers the versions it read
 * for one second: a write is seen at once by the process that made it (it bumps its own memory) and within a
 * second by every other api process.
 */
export const CACHE_TTL = { list: 30, detail: 30, tree: 60, missing: 10 } as const;
const LOCAL_TTL_MS = 5000;
const LOCAL_MAX_ENTRIES = 5000;
const VERSION_MEMO_MS = 1000;

const LIST = 'catalog:v:list';
const FREIGHT = 'catalog:v:freight';
const productVersion = (id: number) => `catalog:v:p:${id}`;

export class CatalogCache {
  private readonly local = new Map<string, { value: unknown; until: number }>();
  private readonly versions = new Map<string, { version: number; until: number }>();
  private readonly loading = new Map<string, Promise<unknown>>();

  constructor(private readonly cache: CacheDriver) {}

  private async version(key: string): Promise<number> {
    const now = Date.now();
    const memo = this.versions.get(key);
    if (memo && memo.until > now) return memo.version;
    return this.remember(key, (await this.cache.get<number>(key)) ?? 0, now);
  }

  private async bump(key: string): Promise<void> {
    this.remember(key, await this.cache.incr(key), Date.now());
  }

  private remember(key: string, version: number, now: number): number {
    if (this.versions.size > 100_000) this.versions.clear();
    this.versions.set(key, { version, until: now + VERSION_MEMO_MS });
    return version;
  }

  async listKey(query: Record<string, unknown>): Promise<string> {
    const normalized = JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1)));
    return `catalog:list:${await this.version(LIST)}:${normalized}`;
  }

  async treeKey(): Promise<string> {
    return `catalog:tree:${await this.version(LIST)}`;
  }

  async detailKey(productId: number): Promise<string> {
    const [p, f] = await Promise.all([this.version(productVersion(productId)), this.version(FREIGHT)]);
    return `catalog:detail:${productId}:${p}.${f}`;
  }

  /**
   * the cached value, or load → store → return; `null` results are cached briefly too (unknown ids).
   * Concurrent misses of one key in this process share one load (no stampede on a popular page).
   */
  async through<T>(key: string, ttlSeconds: number, load: () => Promise<T | null>): Promise<T | null> {
    const local = this.local.get(key);
    if (local && local.until > Date.now()) return local.value as T | null;
    const pending = this.loading.get(key);
    if (pending) return pending as Promise<T | null>;
    const loaded = (async () => {
      let hit = await this.cache.get<{ v: T | null }>(key);
      if (!hit) {
        hit = { v: await load() };
        await this.cache.set(key, hit, hit.v === null ? CACHE_TTL.missing : ttlSeconds);
      }
      this.keepLocally(key, hit.v, Date.now());
      return hit.v;
    })();
    this.loading.set(key, loaded);
    try {
      return await loaded;
    } finally {
      this.loading.delete(key);
    }
  }

  private keepLocally(key: string, value: unknown, now: number) {
    this.local.delete(key);
    this.local.set(key, { value, until: now + LOCAL_TTL_MS });
    if (this.local.size > LOCAL_MAX_ENTRIES) {
      // the oldest insertions go first; expired ones on the way out too
      for (const [k, entry] of this.local) {
        if (this.local.size <= LOCAL_MAX_ENTRIES * 0.9 && entry.until > now) break;
        this.local.delete(k);
      }
    }
  }

  async productChanged(productId: number): Promise<void> {
    await this.bump(productVersion(productId));
    await this.bump(LIST);
  }

  async listChanged(): Promise<void> {
    await this.bump(LIST);
  }

  async freightChanged(): Promise<void> {
    await this.bump(FREIGHT);
  }
}

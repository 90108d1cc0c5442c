import { MemoryCache } from '../../platform/drivers/memory/cache';
import { MemoryKeyspace } from '../../platform/drivers/memory/keyspace';
import { CatalogCache } from './cache';

const setup = () => {
  const shared = new MemoryCache(new MemoryKeyspace());
  return { shared, a: new CatalogCache(shared), b: new CatalogCache(shared) };
};

describe('CatalogCache', () => {
  it('loads once for concurrent misses of a key and serves the copy afterwards', async () => {
    const { a } = setup();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return { title: 'x' };
    };
    const key = await a.detailKey(1);
    const values = await Promise.all(Array.from({ length: 20 }, () => a.through(key, 30, load)));
    expect(values.every((v) => v?.title === 'x')).toBe(true);
    expect(loads).toBe(1);
    await a.through(key, 30, load);
    expect(loads).toBe(1);
  });

  it('names a new key after a write, at once for the writer and through the shared cache for others', async () => {
    const { shared, a, b } = setup();
    const before = await a.detailKey(7);
    await b.listKey({ page: 1 });
    await b.productChanged(7);
    expect(await b.detailKey(7)).not.toBe(before);
    expect(await b.listKey({ page: 1 })).toMatch(/^catalog:list:1:/);
    // another process reads the shared version; one that read the old version keeps it for up to a second
    expect(await new CatalogCache(shared).detailKey(7)).toBe(await b.detailKey(7));
    expect(await a.detailKey(7)).toBe(before);
    const later = Date.now() + 1001;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => later);
    try {
      expect(await a.detailKey(7)).toBe(await b.detailKey(7));
    } finally {
      clock.mockRestore();
    }
  });

  it('keys list pages by the query whatever its field order, and caches misses as null', async () => {
    const { a } = setup();
    expect(await a.listKey({ page: 1, sort: 'sales' })).toBe(await a.listKey({ sort: 'sales', page: 1 }));
    let loads = 0;
    const missing = async () => {
      loads++;
      return null;
    };
    expect(await a.through('catalog:detail:9:0.0', 30, missing)).toBeNull();
    expect(await a.through('catalog:detail:9:0.0', 30, missing)).toBeNull();
    expect(loads).toBe(1);
  });
});

/** Stock under contention on MariaDB: the guarded update is the only thing between 200 buyers and 20 units. */
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import type { CatalogService } from '../../src/modules/catalog';
import { withTransaction } from '../../src/platform/db/tx';

let t: TestApp;
let catalog: CatalogService;
let skuId: number;

beforeAll(async () => {
  t = await startTestApp();
  expect(t.platform.sequelize.getDialect()).toBe('mysql');
  catalog = (t.modules.find((m) => m.name === 'catalog') as unknown as { service: CatalogService }).service;
  const auth = { Authorization: `Bearer ${await t.adminToken('operator')}` };
  const cat = await t.http.post('/api/admin/categories').set(auth).send({ name: '秒杀' }).expect(201);
  const product = await t.http
    .post('/api/admin/products')
    .set(auth)
    .send({
      title: '限量款',
      kind: 'physical',
      categoryId: cat.body.data.id,
      images: ['https://img.example.com/x.jpg'],
      status: 'on_sale',
      skus: [{ price: 100, stock: 20 }],
    })
    .expect(201);
  skuId = product.body.data.skus[0].id;
});
afterAll(() => t.close());

async function stock(): Promise<number> {
  const [row] = await t.platform.sequelize.query<{ stock: number }>(
    'SELECT stock FROM catalog_skus WHERE id = :skuId',
    {
      replacements: { skuId },
      type: QueryTypes.SELECT,
    },
  );
  return Number(row.stock);
}

it('gives 20 of 200 concurrent reservations, never goes negative, and takes 20 releases back', async () => {
  const seen: number[] = [];
  let running = true;
  const watcher = (async () => {
    while (running) {
      seen.push(await stock());
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const results = await Promise.all(
    Array.from({ length: 200 }, () =>
      withTransaction(t.platform.sequelize, (tx) => catalog.reserveStock(tx, skuId, 1)),
    ),
  );
  running = false;
  await watcher;
  expect(results.filter(Boolean)).toHaveLength(20);
  expect(await stock()).toBe(0);
  expect(seen.length).toBeGreaterThan(0);
  expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);

  await Promise.all(
    Array.from({ length: 20 }, () =>
      withTransaction(t.platform.sequelize, (tx) => catalog.releaseStock(tx, skuId, 1)),
    ),
  );
  expect(await stock()).toBe(20);
});

it('keeps reservations of several units exact: 50 buyers of 3 from 20 get 6 orders and leave 2', async () => {
  const results = await Promise.all(
    Array.from({ length: 50 }, () =>
      withTransaction(t.platform.sequelize, (tx) => catalog.reserveStock(tx, skuId, 3)),
    ),
  );
  expect(results.filter(Boolean)).toHaveLength(6);
  expect(await stock()).toBe(2);
});

it('counts concurrent sales and refunds exactly on the SKU and the product, never below 0', async () => {
  const sold = async () => {
    const [row] = await t.platform.sequelize.query<{ sku: number; product: number }>(
      `SELECT s.sold_count AS sku, p.sold_count AS product FROM catalog_skus s
       JOIN catalog_products p ON p.id = s.product_id WHERE s.id = :skuId`,
      { replacements: { skuId }, type: QueryTypes.SELECT },
    );
    return [Number(row.sku), Number(row.product)];
  };
  const concurrently = (deltas: number[]) =>
    Promise.all(
      deltas.map((d) => withTransaction(t.platform.sequelize, (tx) => catalog.addSales(tx, skuId, d))),
    );
  await concurrently([100]);
  // 75 sales of 2 and 25 refunds of 1, interleaved
  await concurrently(Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? -1 : 2)));
  expect(await sold()).toEqual([225, 225]);
  await concurrently(Array.from({ length: 300 }, () => -1));
  expect(await sold()).toEqual([0, 0]);
});

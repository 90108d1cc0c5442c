/** The catalog service as the order module calls it. */
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import type { CatalogService } from '../../src/modules/catalog';
import { withTransaction } from '../../src/platform/db/tx';

let t: TestApp;
let catalog: CatalogService;
let operator: string;
let physicalSku: number;
let offShelfSku: number;
let categoryId: number;
let hoodieId: number;
let virtualSku: number;
let templateId: number;

const as = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });

async function post(path: string, body: object) {
  return (await t.http.post(path).set(as(operator)).send(body).expect(201)).body.data;
}

async function column(table: string, field: string, id: number): Promise<number> {
  const [row] = await t.platform.sequelize.query<{ v: number }>(
    `SELECT ${field} AS v FROM ${table} WHERE id = :id`,
    {
      replacements: { id },
      type: QueryTypes.SELECT,
    },
  );
  return Number(row.v);
}

beforeAll(async () => {
  t = await startTestApp();
  catalog = (t.modules.find((m) => m.name === 'catalog') as unknown as { service: CatalogService }).service;
  operator = await t.adminToken('operator');
  const cat = (await post('/api/admin/categories', { name: '测试' })).id;
  categoryId = cat;
  templateId = (
    await post('/api/admin/freight-templates', {
      name: '按重',
      mode: 'weight',
      base: { rule: { firstUnits: 1000, firstFee: 1000, nextUnits: 500, nextFee: 300 }, freeOverCount: 10 },
      excludedProvinces: ['新疆'],
    })
  ).id;
  const shirt = await post('/api/admin/products', {
    title: '卫衣',
    kind: 'physical',
    categoryId: cat,
    images: ['https://img.example.com/hoodie.jpg'],
    status: 'on_sale',
    freightTemplateId: templateId,
    specs: [{ name: '颜色', values: ['灰', '黑'] }],
    skus: [
      { specs: { 颜色: '灰' }, price: 19900, costPrice: 8000, stock: 5, weightGrams: 600 },
      {
        specs: { 颜色: '黑' },
        price: 19900,
        costPrice: 8000,
        stock: 5,
        weightGrams: 600,
        status: 'off_shelf',
      },
    ],
  });
  physicalSku = shirt.skus[0].id;
  offShelfSku = shirt.skus[1].id;
  hoodieId = shirt.id;
  const course = await post('/api/admin/products', {
    title: '摄影课',
    kind: 'virtual',
    categoryId: cat,
    images: ['https://img.example.com/course.jpg'],
    status: 'on_sale',
    skus: [{ price: 9900, stock: 1000 }],
  });
  virtualSku = course.skus[0].id;
});
afterAll(() => t.close());

describe('getSkus', () => {
  it('returns snapshots in the order asked, once per id, leaving unknown ids out', async () => {
    const snaps = await catalog.getSkus([virtualSku, physicalSku, 999999, physicalSku, offShelfSku]);
    expect(snaps.map((s) => s.skuId)).toEqual([virtualSku, physicalSku, offShelfSku]);
    expect(snaps[1]).toEqual({
      skuId: physicalSku,
      productId: hoodieId,
      productTitle: '卫衣',
      categoryIds: [categoryId],
      kind: 'physical',
      specs: { 颜色: '灰' },
      specText: '颜色：灰',
      price: 19900,
      costPrice: 8000,
      weightGrams: 600,
      image: 'https://img.example.com/hoodie.jpg',
      freightTemplateId: templateId,
      onSale: true,
      stock: 5,
    });
    expect(snaps[2].onSale).toBe(false);
    expect(snaps[0]).toMatchObject({ kind: 'virtual', freightTemplateId: null, specText: '' });
    expect(await catalog.getSkus([])).toEqual([]);
  });
});

describe('stock', () => {
  it('reserves only what is left and releases it back', async () => {
    const results = await withTransaction(t.platform.sequelize, async (tx) => [
      await catalog.reserveStock(tx, physicalSku, 3),
      await catalog.reserveStock(tx, physicalSku, 3),
      await catalog.reserveStock(tx, physicalSku, 2),
      await catalog.reserveStock(tx, physicalSku, 1),
    ]);
    expect(results).toEqual([true, false, true, false]);
    expect(await column('catalog_skus', 'stock', physicalSku)).toBe(0);
    await withTransaction(t.platform.sequelize, (tx) => catalog.releaseStock(tx, physicalSku, 5));
    expect(await column('catalog_skus', 'stock', physicalSku)).toBe(5);
    expect(await withTransaction(t.platform.sequelize, (tx) => catalog.reserveStock(tx, 999999, 1))).toBe(
      false,
    );
    await expect(
      withTransaction(t.platform.sequelize, (tx) => catalog.reserveStock(tx, physicalSku, 0)),
    ).rejects.toThrow(RangeError);
  });

  it('rolls a reservation back with its transaction', async () => {
    await expect(
      withTransaction(t.platform.sequelize, async (tx) => {
        await catalog.reserveStock(tx, physicalSku, 5);
        throw new Error('order failed');
      }),
    ).rejects.toThrow('order failed');
    expect(await column('catalog_skus', 'stock', physicalSku)).toBe(5);
  });
});

describe('sales', () => {
  it('counts real sales per SKU and product, refunds subtract, never below 0', async () => {
    const [snap] = await catalog.getSkus([virtualSku]);
    await withTransaction(t.platform.sequelize, async (tx) => {
      await catalog.addSales(tx, virtualSku, 120);
      await catalog.addSales(tx, virtualSku, -20);
    });
    expect(await column('catalog_skus', 'sold_count', virtualSku)).toBe(100);
    expect(await column('catalog_products', 'sold_count', snap.productId)).toBe(100);
    await withTransaction(t.platform.sequelize, (tx) => catalog.addSales(tx, virtualSku, -500));
    expect(await column('catalog_skus', 'sold_count', virtualSku)).toBe(0);
    expect(await column('catalog_products', 'sold_count', snap.productId)).toBe(0);
  });

  it('keeps the sold count out of the merchant payload', async () => {
    const [snap] = await catalog.getSkus([virtualSku]);
    await withTransaction(t.platform.sequelize, (tx) => catalog.addSales(tx, virtualSku, 7));
    const admin = (await t.http.get(`/api/admin/products/${snap.productId}`).set(as(operator))).body.data;
    const res = await t.http
      .put(`/api/admin/products/${snap.productId}`)
      .set(as(operator))
      .send({
        ...admin,
        soldCount: 100000,
        skus: admin.skus.map((s: object) => ({ ...s, soldCount: 100000 })),
      });
    expect(res.status).toBe(200);
    expect(res.body.data.soldCount).toBe(7);
    expect(res.body.data.skus[0].soldCount).toBe(7);
  });
});

describe('quoteFreight', () => {
  it('prices physical lines by weight and ignores virtual ones', async () => {
    const line = {
      freightTemplateId: templateId,
      quantity: 2,
      weightGrams: 600,
      amount: 39800,
      kind: 'physical',
    };
    expect(await catalog.quoteFreight({ province: '浙江省', lines: [line] })).toMatchObject({
      freight: 1300,
      undeliverable: false,
    });
    const virtual = { freightTemplateId: null, quantity: 1, weightGrams: 0, amount: 9900, kind: 'virtual' };
    expect(await catalog.quoteFreight({ province: '新疆', lines: [virtual] })).toMatchObject({
      freight: 0,
      undeliverable: false,
    });
    expect(await catalog.quoteFreight({ province: '新疆', lines: [line, virtual] })).toEqual({
      freight: 0,
      undeliverable: true,
      undeliverableLines: [0],
    });
    expect(
      (await catalog.quoteFreight({ province: '浙江', lines: [{ ...line, quantity: 10 }] })).freight,
    ).toBe(0);
  });
});

describe('lowestPriceBefore', () => {
  it('answers the lowest price in force in the window, or null before the SKU existed', async () => {
    const first = new Date();
    expect(await catalog.lowestPriceBefore(physicalSku, new Date(first.getTime() - 3600_000))).toBeNull();
    expect(await catalog.lowestPriceBefore(physicalSku, new Date(first.getTime() + 1000))).toBe(19900);
    expect(
      await catalog.lowestPriceBefore(physicalSku, new Date(first.getTime() + 30 * 24 * 3600_000), 7),
    ).toBe(19900);
  });
});

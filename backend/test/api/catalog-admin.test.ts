import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let owner: string;
let operator: string;
let finance: string;

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.adminToken('owner');
  operator = await t.adminToken('operator');
  finance = await t.adminToken('finance');
});
afterAll(() => t.close());

const as = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function count(table: string): Promise<number> {
  const [row] = await t.platform.sequelize.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`, {
    type: QueryTypes.SELECT,
  });
  return Number(row.n);
}

async function auditActions(subjectType: string, subjectId: number | string): Promise<string[]> {
  const rows = await t.platform.sequelize.query<{ action: string }>(
    'SELECT action FROM audit_logs WHERE subject_type = :subjectType AND subject_id = :subjectId ORDER BY id',
    { replacements: { subjectType, subjectId: String(subjectId) }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.action);
}

async function category(name: string, parentId: number | null = null): Promise<number> {
  const res = await t.http
    .post('/api/admin/categories')
    .set(as(operator))
    .send({ name, parentId })
    .expect(201);
  return res.body.data.id;
}

let shirts = 0;
const shirt = (categoryId: number, extra: Record<string, unknown> = {}) => ({
  title: '纯棉T恤',
  subtitle: '夏季新款',
  kind: 'physical',
  categoryId,
  images: ['https://img.example.com/shirt.jpg'],
  detail: [{ type: 'text', text: '100% 棉' }],
  status: 'on_sale',
  specs: [
    { name: '颜色', values: ['红', '蓝'] },
    { name: '尺码', values: ['S', 'M'] },
  ],
  skus: [
    {
      specs: { 颜色: '红', 尺码: 'S' },
      price: 5900,
      costPrice: 2000,
      stock: 10,
      weightGrams: 200,
      skuCode: `TS${++shirts}-R-S`,
    },
    {
      specs: { 颜色: '红', 尺码: 'M' },
      price: 5900,
      costPrice: 2000,
      stock: 5,
      weightGrams: 220,
      skuCode: `TS${shirts}-R-M`,
    },
    { specs: { 颜色: '蓝', 尺码: 'S' }, price: 6900, costPrice: 2100, stock: 0, weightGrams: 200 },
  ],
  ...extra,
});

describe('categories', () => {
  it('creates two levels, lists them, changes and deletes with audit rows', async () => {
    const top = await category('服饰');
    const child = await category('T恤', top);
    const list = await t.http.get('/api/admin/categories').set(as(finance)).expect(200);
    expect(list.body.data.map((c: { id: number }) => c.id)).toEqual(expect.arrayContaining([top, child]));

    const patched = await t.http
      .patch(`/api/admin/categories/${child}`)
      .set(as(operator))
      .send({ name: '短袖T恤', sortOrder: 5, enabled: false })
      .expect(200);
    expect(patched.body.data).toMatchObject({ name: '短袖T恤', sortOrder: 5, enabled: false, parentId: top });

    await t.http.delete(`/api/admin/categories/${top}`).set(as(operator)).expect(409);
    await t.http.delete(`/api/admin/categories/${child}`).set(as(operator)).expect(204);
    expect(await auditActions('category', child)).toEqual([
      'category.create',
      'category.update',
      'category.delete',
    ]);
  });

  it('refuses a third level and a missing parent with 400, and finance writes with 403', async () => {
    const top = await category('食品');
    const child = await category('零食', top);
    const third = await t.http
      .post('/api/admin/categories')
      .set(as(operator))
      .send({ name: '薯片', parentId: child });
    expect([third.status, third.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const missing = await t.http
      .post('/api/admin/categories')
      .set(as(operator))
      .send({ name: 'x', parentId: 999999 });
    expect(missing.status).toBe(400);
    const moveUnder = await t.http
      .patch(`/api/admin/categories/${top}`)
      .set(as(operator))
      .send({ parentId: child });
    expect(moveUnder.status).toBe(400);
    await t.http.post('/api/admin/categories').set(as(finance)).send({ name: '财务不能建' }).expect(403);
    const empty = await t.http.post('/api/admin/categories').set(as(owner)).send({ name: '  ' });
    expect(empty.status).toBe(400);
  });
});

describe('freight templates', () => {
  const body = {
    name: '默认运费',
    mode: 'count',
    base: { rule: { firstUnits: 1, firstFee: 800, nextUnits: 1, nextFee: 200 }, freeOverAmount: 9900 },
    regions: [
      {
        provinces: ['新疆维吾尔自治区'],
        rule: { firstUnits: 1, firstFee: 2000, nextUnits: 1, nextFee: 1000 },
      },
    ],
    excludedProvinces: ['西藏'],
  };

  it('creates, reads, replaces and deletes a template, normalizing province names', async () => {
    const created = await t.http
      .post('/api/admin/freight-templates')
      .set(as(operator))
      .send(body)
      .expect(201);
    const id = created.body.data.id;
    expect(created.body.data).toMatchObject({
      mode: 'count',
      regions: [{ provinces: ['新疆'], freeOverAmount: null }],
      excludedProvinces: ['西藏'],
      summary: '首 1 件 ¥8.00，每增加 1 件 +¥2.00；满 ¥99.00 包邮；部分地区运费不同；不配送：西藏',
    });
    await t.http.get(`/api/admin/freight-templates/${id}`).set(as(finance)).expect(200);
    const replaced = await t.http
      .put(`/api/admin/freight-templates/${id}`)
      .set(as(operator))
      .send({ ...body, mode: 'flat', regions: [] })
      .expect(200);
    expect(replaced.body.data.summary).toBe('运费 ¥8.00；满 ¥99.00 包邮；不配送：西藏');
    const duplicate = await t.http.post('/api/admin/freight-templates').set(as(operator)).send(body);
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'CONFLICT']);
    await t.http.delete(`/api/admin/freight-templates/${id}`).set(as(operator)).expect(204);
    await t.http.get(`/api/admin/freight-templates/${id}`).set(as(operator)).expect(404);
    expect(await auditActions('freight_template', id)).toEqual([
      'freight_template.create',
      'freight_template.update',
      'freight_template.delete',
    ]);
  });

  it('refuses unknown provinces, a province in two zones and a template in use', async () => {
    const bad = await t.http
      .post('/api/admin/freight-templates')
      .set(as(operator))
      .send({ ...body, name: 'x', excludedProvinces: ['火星'] });
    expect(bad.status).toBe(400);
    const twice = await t.http
      .post('/api/admin/freight-templates')
      .set(as(operator))
      .send({ ...body, name: 'y', excludedProvinces: ['新疆'] });
    expect(twice.status).toBe(400);

    const used = await t.http
      .post('/api/admin/freight-templates')
      .set(as(operator))
      .send({ ...body, name: '在用' })
      .expect(201);
    const cat = await category('家居');
    await t.http
      .post('/api/admin/products')
      .set(as(operator))
      .send(shirt(cat, { freightTemplateId: used.body.data.id, skus: [{ price: 100, stock: 1 }], specs: [] }))
      .expect(201);
    await t.http.delete(`/api/admin/freight-templates/${used.body.data.id}`).set(as(operator)).expect(409);
  });
});

describe('products', () => {
  it('creates a product with specs and SKUs, records the first prices and an audit row', async () => {
    const cat = await category('上衣');
    const res = await t.http.post('/api/admin/products').set(as(operator)).send(shirt(cat)).expect(201);
    const p = res.body.data;
    expect(p).toMatchObject({
      title: '纯棉T恤',
      status: 'on_sale',
      minPrice: 5900,
      maxPrice: 6900,
      soldCount: 0,
    });
    expect(p.skus).toHaveLength(3);
    expect(p.skus[0]).toMatchObject({
      specText: '颜色：红，尺码：S',
      costPrice: 2000,
      stock: 10,
      skuCode: expect.stringMatching(/-R-S$/),
    });
    const prices = await t.http.get(`/api/admin/skus/${p.skus[0].id}/prices`).set(as(finance)).expect(200);
    expect(prices.body.data.map((x: { price: number }) => x.price)).toEqual([5900]);
    expect(await auditActions('product', p.id)).toEqual(['product.create']);

    const list = await t.http.get('/api/admin/products?keyword=纯棉').set(as(finance)).expect(200);
    expect(list.body.data.find((x: { id: number }) => x.id === p.id)).toMatchObject({
      stock: 15,
      minPrice: 5900,
    });
  });

  it('replaces SKUs by spec values: keeps ids, records price changes, removes and revives combinations', async () => {
    const cat = await category('裤子');
    const created = (await t.http.post('/api/admin/products').set(as(operator)).send(shirt(cat)).expect(201))
      .body.data;
    const [redS, redM, blueS] = created.skus;
    const payload = shirt(cat, {
      title: '纯棉T恤 升级款',
      skus: [
        {
          specs: { 尺码: 'S', 颜色: '红' },
          price: 4900,
          costPrice: 2000,
          weightGrams: 200,
          skuCode: redM.skuCode,
        },
        {
          specs: { 颜色: '红', 尺码: 'M' },
          price: 5900,
          costPrice: 2000,
          weightGrams: 220,
          skuCode: redS.skuCode,
        },
        { specs: { 颜色: '蓝', 尺码: 'M' }, price: 6900, stock: 7 },
      ],
    });
    const updated = (
      await t.http.put(`/api/admin/products/${created.id}`).set(as(operator)).send(payload).expect(200)
    ).body.data;
    const bySpec = (specText: string) =>
      updated.skus.find((x: { specText: string }) => x.specText === specText);
    // same combination, same SKU; codes swapped in one payload; stock kept when the payload omits it
    expect(bySpec('颜色：红，尺码：S')).toMatchObject({
      id: redS.id,
      price: 4900,
      stock: 10,
      skuCode: redM.skuCode,
    });
    expect(bySpec('颜色：红，尺码：M')).toMatchObject({ id: redM.id, skuCode: redS.skuCode });
    expect(bySpec('颜色：蓝，尺码：M')).toMatchObject({ stock: 7 });
    expect(updated.skus.some((x: { id: number }) => x.id === blueS.id)).toBe(false);
    expect(updated).toMatchObject({ title: '纯棉T恤 升级款', minPrice: 4900, maxPrice: 6900 });
    const prices = await t.http.get(`/api/admin/skus/${redS.id}/prices`).set(as(operator)).expect(200);
    expect(prices.body.data.map((x: { price: number }) => x.price)).toEqual([4900, 5900]);

    // the removed combination comes back as the same SKU
    const revived = (
      await t.http.put(`/api/admin/products/${created.id}`).set(as(operator)).send(shirt(cat)).expect(200)
    ).body.data;
    expect(revived.skus.find((x: { specText: string }) => x.specText === '颜色：蓝，尺码：S').id).toBe(
      blueS.id,
    );
    expect(await auditActions('product', created.id)).toEqual([
      'product.create',
      'product.update',
      'product.update',
    ]);
  });

  it('answers 400 to inconsistent specs, unknown references, freight on virtual goods; 409 to a used SKU code', async () => {
    const cat = await category('数码');
    const before = await count('catalog_products');
    const cases = [
      shirt(cat, { skus: [{ specs: { 颜色: '绿', 尺码: 'S' }, price: 100 }] }),
      shirt(cat, { skus: [{ specs: { 颜色: '红' }, price: 100 }] }),
      shirt(cat, {
        skus: [
          { specs: { 颜色: '红', 尺码: 'S' }, price: 100 },
          { specs: { 尺码: 'S', 颜色: '红' }, price: 200 },
        ],
      }),
      shirt(cat, { skus: [{ specs: { 颜色: '红', 尺码: 'S' }, price: -1 }] }),
      shirt(cat, { skus: [{ specs: { 颜色: '红', 尺码: 'S' }, price: 10.5 }] }),
      shirt(cat, { images: [] }),
      shirt(cat, { images: ['../etc/passwd'] }),
      shirt(cat, { kind: 'virtual', freightTemplateId: 1 }),
      shirt(cat, { kind: 'gift' }),
      shirt(cat, {
        status: 'on_sale',
        skus: [{ specs: { 颜色: '红', 尺码: 'S' }, price: 100, status: 'off_shelf' }],
      }),
      shirt(999999),
      shirt(cat, { freightTemplateId: 999999, specs: [], skus: [{ price: 1 }] }),
    ];
    for (const body of cases) {
      const res = await t.http.post('/api/admin/products').set(as(operator)).send(body);
      expect({
        body: JSON.stringify(body).slice(0, 80),
        status: res.status,
        code: res.body.error?.code,
      }).toEqual({
        body: JSON.stringify(body).slice(0, 80),
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    const coded = shirt(cat, { specs: [], skus: [{ price: 100, skuCode: 'DUP-1' }] });
    await t.http.post('/api/admin/products').set(as(operator)).send(coded).expect(201);
    const reused = await t.http.post('/api/admin/products').set(as(operator)).send(coded);
    expect([reused.status, reused.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(await count('catalog_products')).toBe(before + 1);
    await t.http.post('/api/admin/products').set(as(finance)).send(shirt(cat)).expect(403);
  });

  it('puts on and off the shelf, deletes softly, and keeps SKUs readable for orders', async () => {
    const cat = await category('鞋');
    const p = (
      await t.http
        .post('/api/admin/products')
        .set(as(operator))
        .send(shirt(cat, { status: 'off_shelf' }))
        .expect(201)
    ).body.data;
    const on = await t.http
      .post(`/api/admin/products/${p.id}/status`)
      .set(as(operator))
      .send({ status: 'on_sale' });
    expect(on.body.data.status).toBe('on_sale');
    await t.http
      .post(`/api/admin/products/${p.id}/status`)
      .set(as(operator))
      .send({ status: 'sold' })
      .expect(400);
    await t.http.delete(`/api/admin/products/${p.id}`).set(as(owner)).expect(204);
    await t.http.get(`/api/admin/products/${p.id}`).set(as(owner)).expect(404);
    await t.http.get(`/api/shop/products/${p.id}`).expect(404);
    const catalog = t.modules.find((m) => m.name === 'catalog') as unknown as {
      service: import('../../src/modules/catalog').CatalogService;
    };
    const [snapshot] = await catalog.service.getSkus([p.skus[0].id]);
    expect(snapshot).toMatchObject({ productId: p.id, onSale: false, productTitle: '纯棉T恤' });
    expect(await auditActions('product', p.id)).toEqual([
      'product.create',
      'product.on_shelf',
      'product.delete',
    ]);
  });

  it('refuses to put a product on sale without a SKU on sale', async () => {
    const cat = await category('箱包');
    const p = (
      await t.http
        .post('/api/admin/products')
        .set(as(operator))
        .send(shirt(cat, { status: 'off_shelf', specs: [], skus: [{ price: 100, status: 'off_shelf' }] }))
        .expect(201)
    ).body.data;
    const res = await t.http
      .post(`/api/admin/products/${p.id}/status`)
      .set(as(operator))
      .send({ status: 'on_sale' });
    expect([res.status, res.body.error.code]).toEqual([422, 'BUSINESS_RULE']);
  });
});

describe('stock', () => {
  it('sets and adjusts stock with guarded updates and audit rows, never below 0', async () => {
    const cat = await category('文具');
    const p = (
      await t.http
        .post('/api/admin/products')
        .set(as(operator))
        .send(shirt(cat, { specs: [], skus: [{ price: 300, stock: 4 }] }))
        .expect(201)
    ).body.data;
    const skuId = p.skus[0].id;
    const set = await t.http
      .put(`/api/admin/skus/${skuId}/stock`)
      .set(as(operator))
      .send({ stock: 50 })
      .expect(200);
    expect(set.body.data.stock).toBe(50);
    const minus = await t.http
      .post(`/api/admin/skus/${skuId}/stock-adjustments`)
      .set(as(operator))
      .send({ delta: -20, reason: '盘点损耗' })
      .expect(200);
    expect(minus.body.data.stock).toBe(30);
    const tooMany = await t.http
      .post(`/api/admin/skus/${skuId}/stock-adjustments`)
      .set(as(operator))
      .send({ delta: -31 });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([409, 'CONFLICT']);
    await t.http
      .post(`/api/admin/skus/${skuId}/stock-adjustments`)
      .set(as(operator))
      .send({ delta: 0 })
      .expect(400);
    await t.http.put(`/api/admin/skus/${skuId}/stock`).set(as(operator)).send({ stock: -1 }).expect(400);
    await t.http.put(`/api/admin/skus/999999/stock`).set(as(operator)).send({ stock: 1 }).expect(404);
    await t.http.put(`/api/admin/skus/${skuId}/stock`).set(as(finance)).send({ stock: 1 }).expect(403);
    expect(await auditActions('sku', skuId)).toEqual(['sku.stock_set', 'sku.stock_adjust']);
    const after = await t.http.get(`/api/admin/products/${p.id}`).set(as(finance)).expect(200);
    expect(after.body.data.skus[0].stock).toBe(30);
  });
});

describe('image upload', () => {
  it('stores a raw PNG and a base64 PNG through storage, with an audit row', async () => {
    const raw = await t.http
      .post('/api/admin/uploads/images')
      .set(as(operator))
      .set('Content-Type', 'image/png')
      .send(PNG)
      .expect(201);
    expect(raw.body.data).toMatchObject({ contentType: 'image/png', size: PNG.length });
    expect(raw.body.data.key).toMatch(/^products\/\d{4}\/\d{2}\/[0-9a-f]{32}\.png$/);
    expect(await t.platform.storage.get(raw.body.data.key)).toEqual(PNG);

    const b64 = await t.http
      .post('/api/admin/uploads/images')
      .set(as(operator))
      .send({ dataBase64: `data:image/png;base64,${PNG.toString('base64')}`, filename: 'a.png' })
      .expect(201);
    expect(b64.body.data.url).toBe(t.platform.storage.url(b64.body.data.key));
    expect(await auditActions('upload', b64.body.data.key)).toEqual(['upload.image']);

    // the key is accepted as a product image and served as a URL
    const cat = await category('图片');
    const p = await t.http
      .post('/api/admin/products')
      .set(as(operator))
      .send(shirt(cat, { images: [b64.body.data.key], specs: [], skus: [{ price: 100 }] }))
      .expect(201);
    expect(p.body.data.imageUrls).toEqual([b64.body.data.url]);
  });

  it('refuses what is not an image (415), missing data (400), and other roles (403)', async () => {
    const before = await count('audit_logs');
    const pdf = await t.http
      .post('/api/admin/uploads/images')
      .set(as(operator))
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('%PDF-1.4 not an image'));
    expect([pdf.status, pdf.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const none = await t.http.post('/api/admin/uploads/images').set(as(operator)).send({});
    expect([none.status, none.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const junk = await t.http.post('/api/admin/uploads/images').set(as(operator)).send({ dataBase64: '***' });
    expect(junk.status).toBe(400);
    await t.http
      .post('/api/admin/uploads/images')
      .set(as(finance))
      .set('Content-Type', 'image/png')
      .send(PNG)
      .expect(403);
    expect(await count('audit_logs')).toBe(before);
  });
});

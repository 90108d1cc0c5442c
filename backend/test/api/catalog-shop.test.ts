import { startTestApp, type TestApp } from '../support/app';
import type { CatalogService } from '../../src/modules/catalog';

let t: TestApp;
let operator: string;
let catalog: CatalogService;

const as = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });
const DAY = 24 * 3600 * 1000;

async function post(path: string, body: object, status = 201) {
  return (await t.http.post(path).set(as(operator)).send(body).expect(status)).body.data;
}

let pictures = 0;
const product = (categoryId: number, title: string, price: number, extra: Record<string, unknown> = {}) => ({
  title,
  kind: 'physical',
  categoryId,
  images: [`/demo/product-${++pictures}.jpg`],
  status: 'on_sale',
  skus: [{ price, stock: 10, weightGrams: 500 }],
  ...extra,
});

// fixtures: 服饰 (T恤, 裤子), 食品 (零食), 停用 (disabled)
let clothes: number;
let tshirts: number;
let pants: number;
let snacks: number;
let freightId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.adminToken('operator');
  catalog = (t.modules.find((m) => m.name === 'catalog') as unknown as { service: CatalogService }).service;
  clothes = (await post('/api/admin/categories', { name: '服饰', sortOrder: 10 })).id;
  tshirts = (await post('/api/admin/categories', { name: 'T恤', parentId: clothes })).id;
  pants = (await post('/api/admin/categories', { name: '裤子', parentId: clothes })).id;
  const food = (await post('/api/admin/categories', { name: '食品' })).id;
  snacks = (await post('/api/admin/categories', { name: '零食', parentId: food })).id;
  await post('/api/admin/categories', { name: '停用分类', enabled: false });
  await post('/api/admin/categories', { name: '停用子类', parentId: food, enabled: false });
  freightId = (
    await post('/api/admin/freight-templates', {
      name: '按件',
      mode: 'count',
      base: { rule: { firstUnits: 1, firstFee: 800, nextUnits: 1, nextFee: 200 }, freeOverAmount: 20000 },
      excludedProvinces: ['西藏'],
    })
  ).id;
  const make = async (key: string, body: object) => {
    ids[key] = (await post('/api/admin/products', body)).id;
  };
  await make('red', product(tshirts, '红色纯棉T恤', 5900, { freightTemplateId: freightId, sortOrder: 5 }));
  await make('blue', product(tshirts, '蓝色条纹T恤', 7900, { freightTemplateId: freightId }));
  await make('jeans', product(pants, '修身牛仔裤', 12900, { labels: { special: true, memberPrice: true } }));
  await make('chips', product(snacks, '薯片 原味', 990));
  await make('nuts', product(snacks, '每日坚果', 4990));
  await make('course', product(snacks, '零食搭配课', 1990, { kind: 'virtual' }));
  await make('hidden', product(tshirts, '下架的T恤', 100, { status: 'off_shelf' }));
});
afterAll(() => t.close());

const titles = (res: { body: { data: { title: string }[] } }) => res.body.data.map((p) => p.title);

describe('category tree', () => {
  it('lists enabled categories under enabled parents, in sort order', async () => {
    const res = await t.http.get('/api/shop/categories').expect(200);
    expect(res.body.data).toEqual([
      {
        id: clothes,
        name: '服饰',
        iconUrl: null,
        children: [
          { id: tshirts, name: 'T恤', iconUrl: null },
          { id: pants, name: '裤子', iconUrl: null },
        ],
      },
      {
        id: expect.any(Number),
        name: '食品',
        iconUrl: null,
        children: [{ id: snacks, name: '零食', iconUrl: null }],
      },
    ]);
  });
});

describe('product list', () => {
  it('pages products on sale on the server, default order by sort then newest', async () => {
    const first = await t.http.get('/api/shop/products?pageSize=4').expect(200);
    expect(first.body.meta).toEqual({ page: 1, pageSize: 4, total: 6 });
    expect(titles(first)).toEqual(['红色纯棉T恤', '零食搭配课', '每日坚果', '薯片 原味']);
    const second = await t.http.get('/api/shop/products?pageSize=4&page=2').expect(200);
    expect(titles(second)).toEqual(['修身牛仔裤', '蓝色条纹T恤']);
    expect(first.body.data[0]).toMatchObject({
      price: 5900,
      maxPrice: 5900,
      originalPrice: null,
      imageUrl: expect.stringMatching(/^\/demo\//),
      soldLabel: null,
    });
  });

  it('searches the title, filters by category (with subcategories) and price range', async () => {
    expect(titles(await t.http.get(`/api/shop/products?keyword=${encodeURIComponent('T恤')}`))).toEqual([
      '红色纯棉T恤',
      '蓝色条纹T恤',
    ]);
    expect(titles(await t.http.get(`/api/shop/products?keyword=${encodeURIComponent('%')}`))).toEqual([]);
    expect(titles(await t.http.get(`/api/shop/products?categoryId=${clothes}&sort=price_asc`))).toEqual([
      '红色纯棉T恤',
      '蓝色条纹T恤',
      '修身牛仔裤',
    ]);
    expect(titles(await t.http.get(`/api/shop/products?categoryId=${pants}`))).toEqual(['修身牛仔裤']);
    expect(
      titles(await t.http.get('/api/shop/products?minPrice=1990&maxPrice=7900&sort=price_desc')),
    ).toEqual(['蓝色条纹T恤', '红色纯棉T恤', '每日坚果', '零食搭配课']);
  });

  it('treats % and _ in a keyword as text', async () => {
    const id = (await post('/api/admin/products', product(pants, '100%纯棉_短裤!', 1000))).id;
    const search = async (keyword: string) =>
      titles(await t.http.get(`/api/shop/products?keyword=${encodeURIComponent(keyword)}`).expect(200));
    expect(await search('0%纯棉_')).toEqual(['100%纯棉_短裤!']);
    expect(await search('_短裤!')).toEqual(['100%纯棉_短裤!']);
    expect(await search('0_纯')).toEqual([]);
    expect(await search("'")).toEqual([]);
    expect(await search('\\')).toEqual([]);
    const slash = (await post('/api/admin/products', product(pants, 'C:\\短裤', 1000))).id;
    expect(await search(':\\短')).toEqual(['C:\\短裤']);
    await t.http.delete(`/api/admin/products/${slash}`).set(as(operator)).expect(204);
    await t.http.delete(`/api/admin/products/${id}`).set(as(operator)).expect(204);
  });

  it('sorts by real sales and by newest', async () => {
    const skuOf = async (key: string) => (await catalog.getProduct(ids[key])).skus[0].id;
    const chips = await skuOf('chips');
    const jeans = await skuOf('jeans');
    await t.platform.sequelize.transaction(async (tx) => {
      await catalog.addSales(tx, chips, 150);
      await catalog.addSales(tx, jeans, 3);
    });
    // a sales change is not a merchant write: the cached page may lag; a fresh query is not cached yet
    const bySales = await t.http.get('/api/shop/products?sort=sales&pageSize=2').expect(200);
    expect(titles(bySales)).toEqual(['薯片 原味', '修身牛仔裤']);
    expect(bySales.body.data.map((p: { soldLabel: string }) => p.soldLabel)).toEqual(['已售 100+', '已售 3']);
    expect(titles(await t.http.get('/api/shop/products?sort=newest&pageSize=1'))).toEqual(['零食搭配课']);
  });

  it('answers 400 to a bad sort, an inverted price range and an oversized page', async () => {
    for (const q of [
      'sort=random',
      'minPrice=500&maxPrice=100',
      'pageSize=51',
      'page=0',
      'minPrice=-1',
      'categoryId=x',
    ]) {
      const res = await t.http.get(`/api/shop/products?${q}`);
      expect({ q, status: res.status, code: res.body.error?.code }).toEqual({
        q,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });
});

describe('product detail', () => {
  it('shows SKUs with stock and price, specs, labels and the freight summary', async () => {
    const cat = tshirts;
    const created = await post('/api/admin/products', {
      ...product(cat, '多规格T恤', 0),
      freightTemplateId: freightId,
      labels: { special: true, memberPrice: false },
      detail: [
        { type: 'text', text: '面料：棉' },
        { type: 'image', url: 'https://img.example.com/d.jpg' },
      ],
      specs: [
        { name: '颜色', values: ['红', '蓝'] },
        { name: '尺码', values: ['S', 'M'] },
      ],
      skus: [
        { specs: { 颜色: '红', 尺码: 'S' }, price: 5900, stock: 3 },
        {
          specs: { 颜色: '蓝', 尺码: 'M' },
          price: 6900,
          stock: 0,
          image: 'https://img.example.com/blue.jpg',
        },
        { specs: { 颜色: '红', 尺码: 'M' }, price: 100, stock: 9, status: 'off_shelf' },
      ],
    });
    const res = await t.http.get(`/api/shop/products/${created.id}`).expect(200);
    expect(res.body.data).toMatchObject({
      title: '多规格T恤',
      price: 5900,
      maxPrice: 6900,
      labels: ['特价'],
      soldLabel: null,
      specs: [
        { name: '颜色', values: ['红', '蓝'] },
        { name: '尺码', values: ['S', 'M'] },
      ],
      detail: [
        { type: 'text', text: '面料：棉' },
        { type: 'image', url: 'https://img.example.com/d.jpg' },
      ],
      freight: { ships: true, templateId: freightId, excludedProvinces: ['西藏'] },
    });
    expect(res.body.data.freight.text).toBe(
      '首 1 件 ¥8.00，每增加 1 件 +¥2.00；满 ¥200.00 包邮；不配送：西藏',
    );
    expect(res.body.data.skus).toEqual([
      expect.objectContaining({ specText: '颜色：红，尺码：S', price: 5900, stock: 3, originalPrice: null }),
      expect.objectContaining({
        specText: '颜色：蓝，尺码：M',
        stock: 0,
        imageUrl: 'https://img.example.com/blue.jpg',
      }),
    ]);
    expect(res.body.data).not.toHaveProperty('costPrice');
    expect(res.body.data.skus[0]).not.toHaveProperty('costPrice');
  });

  it('says virtual goods ship nothing, and answers 404 to off-shelf and unknown products', async () => {
    const course = await t.http.get(`/api/shop/products/${ids.course}`).expect(200);
    expect(course.body.data.freight).toEqual({
      ships: false,
      templateId: null,
      text: '无需配送',
      excludedProvinces: [],
    });
    const nuts = await t.http.get(`/api/shop/products/${ids.nuts}`).expect(200);
    expect(nuts.body.data.freight.text).toBe('包邮');
    await t.http.get(`/api/shop/products/${ids.hidden}`).expect(404);
    await t.http.get('/api/shop/products/987654').expect(404);
    await t.http.get('/api/shop/products/abc').expect(400);
  });
});

describe('honest strike-through price (RULES §0)', () => {
  let clock: jest.SpyInstance<Date, []>;
  let now = new Date('2030-03-01T00:00:00Z');
  const at = (days: number) => {
    now = new Date(Date.UTC(2030, 2, 1) + days * DAY);
  };
  beforeAll(() => {
    clock = jest.spyOn(t.platform.clock, 'now').mockImplementation(() => now);
  });
  afterAll(() => clock.mockRestore());

  const body = (price: number) => product(tshirts, '价格测试T恤', price);
  const detail = async (id: number) => (await t.http.get(`/api/shop/products/${id}`).expect(200)).body.data;

  it('shows no original price after a price was raised and lowered back', async () => {
    at(0);
    const p = await post('/api/admin/products', body(1000));
    at(10);
    await t.http.put(`/api/admin/products/${p.id}`).set(as(operator)).send(body(1500)).expect(200);
    at(10.1);
    await t.http.put(`/api/admin/products/${p.id}`).set(as(operator)).send(body(1000)).expect(200);
    const d = await detail(p.id);
    expect([d.price, d.originalPrice, d.skus[0].originalPrice]).toEqual([1000, null, null]);
    // the service answers what was really in force
    expect(await catalog.lowestPriceBefore(d.skus[0].id, now)).toBe(1000);
  });

  it('shows the lowest price of the 7 days before a real reduction, on the list and the detail', async () => {
    at(20);
    const p = await post('/api/admin/products', { ...body(1200), title: '降价T恤' });
    at(30);
    await t.http
      .put(`/api/admin/products/${p.id}`)
      .set(as(operator))
      .send({ ...body(900), title: '降价T恤' })
      .expect(200);
    const d = await detail(p.id);
    expect([d.price, d.originalPrice, d.skus[0].originalPrice]).toEqual([900, 1200, 1200]);
    const list = await t.http.get(`/api/shop/products?keyword=${encodeURIComponent('降价')}`).expect(200);
    expect(list.body.data[0]).toMatchObject({ price: 900, originalPrice: 1200 });

    // raised for 8 days then reduced: the reference is the price of those 7 days, never the older lower one
    at(40);
    await t.http
      .put(`/api/admin/products/${p.id}`)
      .set(as(operator))
      .send({ ...body(1500), title: '降价T恤' })
      .expect(200);
    at(48);
    await t.http
      .put(`/api/admin/products/${p.id}`)
      .set(as(operator))
      .send({ ...body(1000), title: '降价T恤' })
      .expect(200);
    expect((await detail(p.id)).originalPrice).toBe(1500);
    // and a reduction 3 days after the raise compares with the lower price still inside the window
    at(60);
    await t.http
      .put(`/api/admin/products/${p.id}`)
      .set(as(operator))
      .send({ ...body(2000), title: '降价T恤' })
      .expect(200);
    at(63);
    await t.http
      .put(`/api/admin/products/${p.id}`)
      .set(as(operator))
      .send({ ...body(1800), title: '降价T恤' })
      .expect(200);
    expect((await detail(p.id)).originalPrice).toBeNull();
  });
});

describe('cache', () => {
  it('serves cached pages until a merchant write, then the change at once', async () => {
    const id = ids.nuts;
    const before = (await t.http.get(`/api/shop/products/${id}`).expect(200)).body.data;
    await t.http.get(`/api/shop/products?categoryId=${snacks}`).expect(200);
    // a change behind the service's back is not seen: the pages come from the cache
    await t.platform.sequelize.query("UPDATE catalog_products SET title = '直接改库' WHERE id = :id", {
      replacements: { id },
    });
    expect((await t.http.get(`/api/shop/products/${id}`).expect(200)).body.data.title).toBe(before.title);
    expect(titles(await t.http.get(`/api/shop/products?categoryId=${snacks}`))).toContain('每日坚果');

    const admin = (await t.http.get(`/api/admin/products/${id}`).set(as(operator)).expect(200)).body.data;
    await t.http
      .put(`/api/admin/products/${id}`)
      .set(as(operator))
      .send({ ...product(snacks, '每日坚果 大包装', 5990), images: admin.images })
      .expect(200);
    const after = (await t.http.get(`/api/shop/products/${id}`).expect(200)).body.data;
    expect([after.title, after.price]).toEqual(['每日坚果 大包装', 5990]);
    expect(titles(await t.http.get(`/api/shop/products?categoryId=${snacks}`))).toContain('每日坚果 大包装');
  });

  it('drops a product from lists and detail when it goes off the shelf, and back', async () => {
    const id = ids.chips;
    await t.http.get(`/api/shop/products/${id}`).expect(200);
    expect(titles(await t.http.get(`/api/shop/products?categoryId=${snacks}`))).toContain('薯片 原味');
    await t.http
      .post(`/api/admin/products/${id}/status`)
      .set(as(operator))
      .send({ status: 'off_shelf' })
      .expect(200);
    await t.http.get(`/api/shop/products/${id}`).expect(404);
    expect(titles(await t.http.get(`/api/shop/products?categoryId=${snacks}`))).not.toContain('薯片 原味');
    await t.http
      .post(`/api/admin/products/${id}/status`)
      .set(as(operator))
      .send({ status: 'on_sale' })
      .expect(200);
    await t.http.get(`/api/shop/products/${id}`).expect(200);
  });

  it('shows a stock change, a freight template change and a category change at once', async () => {
    const id = ids.red;
    const d = (await t.http.get(`/api/shop/products/${id}`).expect(200)).body.data;
    await t.http
      .put(`/api/admin/skus/${d.skus[0].id}/stock`)
      .set(as(operator))
      .send({ stock: 77 })
      .expect(200);
    expect((await t.http.get(`/api/shop/products/${id}`).expect(200)).body.data.skus[0].stock).toBe(77);

    await t.http
      .put(`/api/admin/freight-templates/${freightId}`)
      .set(as(operator))
      .send({ name: '按件', mode: 'flat', base: { rule: { firstFee: 1000 } } })
      .expect(200);
    expect((await t.http.get(`/api/shop/products/${id}`).expect(200)).body.data.freight.text).toBe(
      '运费 ¥10.00',
    );

    await t.http.get('/api/shop/categories').expect(200);
    await t.http.patch(`/api/admin/categories/${pants}`).set(as(operator)).send({ name: '长裤' }).expect(200);
    const tree = (await t.http.get('/api/shop/categories').expect(200)).body.data;
    expect(tree[0].children.map((c: { name: string }) => c.name)).toContain('长裤');
  });
});

describe('freight quote', () => {
  it('quotes SKUs to a province, excludes undeliverable provinces, and ships virtual goods free', async () => {
    await t.http
      .put(`/api/admin/freight-templates/${freightId}`)
      .set(as(operator))
      .send({
        name: '按件',
        mode: 'count',
        base: { rule: { firstUnits: 1, firstFee: 800, nextUnits: 1, nextFee: 200 }, freeOverAmount: 20000 },
        regions: [{ provinces: ['新疆'], rule: { firstUnits: 1, firstFee: 2000, nextFee: 1000 } }],
        excludedProvinces: ['西藏'],
      })
      .expect(200);
    const tee = (await t.http.get(`/api/shop/products/${ids.blue}`)).body.data.skus[0].id;
    const course = (await t.http.get(`/api/shop/products/${ids.course}`)).body.data.skus[0].id;
    const quote = (province: string, items: object[]) =>
      t.http.post('/api/shop/freight-quote').send({ province, items }).expect(200);
    expect((await quote('广东省', [{ skuId: tee, quantity: 2 }])).body.data).toEqual({
      freight: 1000,
      undeliverable: false,
      undeliverableSkuIds: [],
    });
    // 3 × ¥79 = ¥237 reaches the free-shipping threshold of ¥200
    expect((await quote('广东省', [{ skuId: tee, quantity: 3 }])).body.data.freight).toBe(0);
    expect((await quote('新疆维吾尔自治区', [{ skuId: tee, quantity: 2 }])).body.data.freight).toBe(3000);
    expect(
      (
        await quote('西藏自治区', [
          { skuId: tee, quantity: 1 },
          { skuId: course, quantity: 1 },
        ])
      ).body.data,
    ).toEqual({
      freight: 0,
      undeliverable: true,
      undeliverableSkuIds: [tee],
    });
    expect((await quote('西藏', [{ skuId: course, quantity: 5 }])).body.data.freight).toBe(0);
    await t.http
      .post('/api/shop/freight-quote')
      .send({ province: '广东', items: [{ skuId: 987654, quantity: 1 }] })
      .expect(404);
    await t.http.post('/api/shop/freight-quote').send({ province: '广东', items: [] }).expect(400);
  });
});

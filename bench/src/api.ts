// Shop catalog reads against a bare Koa hello-world, in one process and one run: product list pages and
// product details over 1,000 products (cached, invalidated on merchant writes). Embedded mode (SQLite,
// memory drivers) by default; DATABASE_URL / REDIS_URL when set (use a database of its own: products are
// seeded into it). Prints one JSON line: {"listRps","detailRps","helloRps","ratio","p99Ms"}; details on stderr.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import Koa from 'koa';
import { boot, createApp } from '@mall/backend';

const PRODUCTS = 1000;
const duration = Number(process.env.BENCH_SECONDS ?? 8);
const embedded = !process.env.DATABASE_URL;
const dataDir = embedded ? fs.mkdtempSync(path.join(os.tmpdir(), 'mall-bench-api-')) : undefined;
if (dataDir) process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'silent';
process.env.SEED_DEMO = 'false';
process.env.SERVE_APPS = 'false';

const log = (...args: unknown[]) => console.error('[bench:api]', ...args);

async function listen(app: Koa): Promise<{ base: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r(undefined))),
  };
}

const booted = await boot({ migrate: true });
const mall = await listen(createApp(booted.platform, booted.modules));
const helloApp = new Koa();
helloApp.use((ctx) => {
  ctx.body = 'Hello World';
});
const hello = await listen(helloApp);

async function api<T>(method: string, url: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${mall.base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { data: T; meta?: { total: number }; error?: unknown };
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json.error)}`);
  return (json.meta ? { items: json.data, total: json.meta.total } : json.data) as T;
}

/** Seeds through the admin API, as a merchant would: categories, a freight template, 1,000 products. */
async function seed(): Promise<void> {
  const accounts = booted.modules.find((m) => m.name === 'account') as unknown as {
    service: {
      ensureAdmins(
        a: { username: string; displayName: string; password: string; role: 'owner' }[],
      ): Promise<void>;
    };
  };
  const owner = {
    username: 'bench-owner',
    displayName: '压测店主',
    password: 'bench-password-1',
    role: 'owner' as const,
  };
  await accounts.service.ensureAdmins([owner]);
  const { token } = await api<{ token: string }>('POST', '/api/admin/auth/login', undefined, owner);
  const existing = await api<{ total: number }>('GET', '/api/admin/products?pageSize=1', token);
  if (existing.total >= PRODUCTS) return;

  const categories: number[] = [];
  for (const name of ['服饰', '食品', '数码', '家居']) {
    const top = await api<{ id: number }>('POST', '/api/admin/categories', token, {
      name: `${name}-${Date.now()}`,
    });
    for (const sub of ['热卖', '新品']) {
      categories.push(
        (await api<{ id: number }>('POST', '/api/admin/categories', token, { name: sub, parentId: top.id }))
          .id,
      );
    }
  }
  const template = await api<{ id: number }>('POST', '/api/admin/freight-templates', token, {
    name: `压测运费-${Date.now()}`,
    mode: 'count',
    base: { rule: { firstUnits: 1, firstFee: 800, nextUnits: 1, nextFee: 200 }, freeOverAmount: 9900 },
    excludedProvinces: ['西藏'],
  });
  const words = ['纯棉', '轻薄', '经典', '限定', '有机', '便携', '加厚', '复古'];
  const started = Date.now();
  for (let i = existing.total; i < PRODUCTS; i++) {
    const price = 990 + ((i * 7919) % 50000);
    await api('POST', '/api/admin/products', token, {
      title: `${words[i % words.length]}好物 ${i + 1} 号`,
      subtitle: '压测商品',
      kind: 'physical',
      categoryId: categories[i % categories.length],
      images: [`/demo/bench-${i % 10}.jpg`, `/demo/bench-${(i + 1) % 10}.jpg`],
      detail: [{ type: 'text', text: '这是一段商品详情。'.repeat(10) }],
      status: 'on_sale',
      labels: { special: i % 5 === 0, memberPrice: i % 7 === 0 },
      freightTemplateId: template.id,
      sortOrder: i % 13,
      specs: [
        { name: '颜色', values: ['红', '蓝'] },
        { name: '尺码', values: ['S', 'M'] },
      ],
      skus: ['红', '蓝'].flatMap((color, c) =>
        ['S', 'M'].map((size, s) => ({
          specs: { 颜色: color, 尺码: size },
          price: price + (c * 2 + s) * 100,
          costPrice: Math.floor(price / 2),
          stock: 100 + i,
          weightGrams: 300,
        })),
      ),
    });
  }
  log(`seeded ${PRODUCTS - existing.total} products in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

await seed();
const page = await api<{ items: { id: number }[]; total: number }>('GET', '/api/shop/products?pageSize=50');
const categories = await api<{ children: { id: number }[] }[]>('GET', '/api/shop/categories');
const productIds: number[] = [];
for (let p = 1; p <= Math.ceil(page.total / 50); p++) {
  const items = await api<{ items: { id: number }[] }>('GET', `/api/shop/products?pageSize=50&page=${p}`);
  productIds.push(...items.items.map((x) => x.id));
}

const listPaths = [
  '/api/shop/products',
  '/api/shop/products?page=2',
  '/api/shop/products?sort=sales',
  '/api/shop/products?sort=price_asc&minPrice=1000&maxPrice=20000',
  `/api/shop/products?categoryId=${categories[0].children[0].id}`,
  `/api/shop/products?keyword=${encodeURIComponent('纯棉')}`,
];

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

interface Run {
  rps: number;
  p99: number;
  errors: number;
}

const targets: Record<'hello' | 'list' | 'detail', autocannon.Options> = {
  hello: { url: hello.base },
  list: { url: mall.base, requests: listPaths.map((p) => ({ method: 'GET', path: p })) },
  // every product once, in a random order, cycled (a setupRequest per request costs this process more than
  // building the list once per connection)
  detail: {
    url: mall.base,
    requests: shuffled(productIds).map((id) => ({
      method: 'GET' as const,
      path: `/api/shop/products/${id}`,
    })),
  },
};

/**
 * Each target runs in ROUNDS slices, interleaved (hello, list, detail, hello, …), after an unmeasured warm-up
 * (JIT, and every page and detail loaded once): background load on a shared machine then hits the three alike
 * instead of skewing the ratio.
 */
const ROUNDS = 4;
const slice = Math.max(1, Math.round(duration / ROUNDS));
const runs: Record<keyof typeof targets, Run[]> = { hello: [], list: [], detail: [] };
for (const opts of Object.values(targets))
  await autocannon({ connections: 50, duration: Math.min(2, slice), ...opts });
// every detail once more, so that no round pays for the first load of a product
for (let i = 0; i < productIds.length; i += 10) {
  await Promise.all(productIds.slice(i, i + 10).map((id) => api('GET', `/api/shop/products/${id}`)));
}
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, opts] of Object.entries(targets) as [keyof typeof targets, autocannon.Options][]) {
    const r = await autocannon({ connections: 50, duration: slice, ...opts });
    runs[name].push({
      rps: r.requests.average,
      p99: r.latency.p99,
      errors: r.errors + r.non2xx + r.timeouts,
    });
  }
}
const summary = (name: keyof typeof targets): Run => {
  const rs = runs[name];
  const result = {
    rps: Math.round(rs.reduce((a, r) => a + r.rps, 0) / rs.length),
    p99: Math.max(...rs.map((r) => r.p99)),
    errors: rs.reduce((a, r) => a + r.errors, 0),
  };
  log(name, result, 'per round:', rs.map((r) => Math.round(r.rps)).join(' '));
  return result;
};
const helloRun = summary('hello');
const listRun = summary('list');
const detailRun = summary('detail');

log({
  database: booted.platform.sequelize.getDialect(),
  drivers: booted.platform.drivers.kind,
  products: productIds.length,
  cores: os.cpus().length,
  seconds: slice * ROUNDS,
});
const ratio = Math.min(listRun.rps, detailRun.rps) / helloRun.rps;
console.log(
  JSON.stringify({
    listRps: listRun.rps,
    detailRps: detailRun.rps,
    helloRps: helloRun.rps,
    ratio: Math.round(ratio * 1000) / 1000,
    p99Ms: Math.max(listRun.p99, detailRun.p99),
  }),
);
if (listRun.errors + detailRun.errors + helloRun.errors > 0) {
  log('some requests failed: the figures are not valid');
  process.exitCode = 1;
}

await mall.close();
await hello.close();
await booted.platform.close();
if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });

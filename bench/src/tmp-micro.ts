import { boot } from '@mall/backend';
process.env.DATA_DIR = '/tmp/x/benchdata';
process.env.LOG_LEVEL = 'silent';
const booted = await boot({ migrate: true });
const catalog = (booted.modules.find((m) => m.name === 'catalog') as any).service;
const route = (p: string) => (booted.modules.find((m) => m.name === 'catalog') as any).routes.find((r: any) => r.path === p && r.method === 'get');
const listRoute = route('/api/shop/products');
const detailRoute = route('/api/shop/products/:id');
for (const [name, fn] of [
  ['list via service', () => catalog.listProducts(listRoute.query.parse({}))],
  ['list zod+service', () => catalog.listProducts(listRoute.query.parse({ page: '2', sort: 'sales' }))],
  ['list + stringify', async () => JSON.stringify({ data: (await catalog.listProducts(listRoute.query.parse({}))).items })],
  ['detail', () => catalog.getProduct(detailRoute.params.parse({ id: String(1 + Math.floor(Math.random() * 1000)) }).id)],
  ['detail + stringify', async () => JSON.stringify({ data: await catalog.getProduct(1 + Math.floor(Math.random() * 1000)) })],
] as [string, () => Promise<unknown>][]) {
  for (let i = 0; i < 3000; i++) await fn();
  const n = 20000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  console.log(name, (Number(process.hrtime.bigint() - t0) / 1000 / n).toFixed(2), 'µs');
}
console.log('detail size', JSON.stringify({ data: await catalog.getProduct(5) }).length);
await booted.platform.close();

/**
 * The embedded mode's demo shop (src/seed): seeded through the real API on a fresh database, products of all
 * three kinds with pictures the app serves, orders in the expected states, and nothing duplicated by a
 * second run (MariaDB + Redis, and SQLite + memory).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/app';
import { CronRunner } from '../../src/platform/cron';
import { ORDER_STATES } from '../../src/modules/order/state';
import { DEMO_ADMINS, seedDemo } from '../../src/seed/demo';
import { DEMO_ORDER_COUNTS } from '../../src/seed/orders';
import { DEMO_PRODUCTS } from '../../src/seed/catalog-data';

let t: TestApp;
let owner: string;

const booted = () => ({ platform: t.platform, modules: t.modules });
const auth = () => ({ Authorization: `Bearer ${owner}`, 'X-Forwarded-For': t.nextIp() });

async function get(path: string) {
  const res = await t.http.get(path).set(auth());
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  return res.body; // { data, meta? }
}
const total = async (path: string): Promise<number> => (await get(path)).meta.total;

async function orderCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const status of ORDER_STATES) {
    const n = await total(`/api/admin/orders?status=${status}&pageSize=1`);
    if (n) counts[status] = n;
  }
  return counts;
}

async function snapshot() {
  return {
    orders: await orderCounts(),
    products: await total('/api/admin/products?pageSize=1'),
    categories: (await get('/api/admin/categories')).data.length,
    templates: (await get('/api/admin/freight-templates')).data.length,
    shoppers: await total('/api/admin/shoppers?pageSize=1'),
    stores: (await get('/api/admin/stores')).data.length,
    afterSales: await total('/api/admin/after-sales?pageSize=1'),
    invoices: await total('/api/admin/invoices?pageSize=1'),
    admins: (await get('/api/admin/admin-users')).data.length,
  };
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(booted());
  const login = await t.http
    .post('/api/admin/auth/login')
    .set('X-Forwarded-For', t.nextIp())
    .send({ username: 'owner', password: 'owner123' })
    .expect(200);
  owner = login.body.data.token;
});
afterAll(async () => {
  await t.close();
});

describe('demo shop', () => {
  it('has products of all three kinds on sale, each with a picture the app serves', async () => {
    const { data: products } = await get('/api/admin/products?pageSize=200');
    expect(products).toHaveLength(DEMO_PRODUCTS.length);
    expect(new Set(products.map((p: { kind: string }) => p.kind))).toEqual(
      new Set(['physical', 'virtual', 'local_service']),
    );
    expect(products.every((p: { status: string }) => p.status === 'on_sale')).toBe(true);
    const shop = await t.http.get('/api/shop/products?pageSize=50').expect(200);
    expect(shop.body.meta.total).toBe(DEMO_PRODUCTS.length);
    // read as a browser does, from a listening server: supertest's one-request server closes as soon as the
    // bytes arrive, before Koa sees its file stream finish (which Koa then logs as an error)
    const server = http.createServer(t.app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const p of products) {
        expect(p.imageUrl).toMatch(/^\/uploads\/products\/.+\.jpg$/);
        const image = await fetch(`http://127.0.0.1:${port}${p.imageUrl}`);
        expect({ url: p.imageUrl, status: image.status, type: image.headers.get('content-type') }).toEqual({
          url: p.imageUrl,
          status: 200,
          type: 'image/jpeg',
        });
        expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const tee = products.find((p: { title: string }) => p.title.includes('T 恤'));
    const detail = await get(`/api/admin/products/${tee.id}`);
    expect(detail.data.specs.map((s: { name: string }) => s.name)).toEqual(['颜色', '尺码']);
    expect(detail.data.skus).toHaveLength(12);
    expect(detail.data.skus.every((s: { costPrice: number }) => s.costPrice > 0)).toBe(true);
  });

  it('has orders in every state shoppers and the merchant reach, the settings as they were', async () => {
    expect(await orderCounts()).toEqual(DEMO_ORDER_COUNTS);
    const { data: shipped } = await get('/api/admin/orders?status=shipped');
    expect(shipped[0].packageCount).toBe(2);
    const { data: received } = await get('/api/admin/orders?status=received&pageSize=10');
    expect(received.map((o: { kind: string }) => o.kind).sort()).toEqual(['physical', 'physical', 'virtual']);
    const { data: toVerify } = await get('/api/admin/orders?status=to_verify');
    expect(toVerify.every((o: { kind: string }) => o.kind === 'local_service')).toBe(true);
    const settings = await get('/api/admin/order-settings');
    expect(settings.data).toMatchObject({ unpaidTimeoutMinutes: 30, aftersaleWindowDays: 7 });
    expect(await total('/api/admin/shoppers?pageSize=1')).toBe(3);
    const { data: stores } = await get('/api/admin/stores');
    expect(stores).toHaveLength(1);
    expect((await get(`/api/admin/stores/${stores[0].id}/staff`)).data).toHaveLength(1);
  });

  it('issues one invoice as a PDF and leaves two requested', async () => {
    const { data: invoices } = await get('/api/admin/invoices?pageSize=10');
    expect(invoices.map((i: { status: string }) => i.status).sort()).toEqual([
      'issued',
      'requested',
      'requested',
    ]);
    const issued = invoices.find((i: { status: string }) => i.status === 'issued');
    const file = await t.http.get(`/api/admin/invoices/${issued.id}/file`).set(auth()).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
  });

  it('changes nothing when it runs again', async () => {
    const before = await snapshot();
    expect(before.admins).toBe(DEMO_ADMINS.length);
    await seedDemo(booted());
    expect(await snapshot()).toEqual(before);
  });

  it('settles its refunds once the worker runs: one order partly refunded, the meal fully', async () => {
    for (const m of t.modules) {
      for (const q of m.queues ?? []) await t.platform.drivers.queue.process(q.queue, q.handler);
    }
    const refunded = await eventually(
      async () => (await get('/api/admin/after-sales?status=refunded')).data,
      (rows: unknown[]) => rows.length === 2,
      'the demo refunds',
    );
    expect(refunded).toHaveLength(2);
    const { data: orders } = await get('/api/admin/orders?pageSize=50');
    const byRefund = (s: string) => orders.filter((o: { refundStatus: string }) => o.refundStatus === s);
    expect(byRefund('partial')).toHaveLength(1);
    expect(byRefund('partial')[0].status).toBe('received');
    expect(byRefund('full').map((o: { status: string }) => o.status)).toEqual(['cancelled_refunded']);
  });

  it('leaves one order to the unpaid timeout, one minute after it was placed', async () => {
    const job = t.modules
      .find((m) => m.name === 'order')!
      .cronJobs!.find((j) => j.name === 'order-auto-cancel')!;
    const runner = new CronRunner({
      sequelize: t.platform.sequelize,
      lock: t.platform.drivers.lock,
      logger: t.platform.logger,
      clock: t.platform.clock,
      timezone: t.platform.config.shopTimezone,
    });
    const run = await runner.run(job, { now: new Date(Date.now() + 2 * 60_000), force: true });
    expect(run).toMatchObject({ status: 'done', counts: { cancelled: 1 } });
    expect(await orderCounts()).toMatchObject({ pending_payment: 1, cancelled: 3 });
  });
});

/**
 * Shared by the distribution tests (API and race): shoppers, products and real sandbox orders through the
 * HTTP API, refunds through after-sales, the outbox drained through a real dispatcher, and the ledger
 * invariant checked two ways (the module's own integrity report, and plain SQL here).
 */
import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { TestApp } from '../support/app';
import { drainOutbox } from '../support/outbox';
import type { DistributionModule } from '../../src/modules/distribution';
import { unitPrefix } from '../../src/modules/order/amounts';

export type Internals = DistributionModule['internal'];

export const auth = (t: TestApp, token: string) => ({
  Authorization: `Bearer ${token}`,
  'X-Forwarded-For': t.nextIp(),
});

export const dist = (t: TestApp) =>
  (t.modules.find((m) => m.name === 'distribution') as unknown as DistributionModule).internal;

export async function call(
  t: TestApp,
  token: string,
  method: 'get' | 'post' | 'put' | 'patch' | 'delete',
  path: string,
  body?: object,
  status = 200,
) {
  const req = t.http[method](path).set(auth(t, token));
  const res = await (body ? req.send(body) : req);
  expect({ path, status: res.status, error: res.body?.error }).toEqual({ path, status, error: undefined });
  return res.body?.data;
}

export async function expectError(
  t: TestApp,
  token: string,
  method: 'get' | 'post' | 'put' | 'patch' | 'delete',
  path: string,
  body: object | undefined,
  status: number,
  code: string,
) {
  const req = t.http[method](path).set(auth(t, token));
  const res = await (body ? req.send(body) : req);
  expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({ path, status, code });
  return res.body.error;
}

/** Starts the modules' queue consumers in this process (sandbox refunds settle through a queue job). */
export async function startQueues(t: TestApp, skip: string[] = []) {
  for (const m of t.modules) {
    for (const q of m.queues ?? []) {
      if (!skip.includes(q.queue))
        await t.platform.drivers.queue.process(q.queue, q.handler, { concurrency: 2 });
    }
  }
}

export async function setSettings(t: TestApp, patch: object) {
  return call(t, await t.adminToken('owner'), 'patch', '/api/admin/distribution/settings', patch);
}

/** A shopper who is a distributor (made one by the merchant). */
export async function newDistributor(t: TestApp) {
  const s = await t.shopperToken();
  await call(
    t,
    await t.adminToken('operator'),
    'post',
    '/api/admin/distribution/distributors',
    { shopperId: s.id },
    201,
  );
  return s;
}

/** `child` opens `parent`'s share of the shop's home page; answers the binding outcome. */
export async function openShare(t: TestApp, parent: { token: string }, child: { token: string }) {
  const scene = await call(t, parent.token, 'post', '/api/shop/share-scenes', { kind: 'home', id: 'shop' });
  const opened = await call(t, child.token, 'post', `/api/shop/share-scenes/${scene.code}/open`);
  return opened.binding as { status: string; parentId: number | null; code: string | null };
}

export async function bind(t: TestApp, parent: { token: string; id: number }, child: { token: string }) {
  const binding = await openShare(t, parent, child);
  expect(binding).toMatchObject({ status: 'bound', parentId: parent.id });
}

const categories = new WeakMap<TestApp, Promise<number>>();

/** A virtual product (received at payment, so commission freezes at once) with SKUs at these prices. */
export async function virtualProduct(t: TestApp, prices: number[], title = '分销测试课') {
  const op = await t.adminToken('operator');
  let category = categories.get(t);
  if (!category) {
    category = call(t, op, 'post', '/api/admin/categories', { name: '分销测试' }, 201).then(
      (c) => c.id as number,
    );
    categories.set(t, category);
  }
  const product = await call(
    t,
    op,
    'post',
    '/api/admin/products',
    {
      title,
      kind: 'virtual',
      categoryId: await category,
      images: ['https://img.example.com/p.jpg'],
      status: 'on_sale',
      ...(prices.length > 1
        ? {
            specs: [{ name: '版本', values: prices.map((_, i) => `V${i + 1}`) }],
            skus: prices.map((price, i) => ({ specs: { 版本: `V${i + 1}` }, price, stock: 100_000 })),
          }
        : { skus: [{ price: prices[0], stock: 100_000 }] }),
    },
    201,
  );
  return { productId: product.id as number, skuIds: (product.skus as { id: number }[]).map((s) => s.id) };
}

export interface PaidOrder {
  id: number;
  orderNo: string;
  payAmount: number;
  lines: { id: number; skuId: number; quantity: number; payAmount: number }[];
}

/** Places and pays (sandbox) a virtual order: it is received at once. */
export async function buy(
  t: TestApp,
  shopper: { token: string },
  items: { skuId: number; quantity: number }[],
): Promise<PaidOrder> {
  const placed = await t.http
    .post('/api/shop/orders')
    .set(auth(t, shopper.token))
    .set('Idempotency-Key', `dist-${crypto.randomUUID()}`)
    .send({ items, couponIds: [] });
  expect({ status: placed.status, error: placed.body.error }).toEqual({ status: 200, error: undefined });
  const order = placed.body.data;
  const started = await call(t, shopper.token, 'post', `/api/shop/orders/${order.id}/pay`);
  await call(t, shopper.token, 'post', `/api/shop/pay/sandbox/${started.paymentId}/confirm`);
  const paid = await call(t, shopper.token, 'get', `/api/shop/orders/${order.id}`);
  expect(paid.status).toBe('received');
  return paid;
}

export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A refund-only after-sale of `quantity` units, approved and refunded; resolves when the refund is done. */
export async function refund(
  t: TestApp,
  shopper: { token: string },
  orderId: number,
  orderLineId: number,
  quantity: number,
) {
  const asked = await call(
    t,
    shopper.token,
    'post',
    `/api/shop/orders/${orderId}/after-sales`,
    { orderLineId, type: 'refund_only', quantity, reason: '不想要了' },
    201,
  );
  await call(t, await t.adminToken('operator'), 'post', `/api/admin/after-sales/${asked.id}/approve`, {});
  await call(t, await t.adminToken('finance'), 'post', `/api/admin/after-sales/${asked.id}/refund`, {});
  const finance = await t.adminToken('finance');
  return eventually(
    async () => (await t.http.get(`/api/admin/after-sales/${asked.id}`).set(auth(t, finance))).body.data,
    (a) => a.status === 'refunded',
    'the refund notification',
  );
}

export const drain = (t: TestApp) => drainOutbox(t, ['distribution']);

export async function rows<T extends object = Record<string, unknown>>(
  t: TestApp,
  sql: string,
  replacements: Record<string, unknown> = {},
) {
  return t.platform.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
}

export interface CommissionRow {
  id: number;
  order_id: number;
  order_line_id: number;
  beneficiary_id: number;
  level: number;
  quantity: number;
  base_amount: number;
  rate_source: string;
  rate_mode: string;
  rate_value: number;
  amount: number;
  status: string;
  refunded_units: number;
  invalid_amount: number;
  clawed_amount: number;
  credited_amount: number;
}

export async function commissionsOf(t: TestApp, orderId: number) {
  const list = await rows<CommissionRow>(
    t,
    'SELECT * FROM distribution_commissions WHERE order_id = :orderId ORDER BY order_line_id, level',
    { orderId },
  );
  return list.map((r) => ({
    ...r,
    id: Number(r.id),
    order_id: Number(r.order_id),
    order_line_id: Number(r.order_line_id),
    beneficiary_id: Number(r.beneficiary_id),
    level: Number(r.level),
    quantity: Number(r.quantity),
    base_amount: Number(r.base_amount),
    rate_value: Number(r.rate_value),
    amount: Number(r.amount),
    refunded_units: Number(r.refunded_units),
    invalid_amount: Number(r.invalid_amount),
    clawed_amount: Number(r.clawed_amount),
    credited_amount: Number(r.credited_amount),
  }));
}

export async function balanceOf(t: TestApp, distributorId: number): Promise<number> {
  const [row] = await rows<{ balance: number }>(
    t,
    'SELECT balance FROM distribution_accounts WHERE distributor_id = :distributorId',
    { distributorId },
  );
  return row ? Number(row.balance) : 0;
}

/**
 * The invariant, checked in plain SQL independent of the module: for every distributor the balance equals
 * Σ ledger and every balance_after is the running sum; for every entry what was taken back is exactly the
 * refunded units' share of its amount, and the ledger holds exactly its credit and its clawbacks. Then the
 * module's own integrity report (which also recomputes every amount from the snapshotted rates) must agree.
 */
export async function expectInvariant(t: TestApp) {
  const broken: unknown[] = [];
  const ledger = await rows<{ id: number; distributor_id: number; delta: number; balance_after: number }>(
    t,
    'SELECT id, distributor_id, delta, balance_after FROM distribution_ledger ORDER BY distributor_id, id',
  );
  const running = new Map<number, number>();
  for (const l of ledger) {
    const d = Number(l.distributor_id);
    const sum = (running.get(d) ?? 0) + Number(l.delta);
    running.set(d, sum);
    if (sum !== Number(l.balance_after))
      broken.push({ ledgerRow: Number(l.id), sum, after: Number(l.balance_after) });
  }
  const accounts = await rows<{ distributor_id: number; balance: number }>(
    t,
    'SELECT distributor_id, balance FROM distribution_accounts',
  );
  for (const a of accounts) {
    if (Number(a.balance) !== (running.get(Number(a.distributor_id)) ?? 0)) {
      broken.push({
        distributor: Number(a.distributor_id),
        balance: Number(a.balance),
        ledger: running.get(Number(a.distributor_id)),
      });
    }
  }
  const entries = await rows<CommissionRow>(t, 'SELECT * FROM distribution_commissions');
  const byRef = await rows<{ ref_id: number; reason: string; total: number }>(
    t,
    `SELECT ref_id, reason, SUM(delta) AS total FROM distribution_ledger WHERE ref_type = 'commission'
      GROUP BY ref_id, reason`,
  );
  const ledgerOf = (id: number, reason: string) =>
    Number(byRef.find((r) => Number(r.ref_id) === id && r.reason === reason)?.total ?? 0);
  for (const e of entries) {
    const id = Number(e.id);
    const takenBack = unitPrefix(Number(e.amount), Number(e.quantity), Number(e.refunded_units));
    if (Number(e.invalid_amount) + Number(e.clawed_amount) !== takenBack)
      broken.push({ entry: id, takenBack });
    const credited = e.status === 'available' || e.status === 'withdrawn';
    if (ledgerOf(id, 'commission') !== (credited ? Number(e.credited_amount) : 0))
      broken.push({ entry: id, credit: true });
    if (ledgerOf(id, 'clawback') !== -Number(e.clawed_amount)) broken.push({ entry: id, clawback: true });
  }
  const dupes = await rows<{ n: number }>(
    t,
    `SELECT COUNT(*) AS n FROM distribution_commissions GROUP BY order_line_id, level HAVING COUNT(*) > 1`,
  );
  if (dupes.length) broken.push({ duplicateEntries: dupes.length });
  expect(broken).toEqual([]);
  const report = await dist(t).queries.integrity();
  expect(report.problems).toEqual([]);
}

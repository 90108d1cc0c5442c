/**
 * Coupons under contention on MariaDB and Redis (RULES §3; litemall #581 gave 9 coupons for 1): claims of the
 * last copy, one shopper claiming at once against the per-user limit, one redemption code sent by many shoppers,
 * one coupon locked by concurrent orders, and claims racing a merchant grant for the same stock. Every HTTP
 * request comes from its own client IP through the trusted-proxy header.
 */
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import { withTransaction } from '../../src/platform/db/tx';
import type { MallModule } from '../../src/platform/module';
import type { CouponService } from '../../src/modules/coupon';

let t: TestApp;
let operator: string;

const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });
const coupon = () => t.modules.find((m) => m.name === 'coupon') as MallModule & { service: CouponService };

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.adminToken('operator');
});
afterAll(() => t.close());

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

const shoppers = (n: number) => inBatches(Array.from({ length: n }), 16, () => t.shopperToken());

async function newTemplate(overrides: Record<string, unknown>): Promise<number> {
  const res = await t.http
    .post('/api/admin/coupon-templates')
    .set(auth(operator))
    .send({
      name: '抢券',
      kind: 'amount_off',
      threshold: 0,
      amountOff: 500,
      validity: { type: 'relative', days: 7 },
      ...overrides,
    });
  expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
  return res.body.data.id;
}

async function state(templateId: number) {
  const [tpl] = await t.platform.sequelize.query<{ remaining: number | null; issued_count: number }>(
    'SELECT remaining, issued_count FROM coupon_templates WHERE id = :templateId',
    { replacements: { templateId }, type: QueryTypes.SELECT },
  );
  const instances = await t.platform.sequelize.query<{ shopper_id: number; seq: number }>(
    'SELECT shopper_id, seq FROM coupon_instances WHERE template_id = :templateId ORDER BY id',
    { replacements: { templateId }, type: QueryTypes.SELECT },
  );
  return {
    remaining: tpl.remaining === null ? null : Number(tpl.remaining),
    issued: Number(tpl.issued_count),
    instances: instances.map((i) => ({ shopperId: Number(i.shopper_id), seq: Number(i.seq) })),
  };
}

const tally = (codes: (string | undefined)[]) =>
  codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c ?? 'ok']: (acc[c ?? 'ok'] ?? 0) + 1 }), {});

it('64 concurrent claims of a 1-copy coupon give exactly 1 instance and leave remaining 0', async () => {
  const templateId = await newTemplate({ totalQuantity: 1 });
  const buyers = await shoppers(64);
  const results = await Promise.all(
    buyers.map((b) => t.http.post(`/api/shop/coupon-center/${templateId}/claim`).set(auth(b.token))),
  );
  expect(tally(results.map((r) => r.body.error?.code))).toEqual({ ok: 1, COUPON_SOLD_OUT: 63 });
  expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  const s = await state(templateId);
  expect(s.remaining).toBe(0);
  expect(s.issued).toBe(1);
  expect(s.instances).toHaveLength(1);
  const winner = buyers[results.findIndex((r) => r.status === 201)];
  expect(s.instances[0]).toEqual({ shopperId: winner.id, seq: 1 });
});

it('40 concurrent claims by one shopper of a per-user-limit-2 coupon give exactly 2 (service and HTTP)', async () => {
  // the claim path without the route's rate limit: all 40 reach the database together
  const viaService = await newTemplate({ totalQuantity: 1000, perUserLimit: 2 });
  const one = await t.shopperToken();
  const outcomes = await Promise.all(
    Array.from({ length: 40 }, () =>
      coupon()
        .service.issue(undefined, { templateId: viaService, shopperId: one.id, channel: 'claim_center' })
        .then(
          () => 'ok',
          (e: { code?: string }) => e.code ?? String(e),
        ),
    ),
  );
  expect(tally(outcomes)).toEqual({ ok: 2, COUPON_LIMIT: 38 });
  let s = await state(viaService);
  expect(s.instances).toEqual([
    { shopperId: one.id, seq: expect.any(Number) },
    { shopperId: one.id, seq: expect.any(Number) },
  ]);
  expect(s.instances.map((i) => i.seq).sort()).toEqual([1, 2]);
  expect({ remaining: s.remaining, issued: s.issued }).toEqual({ remaining: 998, issued: 2 });

  // the same through HTTP: the per-shopper rate limit (30 a minute) refuses some, the limit holds the rest
  const viaHttp = await newTemplate({ totalQuantity: 1000, perUserLimit: 2 });
  const two = await t.shopperToken();
  const results = await Promise.all(
    Array.from({ length: 40 }, () =>
      t.http.post(`/api/shop/coupon-center/${viaHttp}/claim`).set(auth(two.token)),
    ),
  );
  const codes = tally(results.map((r) => r.body.error?.code));
  expect(codes.ok).toBe(2);
  expect((codes.COUPON_LIMIT ?? 0) + (codes.RATE_LIMITED ?? 0)).toBe(38);
  s = await state(viaHttp);
  expect(s.instances).toHaveLength(2);
  expect({ remaining: s.remaining, issued: s.issued }).toEqual({ remaining: 998, issued: 2 });
});

it('one redemption code sent by 20 shoppers at once is redeemed exactly once', async () => {
  const templateId = await newTemplate({ channels: ['redemption_code'], totalQuantity: 100 });
  const batch = await t.http
    .post(`/api/admin/coupon-templates/${templateId}/code-batches`)
    .set(auth(operator))
    .send({ quantity: 1 })
    .expect(201);
  const [code] = await t.platform.sequelize.query<{ code: string }>(
    'SELECT code FROM coupon_codes WHERE batch_id = :id',
    { replacements: { id: batch.body.data.id }, type: QueryTypes.SELECT },
  );
  const people = await shoppers(20);
  const results = await Promise.all(
    people.map((p) => t.http.post('/api/shop/coupons/redeem').set(auth(p.token)).send({ code: code.code })),
  );
  expect(tally(results.map((r) => r.body.error?.code))).toEqual({ ok: 1, COUPON_CODE_INVALID: 19 });
  const winner = people[results.findIndex((r) => r.status === 201)];
  const s = await state(templateId);
  expect(s.instances).toEqual([{ shopperId: winner.id, seq: 1 }]);
  expect({ remaining: s.remaining, issued: s.issued }).toEqual({ remaining: 99, issued: 1 });
  const [row] = await t.platform.sequelize.query<{ status: string; shopper_id: number; redeemed: number }>(
    `SELECT c.status, c.shopper_id, b.redeemed_count AS redeemed FROM coupon_codes c
       JOIN coupon_code_batches b ON b.id = c.batch_id WHERE c.code = :code`,
    { replacements: { code: code.code }, type: QueryTypes.SELECT },
  );
  expect({ status: row.status, shopperId: Number(row.shopper_id), redeemed: Number(row.redeemed) }).toEqual({
    status: 'redeemed',
    shopperId: winner.id,
    redeemed: 1,
  });
});

it('5 concurrent transactions locking one coupon: exactly one order gets it', async () => {
  const templateId = await newTemplate({});
  const owner = await t.shopperToken();
  const claimed = await t.http
    .post(`/api/shop/coupon-center/${templateId}/claim`)
    .set(auth(owner.token))
    .expect(201);
  const instanceId: number = claimed.body.data.id;
  const orders = [7001, 7002, 7003, 7004, 7005];
  const outcomes = await Promise.all(
    orders.map((orderId) =>
      withTransaction(t.platform.sequelize, async (tx) => {
        await coupon().service.lock(tx, {
          shopperId: owner.id,
          orderId,
          coupons: [{ instanceId, discount: 500 }],
        });
        // hold the lock a moment, as an order transaction does while it writes its lines
        await new Promise((r) => setTimeout(r, 20));
      }).then(
        () => ({ orderId, code: 'ok' }),
        (e: { code?: string; details?: unknown }) => ({
          orderId,
          code: e.code ?? String(e),
          details: e.details,
        }),
      ),
    ),
  );
  expect(tally(outcomes.map((o) => (o.code === 'ok' ? undefined : o.code)))).toEqual({
    ok: 1,
    COUPON_UNAVAILABLE: 4,
  });
  for (const o of outcomes.filter((x) => x.code !== 'ok'))
    expect(o).toMatchObject({ details: { instanceId } });
  const [row] = await t.platform.sequelize.query<{ status: string; order_id: number }>(
    'SELECT status, order_id FROM coupon_instances WHERE id = :instanceId',
    { replacements: { instanceId }, type: QueryTypes.SELECT },
  );
  expect({ status: row.status, orderId: Number(row.order_id) }).toEqual({
    status: 'locked',
    orderId: outcomes.find((o) => o.code === 'ok')!.orderId,
  });
});

it('claims racing a merchant grant for 10 copies never issue more than 10', async () => {
  const templateId = await newTemplate({ totalQuantity: 10, channels: ['claim_center', 'merchant_grant'] });
  const [claimers, granted] = await Promise.all([shoppers(20), shoppers(10)]);
  const owner = await t.adminToken('owner');
  const [claims, grant] = await Promise.all([
    Promise.all(
      claimers.map((c) => t.http.post(`/api/shop/coupon-center/${templateId}/claim`).set(auth(c.token))),
    ),
    t.http
      .post(`/api/admin/coupon-templates/${templateId}/grants`)
      .set(auth(owner))
      .send({ shopperIds: granted.map((g) => g.id) }),
  ]);
  expect(grant.status).toBe(200);
  const claimedOk = claims.filter((r) => r.status === 201).length;
  const soldOut = claims.filter((r) => r.body.error?.code === 'COUPON_SOLD_OUT').length;
  expect(claimedOk + soldOut).toBe(20);
  expect(claimedOk + grant.body.data.issued).toBe(10);
  expect(grant.body.data.results.filter((r: { outcome: string }) => r.outcome === 'sold_out')).toHaveLength(
    10 - grant.body.data.issued,
  );
  const s = await state(templateId);
  expect({ remaining: s.remaining, issued: s.issued, instances: s.instances.length }).toEqual({
    remaining: 0,
    issued: 10,
    instances: 10,
  });
});

/**
 * Coupons through the HTTP API and the module's service (MariaDB + Redis, and SQLite + memory): templates and
 * their validation, the claim center, grants, system issues, redemption codes, lock on order placement and the
 * order events after it, expiry, my coupons, stats, roles and audit.
 */
import { QueryTypes } from 'sequelize';
import type { z } from 'zod';
import { startTestApp, type TestApp } from '../support/app';
import { CronRunner } from '../../src/platform/cron';
import { withTransaction } from '../../src/platform/db/tx';
import { sqlTime } from '../../src/platform/db/time';
import type { EventName, EventPayload } from '../../src/platform/events/catalog';
import { OutboxDispatcher } from '../../src/platform/outbox/dispatcher';
import type { MallModule } from '../../src/platform/module';
import type { CouponService } from '../../src/modules/coupon';
import type * as s from '../../src/modules/coupon/schemas';

type Template = z.infer<typeof s.templateView>;
type MyCoupon = z.infer<typeof s.myCoupon>;
interface Shopper {
  token: string;
  id: number;
}

let t: TestApp;
const tok = { owner: '', operator: '', finance: '', service: '' };
const DAY = 24 * 3600 * 1000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();
const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });

const couponModule = () =>
  t.modules.find((m) => m.name === 'coupon') as MallModule & { service: CouponService };
const service = () => couponModule().service;

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ['owner', 'operator', 'finance', 'service'] as const)
    tok[role] = await t.adminToken(role);
});
afterAll(() => t.close());

function body(overrides: Record<string, unknown> = {}) {
  return {
    name: '满100减20',
    kind: 'amount_off',
    threshold: 10_000,
    amountOff: 2_000,
    validity: { type: 'relative', days: 7 },
    ...overrides,
  };
}

async function createTemplate(overrides: Record<string, unknown> = {}): Promise<Template> {
  const res = await t.http.post('/api/admin/coupon-templates').set(auth(tok.operator)).send(body(overrides));
  expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
  return res.body.data;
}

const shopper = (): Promise<Shopper> => t.shopperToken();
const claim = (who: Shopper, templateId: number) =>
  t.http.post(`/api/shop/coupon-center/${templateId}/claim`).set(auth(who.token));

async function claimed(who: Shopper, templateId: number): Promise<MyCoupon> {
  const res = await claim(who, templateId);
  expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
  return res.body.data;
}

async function rows<T extends object = Record<string, unknown>>(
  sql: string,
  replacements: Record<string, unknown> = {},
) {
  return t.platform.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
}

async function instance(id: number) {
  const [row] = await rows<{
    status: string;
    order_id: number | null;
    discount_amount: number;
    shopper_id: number;
    channel: string;
    seq: number;
  }>(
    'SELECT status, order_id, discount_amount, shopper_id, channel, seq FROM coupon_instances WHERE id = :id',
    {
      id,
    },
  );
  return {
    status: row.status,
    orderId: row.order_id === null ? null : Number(row.order_id),
    discount: Number(row.discount_amount),
    shopperId: Number(row.shopper_id),
    channel: row.channel,
    seq: Number(row.seq),
  };
}

async function template(id: number) {
  const [row] = await rows<{ remaining: number | null; issued_count: number; status: string }>(
    'SELECT remaining, issued_count, status FROM coupon_templates WHERE id = :id',
    { id },
  );
  return {
    remaining: row.remaining === null ? null : Number(row.remaining),
    issued: Number(row.issued_count),
    status: row.status,
  };
}

/** Everything the coupon module and the audit log hold: a refused request must leave it as it was. */
async function snapshot() {
  const count = async (table: string) =>
    Number((await rows<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  return {
    templates: JSON.stringify(await rows('SELECT * FROM coupon_templates ORDER BY id')),
    instances: JSON.stringify(await rows('SELECT * FROM coupon_instances ORDER BY id')),
    batches: await count('coupon_code_batches'),
    codes: JSON.stringify(await rows('SELECT id, status, shopper_id FROM coupon_codes ORDER BY id')),
    audit: await count('audit_logs'),
  };
}

const setTime = (table: string, column: string, id: number, at: Date) =>
  t.platform.sequelize.query(`UPDATE ${table} SET ${column} = :at WHERE id = :id`, {
    replacements: { id, at: sqlTime(t.platform.sequelize, at) },
  });

function lock(shopperId: number, orderId: number, coupons: { instanceId: number; discount: number }[]) {
  return withTransaction(t.platform.sequelize, (tx) => service().lock(tx, { shopperId, orderId, coupons }));
}

async function lockError(
  shopperId: number,
  orderId: number,
  coupons: { instanceId: number; discount: number }[],
) {
  try {
    await lock(shopperId, orderId, coupons);
  } catch (e) {
    const err = e as { code?: string; details?: unknown };
    return { code: err.code, details: err.details };
  }
  return { code: 'none', details: undefined };
}

let orderSeq = 900_000;
const orderRef = (shopperId: number, orderId = ++orderSeq) => ({
  orderId,
  orderNo: `T${orderId}`,
  shopperId,
  kind: 'physical',
});

/** Emits order events as the order module does and delivers them to the coupon module's handlers. */
async function deliver<N extends EventName>(name: N, payload: EventPayload<N>) {
  await withTransaction(t.platform.sequelize, (tx) => t.platform.outbox.emit(tx, name, payload));
  const dispatcher = new OutboxDispatcher({
    sequelize: t.platform.sequelize,
    handlers: couponModule().eventHandlers!,
    logger: t.platform.logger,
    clock: t.platform.clock,
  });
  while ((await dispatcher.runOnce()) > 0);
}
const paid = (shopperId: number, orderId: number) =>
  deliver('order.paid', {
    ...orderRef(shopperId, orderId),
    payAmount: 100,
    paidAt: new Date().toISOString(),
  });
const cancelled = (shopperId: number, orderId: number) =>
  deliver('order.cancelled', { ...orderRef(shopperId, orderId), reason: 'timeout' });
const refunded = (shopperId: number, orderId: number, full: boolean) =>
  deliver('order.refunded', { ...orderRef(shopperId, orderId), refundId: 1, amount: 100, lines: [], full });

async function runExpiry(now: Date) {
  const job = couponModule().cronJobs!.find((j) => j.name === 'coupon-expire')!;
  const runner = new CronRunner({
    sequelize: t.platform.sequelize,
    lock: t.platform.drivers.lock,
    logger: t.platform.logger,
    clock: t.platform.clock,
    timezone: t.platform.config.shopTimezone,
  });
  const result = await runner.run(job, { now, force: true });
  expect(result.status).toBe('done');
  return result.counts;
}

describe('templates (admin)', () => {
  it('creates each kind with defaults, audited, and reads it back', async () => {
    const amount = await createTemplate();
    expect(amount).toMatchObject({
      name: '满100减20',
      kind: 'amount_off',
      threshold: 10_000,
      amountOff: 2_000,
      discountPermille: 1000,
      maxDiscount: null,
      scope: { mode: 'all', productIds: [], categoryIds: [] },
      validity: { type: 'relative', days: 7 },
      windows: [],
      totalQuantity: null,
      remaining: null,
      issuedCount: 0,
      perUserLimit: 1,
      channels: ['claim_center'],
      stackable: false,
      allowActivityLines: false,
      returnOnRefund: true,
      status: 'enabled',
    });
    const from = inDays(1);
    const to = inDays(30);
    const percent = await createTemplate({
      name: '8.5折券',
      kind: 'percent_off',
      threshold: 0,
      amountOff: 0,
      discountPermille: 850,
      maxDiscount: 5_000,
      scope: { mode: 'include', categoryIds: [3, 1], productIds: [] },
      validity: { type: 'absolute', from, to },
      windows: [{ weekdays: [5, 1, 2, 3, 4], from: '11:00', to: '14:00' }],
      totalQuantity: 100,
      perUserLimit: 2,
      channels: ['claim_center', 'system'],
      stackable: true,
    });
    expect(percent).toMatchObject({
      kind: 'percent_off',
      discountPermille: 850,
      maxDiscount: 5_000,
      scope: { mode: 'include', categoryIds: [3, 1] },
      validity: { type: 'absolute', from: new Date(from).toISOString(), to: new Date(to).toISOString() },
      windows: [{ weekdays: [1, 2, 3, 4, 5], from: '11:00', to: '14:00' }],
      totalQuantity: 100,
      remaining: 100,
      stackable: true,
    });
    const ship = await createTemplate({
      name: '包邮券',
      kind: 'free_shipping',
      threshold: 5_000,
      amountOff: 0,
      scope: { mode: 'exclude', productIds: [7] },
    });
    expect(ship).toMatchObject({
      kind: 'free_shipping',
      threshold: 5_000,
      scope: { mode: 'exclude', productIds: [7] },
    });

    const read = await t.http
      .get(`/api/admin/coupon-templates/${percent.id}`)
      .set(auth(tok.service))
      .expect(200);
    expect(read.body.data).toEqual(percent);
    const list = await t.http
      .get('/api/admin/coupon-templates?kind=percent_off&channel=system&keyword=8.5')
      .set(auth(tok.finance))
      .expect(200);
    expect(list.body.data.map((x: Template) => x.id)).toEqual([percent.id]);
    expect(list.body.meta).toEqual({ page: 1, pageSize: 20, total: 1 });

    const [entry] = await rows<{ action: string; actor_kind: string; after_json: string }>(
      "SELECT action, actor_kind, after_json FROM audit_logs WHERE action = 'coupon_template.create' AND subject_id = :id",
      { id: String(amount.id) },
    );
    expect(entry.actor_kind).toBe('admin');
    expect(JSON.parse(entry.after_json).name).toBe('满100减20');
  });

  it('refuses ill-formed templates with VALIDATION_FAILED on the field, and writes nothing', async () => {
    const before = await snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [{ amountOff: 0 }, 'amountOff'],
      [{ threshold: 5_000, amountOff: 6_000 }, 'amountOff'],
      [{ amountOff: 12.5 }, 'amountOff'],
      [{ amountOff: '2000' }, 'amountOff'],
      [{ threshold: -1 }, 'threshold'],
      [{ discountPermille: 900 }, 'discountPermille'],
      [{ maxDiscount: 100 }, 'maxDiscount'],
      [{ kind: 'percent_off', amountOff: 0, discountPermille: 1000 }, 'discountPermille'],
      [{ kind: 'percent_off', amountOff: 0, discountPermille: 0 }, 'discountPermille'],
      [{ kind: 'percent_off', amountOff: 100, discountPermille: 900 }, 'amountOff'],
      [{ kind: 'percent_off', amountOff: 0, discountPermille: 850.5 }, 'discountPermille'],
      [{ kind: 'free_shipping', amountOff: 0, maxDiscount: 100 }, 'maxDiscount'],
      [{ kind: 'cashback' }, 'kind'],
      [{ scope: { mode: 'include', productIds: [], categoryIds: [] } }, 'scope'],
      [{ scope: { mode: 'all', productIds: [1] } }, 'scope'],
      [{ scope: { mode: 'include', productIds: [1, 1] } }, 'scope.productIds'],
      [{ validity: { type: 'absolute', from: inDays(5), to: inDays(2) } }, 'validity'],
      [{ validity: { type: 'absolute', from: inDays(-5), to: inDays(-1) } }, 'validity.to'],
      [{ validity: { type: 'absolute', from: '2026-11-26', to: inDays(3) } }, 'validity.from'],
      [{ validity: { type: 'relative', days: 0 } }, 'validity.days'],
      [{ validity: { type: 'forever' } }, 'validity.type'],
      [{ windows: [{ weekdays: [], from: '11:00', to: '14:00' }] }, 'windows.0'],
      [{ windows: [{ weekdays: [1, 1], from: '11:00', to: '14:00' }] }, 'windows.0'],
      [{ windows: [{ weekdays: [8], from: '11:00', to: '14:00' }] }, 'windows.0.weekdays.0'],
      [{ windows: [{ weekdays: [1], from: '11:00', to: '11:00' }] }, 'windows.0'],
      [{ windows: [{ weekdays: [1], from: '9:00', to: '14:00' }] }, 'windows.0'],
      [{ windows: [{ weekdays: [1], from: '11:00', to: '24:30' }] }, 'windows.0'],
      [{ claimStartsAt: inDays(3), claimEndsAt: inDays(1) }, 'claimEndsAt'],
      [{ claimEndsAt: inDays(-1) }, 'claimEndsAt'],
      [
        { validity: { type: 'absolute', from: inDays(1), to: inDays(3) }, claimEndsAt: inDays(4) },
        'claimEndsAt',
      ],
      [{ totalQuantity: 2, perUserLimit: 3 }, 'perUserLimit'],
      [{ totalQuantity: 0 }, 'totalQuantity'],
      [{ perUserLimit: 0 }, 'perUserLimit'],
      [{ channels: [] }, 'channels'],
      [{ channels: ['claim_center', 'claim_center'] }, 'channels'],
      [{ channels: ['lottery'] }, 'channels.0'],
      [{ name: '' }, 'name'],
      [{ name: '很'.repeat(33) }, 'name'],
    ];
    for (const [overrides, path] of cases) {
      const res = await t.http
        .post('/api/admin/coupon-templates')
        .set(auth(tok.operator))
        .send(body(overrides));
      const paths = (res.body.error?.details ?? []).map((d: { path: string }) => d.path);
      expect({
        overrides,
        status: res.status,
        code: res.body.error?.code,
        hasPath: paths.includes(path),
      }).toEqual({
        overrides,
        status: 400,
        code: 'VALIDATION_FAILED',
        hasPath: true,
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets owners and operators write, every role read, finance read stats, and refuses the rest', async () => {
    const before = await snapshot();
    for (const role of ['finance', 'service'] as const) {
      const res = await t.http.post('/api/admin/coupon-templates').set(auth(tok[role])).send(body());
      expect({ role, status: res.status, code: res.body.error?.code }).toEqual({
        role,
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    expect(await snapshot()).toEqual(before);
    const made = await t.http
      .post('/api/admin/coupon-templates')
      .set(auth(tok.owner))
      .send(body())
      .expect(201);
    const id = made.body.data.id;
    await t.http.get(`/api/admin/coupon-templates/${id}/stats`).set(auth(tok.finance)).expect(200);
    await t.http.get(`/api/admin/coupon-templates/${id}/stats`).set(auth(tok.service)).expect(403);
    await t.http
      .post(`/api/admin/coupon-templates/${id}/status`)
      .set(auth(tok.finance))
      .send({ status: 'disabled' })
      .expect(403);
    await t.http
      .post(`/api/admin/coupon-templates/${id}/grants`)
      .set(auth(tok.service))
      .send({ shopperIds: [1] })
      .expect(403);
    await t.http.get(`/api/admin/coupon-templates/${id}`).set(auth(tok.service)).expect(200);
    await t.http.get('/api/admin/coupon-templates/987654321').set(auth(tok.owner)).expect(404);
  });

  it('edits a template; once issued its terms are fixed and the total cannot go below what was issued', async () => {
    const tpl = await createTemplate({ totalQuantity: 3, perUserLimit: 1 });
    // before any issue everything may change
    const edited = await t.http
      .put(`/api/admin/coupon-templates/${tpl.id}`)
      .set(auth(tok.operator))
      .send(body({ name: '满200减30', threshold: 20_000, amountOff: 3_000, totalQuantity: 5 }))
      .expect(200);
    expect(edited.body.data).toMatchObject({
      name: '满200减30',
      threshold: 20_000,
      totalQuantity: 5,
      remaining: 5,
    });

    await claimed(await shopper(), tpl.id);
    await claimed(await shopper(), tpl.id);
    const issuedBody = body({ name: '满200减30', threshold: 20_000, amountOff: 3_000 });

    const before = await snapshot();
    const terms = await t.http
      .put(`/api/admin/coupon-templates/${tpl.id}`)
      .set(auth(tok.operator))
      .send({
        ...issuedBody,
        threshold: 10_000,
        windows: [{ weekdays: [1], from: '10:00', to: '12:00' }],
        totalQuantity: 5,
      });
    expect(terms.status).toBe(409);
    expect(terms.body.error).toMatchObject({
      code: 'CONFLICT',
      details: { fields: ['threshold', 'windows'] },
    });
    const below = await t.http
      .put(`/api/admin/coupon-templates/${tpl.id}`)
      .set(auth(tok.operator))
      .send({ ...issuedBody, totalQuantity: 1 });
    expect(below.status).toBe(400);
    expect(below.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'totalQuantity' }],
    });
    expect(await snapshot()).toEqual(before);
    const tooLow = await t.http
      .put(`/api/admin/coupon-templates/${tpl.id}`)
      .set(auth(tok.operator))
      .send({ ...issuedBody, totalQuantity: 2 });
    // 2 issued: a total of 2 leaves 0
    expect(tooLow.body.data).toMatchObject({ totalQuantity: 2, remaining: 0, issuedCount: 2 });

    // names, quantity, limits, channels, refund rule and claim window stay editable
    const open = await t.http
      .put(`/api/admin/coupon-templates/${tpl.id}`)
      .set(auth(tok.operator))
      .send({
        ...issuedBody,
        name: '改名券',
        totalQuantity: null,
        perUserLimit: 3,
        returnOnRefund: false,
        channels: ['claim_center', 'system'],
      })
      .expect(200);
    expect(open.body.data).toMatchObject({
      name: '改名券',
      totalQuantity: null,
      remaining: null,
      perUserLimit: 3,
      returnOnRefund: false,
      channels: ['claim_center', 'system'],
    });
    const limited = await t.http
      .put(`/api/admin/coupon-templates/${tpl.id}`)
      .set(auth(tok.operator))
      .send({ ...issuedBody, totalQuantity: 4 })
      .expect(200);
    expect(limited.body.data).toMatchObject({ totalQuantity: 4, remaining: 2, issuedCount: 2 });
    const audit = await rows<{ before_json: string; after_json: string }>(
      "SELECT before_json, after_json FROM audit_logs WHERE action = 'coupon_template.update' AND subject_id = :id ORDER BY id",
      { id: String(tpl.id) },
    );
    expect(audit).toHaveLength(4);
    expect(JSON.parse(audit[3].before_json).totalQuantity).toBeNull();
    expect(JSON.parse(audit[3].after_json).totalQuantity).toBe(4);
  });

  it('disables and enables (claims refused while disabled); deletes only what was never issued', async () => {
    const tpl = await createTemplate({ perUserLimit: 2 });
    const a = await shopper();
    await claimed(a, tpl.id);
    await t.http
      .post(`/api/admin/coupon-templates/${tpl.id}/status`)
      .set(auth(tok.operator))
      .send({ status: 'disabled' })
      .expect(200);
    const refused = await claim(a, tpl.id);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'COUPON_NOT_CLAIMABLE',
      details: { reason: 'disabled' },
    });
    await t.http
      .post(`/api/admin/coupon-templates/${tpl.id}/status`)
      .set(auth(tok.owner))
      .send({ status: 'enabled' })
      .expect(200);
    await claimed(a, tpl.id);
    const actions = await rows<{ action: string }>(
      "SELECT action FROM audit_logs WHERE subject_type = 'coupon_template' AND subject_id = :id ORDER BY id",
      { id: String(tpl.id) },
    );
    expect(actions.map((x) => x.action)).toEqual([
      'coupon_template.create',
      'coupon_template.disable',
      'coupon_template.enable',
    ]);

    const del = await t.http.delete(`/api/admin/coupon-templates/${tpl.id}`).set(auth(tok.operator));
    expect(del.status).toBe(409);
    const unused = await createTemplate();
    await t.http.delete(`/api/admin/coupon-templates/${unused.id}`).set(auth(tok.operator)).expect(204);
    await t.http.get(`/api/admin/coupon-templates/${unused.id}`).set(auth(tok.operator)).expect(404);
  });
});

describe('claim center', () => {
  it('lists what can be claimed now with the caller’s state, and nothing else', async () => {
    const open = await createTemplate({ name: '领券中心券', perUserLimit: 2, totalQuantity: 10 });
    const hidden = [
      await createTemplate({ name: '未开抢', claimStartsAt: inDays(1) }),
      await createTemplate({ name: '仅系统', channels: ['system'] }),
      await createTemplate({ name: '停用', status: 'disabled' }),
      await createTemplate({ name: '领取结束', claimEndsAt: inDays(1) }),
      await createTemplate({
        name: '已过期',
        validity: { type: 'absolute', from: inDays(-1), to: inDays(2) },
      }),
    ];
    await setTime('coupon_templates', 'claim_ends_at', hidden[3].id, new Date(Date.now() - 1000));
    await setTime('coupon_templates', 'valid_to', hidden[4].id, new Date(Date.now() - 1000));

    const anonymous = await t.http.get('/api/shop/coupon-center?pageSize=100').expect(200);
    const ids = anonymous.body.data.map((x: { templateId: number }) => x.templateId);
    expect(ids).toContain(open.id);
    for (const h of hidden) expect(ids).not.toContain(h.id);
    expect(anonymous.body.data.find((x: { templateId: number }) => x.templateId === open.id)).toMatchObject({
      name: '领券中心券',
      claimed: 0,
      state: 'available',
      perUserLimit: 2,
      totalQuantity: 10,
      remaining: 10,
      validity: { type: 'relative', days: 7 },
    });

    const a = await shopper();
    await claimed(a, open.id);
    const mine = await t.http.get('/api/shop/coupon-center?pageSize=100').set(auth(a.token)).expect(200);
    expect(mine.body.data.find((x: { templateId: number }) => x.templateId === open.id)).toMatchObject({
      claimed: 1,
      state: 'available',
      remaining: 9,
    });
    await claimed(a, open.id);
    const full = await t.http.get('/api/shop/coupon-center?pageSize=100').set(auth(a.token)).expect(200);
    expect(full.body.data.find((x: { templateId: number }) => x.templateId === open.id)).toMatchObject({
      claimed: 2,
      state: 'claimed_max',
      remaining: 8,
    });

    for (const h of hidden) {
      const res = await claim(a, h.id);
      expect({ name: h.name, status: res.status, code: res.body.error?.code }).toEqual({
        name: h.name,
        status: 422,
        code: 'COUPON_NOT_CLAIMABLE',
      });
    }
    expect((await claim(a, 987654321)).status).toBe(404);
  });

  it('claims a relative coupon valid to the end of the shop day N days later', async () => {
    const tpl = await createTemplate({ validity: { type: 'relative', days: 3 } });
    const a = await shopper();
    const c = await claimed(a, tpl.id);
    const end = new Date(c.validTo);
    expect(end.getTime() - Date.now()).toBeGreaterThan(3 * DAY);
    expect(end.getTime() - Date.now()).toBeLessThanOrEqual(4 * DAY);
    // midnight in Shanghai = 16:00 UTC
    expect(end.toISOString().slice(11)).toBe('16:00:00.000Z');
    expect(c).toMatchObject({
      status: 'unused',
      channel: 'claim_center',
      templateId: tpl.id,
      daysLeft: 4,
      notStarted: false,
    });
    expect(await instance(c.id)).toMatchObject({ seq: 1, shopperId: a.id });
  });

  it('holds the per-user limit and the quantity with stable codes, and changes nothing when refusing', async () => {
    const tpl = await createTemplate({ totalQuantity: 2, perUserLimit: 1 });
    const [a, b, c] = [await shopper(), await shopper(), await shopper()];
    await claimed(a, tpl.id);
    let before = await snapshot();
    const again = await claim(a, tpl.id);
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({ code: 'COUPON_LIMIT', details: { templateId: tpl.id } });
    expect(await snapshot()).toEqual(before);
    await claimed(b, tpl.id);
    expect(await template(tpl.id)).toEqual({ remaining: 0, issued: 2, status: 'enabled' });
    before = await snapshot();
    const sold = await claim(c, tpl.id);
    expect(sold.status).toBe(409);
    expect(sold.body.error.code).toBe('COUPON_SOLD_OUT');
    expect(await snapshot()).toEqual(before);
    const center = await t.http.get('/api/shop/coupon-center?pageSize=100').set(auth(c.token)).expect(200);
    expect(center.body.data.find((x: { templateId: number }) => x.templateId === tpl.id).state).toBe(
      'sold_out',
    );
  });

  it('asks risk control first and refuses what it refuses, issuing nothing', async () => {
    const tpl = await createTemplate();
    const suspect = await shopper();
    t.platform.risk.use('test-coupon-burst', async (action, ctx) =>
      action === 'claim' && ctx.shopperId === suspect.id
        ? { decision: 'refuse', rule: 'test-coupon-burst', reason: 'claims in a burst' }
        : undefined,
    );
    const before = await snapshot();
    const res = await claim(suspect, tpl.id);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'RISK_REFUSED', details: { rule: 'test-coupon-burst' } });
    expect(await snapshot()).toEqual(before);
    const [decision] = await rows<{ action: string; rule: string }>(
      'SELECT action, rule FROM risk_decisions WHERE shopper_id = :id',
      { id: suspect.id },
    );
    expect(decision).toEqual({ action: 'claim', rule: 'test-coupon-burst' });
  });

  it('rate limits claims per shopper (refused claims count too)', async () => {
    const tpl = await createTemplate();
    const a = await shopper();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await claim(a, tpl.id)).status);
    expect(statuses[0]).toBe(201);
    expect(statuses.slice(1, 30).every((x) => x === 422)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

describe('grants and system issues', () => {
  it('grants to a list of shoppers with an outcome each, once per idempotency key, audited', async () => {
    const tpl = await createTemplate({ channels: ['merchant_grant'], totalQuantity: 3, perUserLimit: 1 });
    const [a, b, c, d] = [await shopper(), await shopper(), await shopper(), await shopper()];
    const first = await t.http
      .post(`/api/admin/coupon-templates/${tpl.id}/grants`)
      .set(auth(tok.operator))
      .send({ shopperIds: [a.id, b.id, 987654321], idempotencyKey: 'grant-2026-11-a' })
      .expect(200);
    expect(first.body.data).toMatchObject({
      issued: 2,
      refused: 1,
      results: [
        { shopperId: a.id, outcome: 'issued' },
        { shopperId: b.id, outcome: 'issued' },
        { shopperId: 987654321, outcome: 'unknown_shopper', instanceId: null },
      ],
    });
    const replay = await t.http
      .post(`/api/admin/coupon-templates/${tpl.id}/grants`)
      .set(auth(tok.operator))
      .send({ shopperIds: [a.id, b.id], idempotencyKey: 'grant-2026-11-a' })
      .expect(200);
    expect(replay.body.data.results).toEqual([
      { shopperId: a.id, outcome: 'already_issued', instanceId: first.body.data.results[0].instanceId },
      { shopperId: b.id, outcome: 'already_issued', instanceId: first.body.data.results[1].instanceId },
    ]);
    const more = await t.http
      .post(`/api/admin/coupon-templates/${tpl.id}/grants`)
      .set(auth(tok.owner))
      .send({ shopperIds: [a.id, c.id, d.id] })
      .expect(200);
    expect(more.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'limit',
      'issued',
      'sold_out',
    ]);
    expect(await template(tpl.id)).toEqual({ remaining: 0, issued: 3, status: 'enabled' });
    expect((await instance(first.body.data.results[0].instanceId)).channel).toBe('merchant_grant');
    const audits = await rows<{ action: string }>(
      "SELECT action FROM audit_logs WHERE action = 'coupon_template.grant' AND subject_id = :id",
      { id: String(tpl.id) },
    );
    expect(audits).toHaveLength(3);

    const notGrantable = await createTemplate({ channels: ['claim_center'] });
    const refused = await t.http
      .post(`/api/admin/coupon-templates/${notGrantable.id}/grants`)
      .set(auth(tok.operator))
      .send({ shopperIds: [a.id] })
      .expect(200);
    expect(refused.body.data.results[0].outcome).toBe('not_issuable');
    const bad = await t.http
      .post(`/api/admin/coupon-templates/${tpl.id}/grants`)
      .set(auth(tok.operator))
      .send({ shopperIds: [a.id, a.id] });
    expect(bad.status).toBe(400);
    const empty = await t.http
      .post(`/api/admin/coupon-templates/${tpl.id}/grants`)
      .set(auth(tok.operator))
      .send({ shopperIds: [] });
    expect(empty.status).toBe(400);
  });

  it('issues once per idempotency key to the system channel, in the caller’s transaction', async () => {
    const tpl = await createTemplate({ channels: ['system'], totalQuantity: 5, perUserLimit: 3 });
    const a = await shopper();
    const input = {
      templateId: tpl.id,
      shopperId: a.id,
      channel: 'system' as const,
      idempotencyKey: 'dormant:2026-11',
    };
    const first = await service().issue(undefined, input);
    const again = await service().issue(undefined, input);
    expect(Number(again.id)).toBe(Number(first.id));
    expect(await template(tpl.id)).toMatchObject({ remaining: 4, issued: 1 });
    // the caller's transaction rolls back: nothing issued
    await expect(
      withTransaction(t.platform.sequelize, async (tx) => {
        await service().issue(tx, { ...input, idempotencyKey: 'dormant:2026-12' });
        throw new Error('the job failed later');
      }),
    ).rejects.toThrow('the job failed later');
    expect(await template(tpl.id)).toMatchObject({ remaining: 4, issued: 1 });
    // a retry with the key gets its instance back whatever the channel; a new issue must be allowed
    await expect(
      service().issue(undefined, { ...input, channel: 'claim_center', idempotencyKey: 'other' }),
    ).rejects.toMatchObject({
      code: 'COUPON_NOT_CLAIMABLE',
    });
    await expect(service().issue(undefined, { ...input, templateId: 987654321 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // tryIssue answers instead of throwing, and gives the unit back inside the transaction
    const outcome = await withTransaction(t.platform.sequelize, async (tx) => {
      await service().issue(tx, { ...input, idempotencyKey: 'k2' });
      await service().issue(tx, { ...input, idempotencyKey: 'k3' });
      return service().tryIssue(tx, { ...input, idempotencyKey: 'k4' });
    });
    expect(outcome).toMatchObject({ ok: false, code: 'COUPON_LIMIT' });
    expect(await template(tpl.id)).toMatchObject({ remaining: 2, issued: 3 });
  });
});

describe('redemption codes', () => {
  async function batch(templateId: number, quantity: number) {
    const res = await t.http
      .post(`/api/admin/coupon-templates/${templateId}/code-batches`)
      .set(auth(tok.operator))
      .send({ quantity, name: '双十一兑换' });
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
    return res.body.data as { id: number; quantity: number; redeemedCount: number };
  }
  async function csv(batchId: number, token = tok.operator) {
    const res = await t.http
      .get(`/api/admin/coupon-code-batches/${batchId}/codes.csv`)
      .set(auth(token))
      .buffer(true);
    return res;
  }
  const codesOf = (text: string) =>
    text
      .replace('\uFEFF', '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
  const redeem = (who: Shopper, code: string) =>
    t.http.post('/api/shop/coupons/redeem').set(auth(who.token)).send({ code });

  it('generates unguessable unique codes, exports them as CSV, and redeems each once', async () => {
    const tpl = await createTemplate({ channels: ['redemption_code'], perUserLimit: 1, totalQuantity: 100 });
    const b = await batch(tpl.id, 5);
    expect(b).toMatchObject({ quantity: 5, redeemedCount: 0 });
    const file = await csv(b.id);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.text.startsWith('\uFEFF兑换码,状态,兑换时间,顾客ID\r\n')).toBe(true);
    const codes = codesOf(file.text);
    expect(codes).toHaveLength(5);
    for (const [code, status] of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(status).toBe('未兑换');
    }
    expect(new Set(codes.map((c) => c[0])).size).toBe(5);

    const [a, other] = [await shopper(), await shopper()];
    const typed = ` ${codes[0][0].toLowerCase()} `;
    const res = await redeem(a, typed);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ templateId: tpl.id, channel: 'redemption_code', status: 'unused' });

    const before = await snapshot();
    const used = await redeem(other, codes[0][0]);
    expect(used.status).toBe(422);
    expect(used.body.error.code).toBe('COUPON_CODE_INVALID');
    const wrong = await redeem(other, 'ZZZZ-ZZZZ-ZZZZ');
    expect(wrong.body.error.code).toBe('COUPON_CODE_INVALID');
    const garbage = await redeem(other, 'not a code');
    expect(garbage.body.error.code).toBe('COUPON_CODE_INVALID');
    // a shopper at the per-user limit: refused, and the code stays for someone else
    const limited = await redeem(a, codes[1][0]);
    expect(limited.status).toBe(422);
    expect(limited.body.error.code).toBe('COUPON_LIMIT');
    expect(await snapshot()).toEqual(before);
    await redeem(other, codes[1][0]).expect(201);

    const after = codesOf((await csv(b.id)).text);
    expect(after[0]).toEqual([codes[0][0], '已兑换', expect.any(String), String(a.id)]);
    expect(after[1]).toEqual([codes[1][0], '已兑换', expect.any(String), String(other.id)]);
    const batches = await t.http
      .get(`/api/admin/coupon-templates/${tpl.id}/code-batches`)
      .set(auth(tok.service))
      .expect(200);
    expect(batches.body.data).toEqual([
      expect.objectContaining({ id: b.id, name: '双十一兑换', redeemedCount: 2 }),
    ]);
    const stats = await t.http
      .get(`/api/admin/coupon-templates/${tpl.id}/stats`)
      .set(auth(tok.finance))
      .expect(200);
    expect(stats.body.data).toMatchObject({
      issued: 2,
      byChannel: { redemption_code: 2 },
      codes: { generated: 5, redeemed: 2 },
    });
    const exports = await rows<{ action: string }>(
      `SELECT action FROM audit_logs WHERE action LIKE 'coupon_template.codes.%'
        AND ((subject_type = 'coupon_code_batch' AND subject_id = :b) OR (subject_type = 'coupon_template' AND subject_id = :t))`,
      { b: String(b.id), t: String(tpl.id) },
    );
    expect(exports.map((x) => x.action).sort()).toEqual([
      'coupon_template.codes.create',
      'coupon_template.codes.export',
      'coupon_template.codes.export',
    ]);
  });

  it('makes codes only for templates of the redemption_code channel; the CSV is for owners and operators', async () => {
    const tpl = await createTemplate({ channels: ['claim_center'] });
    const res = await t.http
      .post(`/api/admin/coupon-templates/${tpl.id}/code-batches`)
      .set(auth(tok.operator))
      .send({ quantity: 3 });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('COUPON_NOT_CLAIMABLE');
    const ok = await createTemplate({ channels: ['redemption_code'] });
    const b = await batch(ok.id, 1);
    expect((await csv(b.id, tok.finance)).status).toBe(403);
    expect((await csv(b.id, tok.owner)).status).toBe(200);
    expect((await csv(987654321, tok.owner)).status).toBe(404);
    const tooMany = await t.http
      .post(`/api/admin/coupon-templates/${ok.id}/code-batches`)
      .set(auth(tok.operator))
      .send({ quantity: 10_001 });
    expect(tooMany.status).toBe(400);
  });

  it('stops a shopper who keeps sending wrong codes, even with a right one', async () => {
    const tpl = await createTemplate({ channels: ['redemption_code'] });
    const b = await batch(tpl.id, 1);
    const [[code]] = codesOf((await csv(b.id)).text);
    const guesser = await shopper();
    for (let i = 0; i < 10; i++) {
      const res = await redeem(guesser, `ABCD-EFGH-${String(1000 + i)}`);
      expect(res.body.error.code).toBe('COUPON_CODE_INVALID');
    }
    const blocked = await redeem(guesser, code);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    // the code is still there for others
    await redeem(await shopper(), code).expect(201);
  });
});

describe('use through orders', () => {
  it('offers the shopper’s unused coupons with everything pricing needs', async () => {
    const from = inDays(2);
    const to = inDays(10);
    const later = await createTemplate({
      name: '下周可用',
      kind: 'percent_off',
      threshold: 0,
      amountOff: 0,
      discountPermille: 900,
      maxDiscount: 1_000,
      validity: { type: 'absolute', from, to },
      scope: { mode: 'include', productIds: [11], categoryIds: [] },
      windows: [{ weekdays: [6, 7], from: '18:00', to: '24:00' }],
      stackable: true,
      allowActivityLines: true,
    });
    const now = await createTemplate({ name: '立即可用' });
    const a = await shopper();
    const l = await claimed(a, later.id);
    const n = await claimed(a, now.id);
    const spent = await claimed(a, (await createTemplate({ name: '已用' })).id);
    await lock(a.id, ++orderSeq, [{ instanceId: spent.id, discount: 100 }]);

    const offers = await service().offers(a.id);
    expect(offers.map((o) => o.instanceId).sort()).toEqual([l.id, n.id].sort());
    expect(offers.find((o) => o.instanceId === l.id)).toEqual({
      instanceId: l.id,
      templateId: later.id,
      name: '下周可用',
      kind: 'percent_off',
      threshold: 0,
      amountOff: 0,
      discountPermille: 900,
      maxDiscount: 1_000,
      scope: { mode: 'include', productIds: [11], categoryIds: [] },
      validFrom: new Date(from),
      validTo: new Date(to),
      windows: [{ weekdays: [6, 7], from: '18:00', to: '24:00' }],
      stackable: true,
      allowActivityLines: true,
    });
    expect(await service().offers((await shopper()).id)).toEqual([]);
    // a coupon that has not started cannot be locked yet
    expect(await lockError(a.id, ++orderSeq, [{ instanceId: l.id, discount: 100 }])).toEqual({
      code: 'COUPON_UNAVAILABLE',
      details: { instanceId: l.id },
    });
  });

  it('locks only the shopper’s own unused valid coupons, each into one order, all or nothing', async () => {
    const tpl = await createTemplate({ perUserLimit: 5 });
    const a = await shopper();
    const b = await shopper();
    const [c1, c2, c3] = [await claimed(a, tpl.id), await claimed(a, tpl.id), await claimed(a, tpl.id)];
    const order1 = ++orderSeq;
    await lock(a.id, order1, [{ instanceId: c1.id, discount: 2_000 }]);
    expect(await instance(c1.id)).toMatchObject({ status: 'locked', orderId: order1, discount: 2_000 });

    expect(await lockError(a.id, ++orderSeq, [{ instanceId: c1.id, discount: 2_000 }])).toEqual({
      code: 'COUPON_UNAVAILABLE',
      details: { instanceId: c1.id },
    });
    expect(await lockError(b.id, ++orderSeq, [{ instanceId: c2.id, discount: 2_000 }])).toMatchObject({
      code: 'COUPON_UNAVAILABLE',
    });
    expect(
      await lockError(a.id, ++orderSeq, [
        { instanceId: c2.id, discount: 1 },
        { instanceId: c2.id, discount: 1 },
      ]),
    ).toMatchObject({
      code: 'COUPON_UNAVAILABLE',
    });
    // c3 is past its end: c2 was locked first, and the order's transaction rolls it back with the rest
    await setTime('coupon_instances', 'valid_to', c3.id, new Date(Date.now() - 1000));
    expect(
      await lockError(a.id, ++orderSeq, [
        { instanceId: c3.id, discount: 1 },
        { instanceId: c2.id, discount: 1 },
      ]),
    ).toEqual({ code: 'COUPON_UNAVAILABLE', details: { instanceId: c3.id } });
    expect(await instance(c2.id)).toMatchObject({ status: 'unused', orderId: null, discount: 0 });
    expect(await lockError(a.id, ++orderSeq, [{ instanceId: 987654321, discount: 1 }])).toMatchObject({
      code: 'COUPON_UNAVAILABLE',
    });
  });

  it('is used on payment, returned on an unpaid cancel (or expired when over), and counted in stats', async () => {
    const tpl = await createTemplate({ perUserLimit: 5 });
    const a = await shopper();
    const [c1, c2, c3] = [await claimed(a, tpl.id), await claimed(a, tpl.id), await claimed(a, tpl.id)];
    const [o1, o2, o3] = [++orderSeq, ++orderSeq, ++orderSeq];
    await lock(a.id, o1, [{ instanceId: c1.id, discount: 2_000 }]);
    await lock(a.id, o2, [{ instanceId: c2.id, discount: 1_500 }]);
    await lock(a.id, o3, [{ instanceId: c3.id, discount: 1_000 }]);

    await paid(a.id, o1);
    expect(await instance(c1.id)).toMatchObject({ status: 'used', orderId: o1, discount: 2_000 });
    await cancelled(a.id, o2);
    expect(await instance(c2.id)).toMatchObject({ status: 'unused', orderId: null, discount: 0 });
    await setTime('coupon_instances', 'valid_to', c3.id, new Date(Date.now() - 1000));
    await cancelled(a.id, o3);
    expect(await instance(c3.id)).toMatchObject({ status: 'expired', orderId: null });

    // late and repeated events change nothing: c2 is in another order now
    const o4 = ++orderSeq;
    await lock(a.id, o4, [{ instanceId: c2.id, discount: 500 }]);
    await cancelled(a.id, o2);
    await paid(a.id, o1);
    expect(await instance(c2.id)).toMatchObject({ status: 'locked', orderId: o4 });
    expect(await instance(c1.id)).toMatchObject({ status: 'used', orderId: o1 });
    await paid(a.id, o4);

    const stats = await t.http
      .get(`/api/admin/coupon-templates/${tpl.id}/stats`)
      .set(auth(tok.finance))
      .expect(200);
    expect(stats.body.data).toEqual({
      templateId: tpl.id,
      issued: 3,
      unused: 0,
      locked: 0,
      used: 2,
      expired: 1,
      remaining: null,
      discountGiven: 2_500,
      orders: 2,
      byChannel: { claim_center: 3 },
      codes: { generated: 0, redeemed: 0 },
    });
  });

  it('comes back on a full refund when the template says so and it is still valid; never on a partial one', async () => {
    const returning = await createTemplate({ perUserLimit: 5 });
    const keeping = await createTemplate({ perUserLimit: 5, returnOnRefund: false });
    const a = await shopper();
    const r1 = await claimed(a, returning.id);
    const r2 = await claimed(a, returning.id);
    const r3 = await claimed(a, returning.id);
    const r4 = await claimed(a, returning.id);
    const k1 = await claimed(a, keeping.id);
    const [o1, o2, o3, o4, o5] = [++orderSeq, ++orderSeq, ++orderSeq, ++orderSeq, ++orderSeq];
    await lock(a.id, o1, [{ instanceId: r1.id, discount: 100 }]);
    await lock(a.id, o2, [{ instanceId: r2.id, discount: 100 }]);
    await lock(a.id, o3, [{ instanceId: r3.id, discount: 100 }]);
    await lock(a.id, o4, [{ instanceId: k1.id, discount: 100 }]);
    await lock(a.id, o5, [{ instanceId: r4.id, discount: 100 }]);
    for (const o of [o1, o2, o3, o4]) await paid(a.id, o);

    await refunded(a.id, o1, true);
    expect(await instance(r1.id)).toMatchObject({ status: 'unused', orderId: null, discount: 0 });
    await refunded(a.id, o2, false);
    expect(await instance(r2.id)).toMatchObject({ status: 'used', orderId: o2 });
    await setTime('coupon_instances', 'valid_to', r3.id, new Date(Date.now() - 1000));
    await refunded(a.id, o3, true);
    expect(await instance(r3.id)).toMatchObject({ status: 'used', orderId: o3 });
    await refunded(a.id, o4, true);
    expect(await instance(k1.id)).toMatchObject({ status: 'used', orderId: o4 });
    // the refund handled before the payment (events of one order come in any order): returned, and the late
    // payment event finds nothing locked
    await refunded(a.id, o5, true);
    expect(await instance(r4.id)).toMatchObject({ status: 'unused', orderId: null });
    await paid(a.id, o5);
    expect(await instance(r4.id)).toMatchObject({ status: 'unused', orderId: null });
    // the returned coupon is usable again
    await lock(a.id, ++orderSeq, [{ instanceId: r1.id, discount: 100 }]);
  });

  it('expires unused coupons past their end with the cron job, leaving locked and used ones alone', async () => {
    const tpl = await createTemplate({ perUserLimit: 5, validity: { type: 'relative', days: 1 } });
    const a = await shopper();
    const [u, l, x] = [await claimed(a, tpl.id), await claimed(a, tpl.id), await claimed(a, tpl.id)];
    await lock(a.id, ++orderSeq, [{ instanceId: l.id, discount: 1 }]);
    const later = new Date(Date.now() + 3 * DAY);
    const counts = await runExpiry(later);
    expect(counts.expired).toBeGreaterThanOrEqual(2);
    expect((await instance(u.id)).status).toBe('expired');
    expect((await instance(x.id)).status).toBe('expired');
    expect((await instance(l.id)).status).toBe('locked');
    expect((await runExpiry(later)).expired ?? 0).toBe(0);
  });
});

describe('my coupons', () => {
  it('shows the coupons by tab with the inputs of the validity text, and counts the tabs', async () => {
    const tpl = await createTemplate({ name: '我的券', perUserLimit: 5 });
    const a = await shopper();
    const [free, held, spent, over] = [
      await claimed(a, tpl.id),
      await claimed(a, tpl.id),
      await claimed(a, tpl.id),
      await claimed(a, tpl.id),
    ];
    const o1 = ++orderSeq;
    await lock(a.id, o1, [{ instanceId: held.id, discount: 100 }]);
    const o2 = ++orderSeq;
    await lock(a.id, o2, [{ instanceId: spent.id, discount: 100 }]);
    await paid(a.id, o2);
    // over, but the expiry job has not run yet: shown as expired already
    await setTime('coupon_instances', 'valid_to', over.id, new Date(Date.now() - 1000));

    const tab = async (status: string) =>
      (await t.http.get(`/api/shop/coupons?status=${status}`).set(auth(a.token)).expect(200)).body
        .data as MyCoupon[];
    const unused = await tab('unused');
    expect(unused.map((c) => [c.id, c.status, c.orderId])).toEqual(
      expect.arrayContaining([
        [free.id, 'unused', null],
        [held.id, 'locked', o1],
      ]),
    );
    expect(unused).toHaveLength(2);
    expect(unused[0]).toMatchObject({
      name: '我的券',
      threshold: 10_000,
      amountOff: 2_000,
      daysLeft: 8,
      notStarted: false,
    });
    const used = await tab('used');
    expect(used.map((c) => [c.id, c.status, c.orderId])).toEqual([[spent.id, 'used', o2]]);
    expect(used[0].usedAt).toEqual(expect.any(String));
    const expired = await tab('expired');
    expect(expired.map((c) => [c.id, c.status, c.daysLeft])).toEqual([[over.id, 'expired', 0]]);
    const summary = await t.http.get('/api/shop/coupons/summary').set(auth(a.token)).expect(200);
    expect(summary.body.data).toEqual({ unused: 2, used: 1, expired: 1 });
    // nobody else's
    const b = await shopper();
    expect((await t.http.get('/api/shop/coupons').set(auth(b.token)).expect(200)).body.data).toEqual([]);
    expect((await t.http.get('/api/shop/coupons?status=lost').set(auth(b.token))).status).toBe(400);
  });

  it('puts the coupons in the data export, and expires unused ones when the account is deleted', async () => {
    const tpl = await createTemplate({ name: '导出券' });
    const a = await shopper();
    const c = await claimed(a, tpl.id);
    const exported = await t.http.get('/api/shop/me/export').set(auth(a.token)).expect(200);
    expect(exported.body.data.sections.coupons).toEqual([
      expect.objectContaining({ id: c.id, name: '导出券', status: 'unused', channel: 'claim_center' }),
    ]);
    await t.http.post('/api/shop/me/delete').set(auth(a.token)).send({ confirm: '注销' }).expect(204);
    expect((await instance(c.id)).status).toBe('expired');
  });
});

/**
 * Points through the HTTP API: settings, manual adjustments (audited), the shopper's balance and ledger,
 * the merchant's ledger views, and bad input refused with stable codes and nothing written
 * (MariaDB + Redis, and SQLite + memory).
 */
import { QueryTypes } from 'sequelize';
import { startTestApp, type TestApp } from '../support/app';
import { expectLedgerInvariant } from '../support/points';

let t: TestApp;
const tokens = { owner: '', operator: '', finance: '', service: '' };

const auth = (token: string) => ({ Authorization: `Bearer ${token}`, 'X-Forwarded-For': t.nextIp() });

async function count(table: string, where = '1 = 1'): Promise<number> {
  const [row] = await t.platform.sequelize.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`,
    {
      type: QueryTypes.SELECT,
    },
  );
  return Number(row.n);
}

/** Everything a refused request must leave as it was. */
async function snapshot() {
  return {
    ledger: await count('points_ledger'),
    balances: await t.platform.sequelize.query(
      'SELECT shopper_id, balance FROM points_balances ORDER BY shopper_id',
      {
        type: QueryTypes.SELECT,
      },
    ),
    settings: (await t.http.get('/api/admin/points/settings').set(auth(tokens.owner)).expect(200)).body.data,
    audit: await count('audit_logs'),
  };
}

const adjust = (token: string, shopperId: number, body: object) =>
  t.http.post(`/api/admin/points/shoppers/${shopperId}/adjustments`).set(auth(token)).send(body);

beforeAll(async () => {
  t = await startTestApp();
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = await t.adminToken(role);
});
afterAll(() => t.close());
afterEach(() => expectLedgerInvariant(t.platform.sequelize));

describe('settings', () => {
  it('starts at the RULES §9 defaults, and a patch by the operator changes only what it names (audited)', async () => {
    const shown = await t.http.get('/api/admin/points/settings').set(auth(tokens.operator)).expect(200);
    expect(shown.body.data).toEqual({
      enabled: true,
      pointsPerYuan: 100,
      maxPermille: 500,
      minPoints: 0,
      earnPerYuan: 1,
    });
    const patched = await t.http
      .patch('/api/admin/points/settings')
      .set(auth(tokens.operator))
      .send({ maxPermille: 300, minPoints: 200 })
      .expect(200);
    expect(patched.body.data).toEqual({
      enabled: true,
      pointsPerYuan: 100,
      maxPermille: 300,
      minPoints: 200,
      earnPerYuan: 1,
    });
    const points = (
      t.modules.find((m) => m.name === 'points') as unknown as {
        service: { settings(): Promise<unknown> };
      }
    ).service;
    expect(await points.settings()).toMatchObject({ maxPermille: 300, minPoints: 200 });
    const [audit] = await t.platform.sequelize.query<{ before_json: string; after_json: string }>(
      "SELECT before_json, after_json FROM audit_logs WHERE action = 'points_settings.update' ORDER BY id DESC",
      { type: QueryTypes.SELECT },
    );
    expect(JSON.parse(audit.before_json)).toMatchObject({ maxPermille: 500, minPoints: 0 });
    expect(JSON.parse(audit.after_json)).toMatchObject({ maxPermille: 300, minPoints: 200 });
    // back to the defaults for the other tests
    await t.http
      .patch('/api/admin/points/settings')
      .set(auth(tokens.owner))
      .send({ maxPermille: 500, minPoints: 0 })
      .expect(200);
  });

  it('refuses out-of-range or empty patches with VALIDATION_FAILED and changes nothing', async () => {
    const before = await snapshot();
    const bad: object[] = [
      {},
      { pointsPerYuan: 0 },
      { pointsPerYuan: 1.5 },
      { maxPermille: 1001 },
      { maxPermille: -1 },
      { minPoints: -5 },
      { earnPerYuan: 101 },
      { enabled: 'yes' },
    ];
    for (const body of bad) {
      const res = await t.http.patch('/api/admin/points/settings').set(auth(tokens.owner)).send(body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets only the owner and the operator see or change the settings', async () => {
    for (const role of ['finance', 'service'] as const) {
      const get = await t.http.get('/api/admin/points/settings').set(auth(tokens[role]));
      const patch = await t.http
        .patch('/api/admin/points/settings')
        .set(auth(tokens[role]))
        .send({ enabled: false });
      expect([get.status, patch.status, patch.body.error.code]).toEqual([403, 403, 'FORBIDDEN']);
    }
    expect((await t.http.get('/api/admin/points/settings').set(auth(tokens.owner))).body.data.enabled).toBe(
      true,
    );
  });
});

describe('adjustments and ledgers', () => {
  it('credits and debits by hand with a reason: ledger row, balance, audit; the shopper sees it', async () => {
    const s = await t.shopperToken();
    const credited = await adjust(tokens.owner, s.id, { delta: 500, reason: '客服补偿' }).expect(201);
    expect(credited.body.data).toMatchObject({
      shopperId: s.id,
      delta: 500,
      balanceAfter: 500,
      reason: 'adjust',
      refType: null,
      refId: null,
      note: '客服补偿',
    });
    const debited = await adjust(tokens.finance, s.id, { delta: -120, reason: '误发扣回' }).expect(201);
    expect(debited.body.data).toMatchObject({ delta: -120, balanceAfter: 380 });

    const mine = await t.http.get('/api/shop/points').set(auth(s.token)).expect(200);
    expect(mine.body.data).toEqual({
      balance: 380,
      enabled: true,
      pointsPerYuan: 100,
      maxPermille: 500,
      minPoints: 0,
      earnPerYuan: 1,
    });
    const ledger = await t.http.get('/api/shop/points/ledger').set(auth(s.token)).expect(200);
    expect(ledger.body.meta).toEqual({ page: 1, pageSize: 20, total: 2 });
    expect(
      ledger.body.data.map((e: { delta: number; balanceAfter: number; note: string }) => [
        e.delta,
        e.balanceAfter,
        e.note,
      ]),
    ).toEqual([
      [-120, 380, '误发扣回'],
      [500, 500, '客服补偿'],
    ]);
    expect(ledger.body.data[0]).not.toHaveProperty('actorId');

    const summary = await t.http
      .get(`/api/admin/points/shoppers/${s.id}`)
      .set(auth(tokens.service))
      .expect(200);
    expect(summary.body.data).toEqual({ shopperId: s.id, balance: 380, earnedTotal: 500, spentTotal: 120 });

    const audits = await t.platform.sequelize.query<{
      actor_id: number;
      subject_id: string;
      after_json: string;
    }>(
      "SELECT actor_id, subject_id, after_json FROM audit_logs WHERE action = 'points.adjust' AND subject_id = :id ORDER BY id",
      { replacements: { id: String(s.id) }, type: QueryTypes.SELECT },
    );
    expect(audits.map((a) => JSON.parse(a.after_json))).toEqual([
      { balance: 500, delta: 500, reason: '客服补偿' },
      { balance: 380, delta: -120, reason: '误发扣回' },
    ]);
  });

  it('never debits below 0 by hand (POINTS_INSUFFICIENT) and writes nothing', async () => {
    const s = await t.shopperToken();
    await adjust(tokens.owner, s.id, { delta: 100, reason: '活动奖励' }).expect(201);
    const before = await snapshot();
    const res = await adjust(tokens.owner, s.id, { delta: -101, reason: '扣回' });
    expect([res.status, res.body.error.code, res.body.error.details]).toEqual([
      422,
      'POINTS_INSUFFICIENT',
      { points: 101, balance: 100 },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad adjustments with stable codes and writes nothing', async () => {
    const s = await t.shopperToken();
    const before = await snapshot();
    const cases: [number, object, number, string][] = [
      [s.id, { delta: 0, reason: '零' }, 400, 'VALIDATION_FAILED'],
      [s.id, { delta: 10 }, 400, 'VALIDATION_FAILED'],
      [s.id, { delta: 10, reason: '   ' }, 400, 'VALIDATION_FAILED'],
      [s.id, { delta: 1.5, reason: '小数' }, 400, 'VALIDATION_FAILED'],
      [s.id, { delta: '10', reason: '字符串' }, 400, 'VALIDATION_FAILED'],
      [s.id, { delta: 200_000_000, reason: '太多' }, 400, 'VALIDATION_FAILED'],
      [s.id, { delta: 10, reason: 'x'.repeat(201) }, 400, 'VALIDATION_FAILED'],
      [987654321, { delta: 10, reason: '没有这个人' }, 404, 'NOT_FOUND'],
    ];
    for (const [id, body, status, code] of cases) {
      const res = await adjust(tokens.owner, id, body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status, code });
    }
    const operator = await adjust(tokens.operator, s.id, { delta: 10, reason: '运营不可调' });
    expect([operator.status, operator.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const service = await adjust(tokens.service, s.id, { delta: 10, reason: '客服不可调' });
    expect(service.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('pages the ledger newest first, filters by reason, and shows each shopper only their own', async () => {
    const s = await t.shopperToken();
    const other = await t.shopperToken();
    for (let i = 1; i <= 5; i++)
      await adjust(tokens.owner, s.id, { delta: i * 10, reason: `第${i}次` }).expect(201);
    await adjust(tokens.owner, other.id, { delta: 7, reason: '别人的' }).expect(201);

    const page2 = await t.http
      .get('/api/shop/points/ledger?page=2&pageSize=2')
      .set(auth(s.token))
      .expect(200);
    expect(page2.body.meta).toEqual({ page: 2, pageSize: 2, total: 5 });
    expect(page2.body.data.map((e: { delta: number }) => e.delta)).toEqual([30, 20]);
    const earned = await t.http.get('/api/shop/points/ledger?reason=earn').set(auth(s.token)).expect(200);
    expect(earned.body.meta.total).toBe(0);
    const badReason = await t.http.get('/api/shop/points/ledger?reason=gift').set(auth(s.token));
    expect([badReason.status, badReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const tooBig = await t.http.get('/api/shop/points/ledger?pageSize=1000').set(auth(s.token));
    expect(tooBig.status).toBe(400);

    const theirs = await t.http.get('/api/shop/points/ledger').set(auth(other.token)).expect(200);
    expect(theirs.body.data.map((e: { delta: number }) => e.delta)).toEqual([7]);
    expect((await t.http.get('/api/shop/points').set(auth(other.token))).body.data.balance).toBe(7);

    const admin = await t.http
      .get(`/api/admin/points/ledger?shopperId=${s.id}&pageSize=3`)
      .set(auth(tokens.finance))
      .expect(200);
    expect(admin.body.meta.total).toBe(5);
    expect(admin.body.data.map((e: { delta: number; shopperId: number }) => [e.delta, e.shopperId])).toEqual([
      [50, s.id],
      [40, s.id],
      [30, s.id],
    ]);
    expect(admin.body.data[0].actorId).toEqual(expect.any(Number));
    const missing = await t.http.get('/api/admin/points/shoppers/987654321').set(auth(tokens.owner));
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers a shopper without points with a zero balance and an empty ledger', async () => {
    const s = await t.shopperToken();
    expect((await t.http.get('/api/shop/points').set(auth(s.token)).expect(200)).body.data.balance).toBe(0);
    const ledger = await t.http.get('/api/shop/points/ledger').set(auth(s.token)).expect(200);
    expect([ledger.body.data, ledger.body.meta.total]).toEqual([[], 0]);
    const anonymous = await t.http.get('/api/shop/points').set('X-Forwarded-For', t.nextIp());
    expect(anonymous.status).toBe(401);
  });

  it("puts the ledger into the shopper's data export", async () => {
    const s = await t.shopperToken();
    await adjust(tokens.owner, s.id, { delta: 66, reason: '导出测试' }).expect(201);
    const exported = await t.http.get('/api/shop/me/export').set(auth(s.token)).expect(200);
    const section = exported.body.data.sections.points;
    expect(section.balance).toBe(66);
    expect(section.ledger).toEqual([
      expect.objectContaining({ delta: 66, reason: 'adjust', note: '导出测试' }),
    ]);
  });
});

/**
 * Distribution through the HTTP API with real orders (virtual products paid in the sandbox, refunded through
 * after-sales) and real outbox events through a real dispatcher, on MariaDB + Redis and on SQLite + memory:
 * applying in the three modes, freezing, levels (team size alone refused, automatic upgrades), binding (first
 * touch with each lock, self binding and cycles refused, history), commission (rates shop → level → product
 * → SKU, two levels and never a third, self-purchase, membership and top-up orders pay nothing, refunds before
 * and after the thaw, duplicated and reordered events), withdrawals in the sandbox (limits, fee, review,
 * confirmation, decline, expiry). The ledger invariant is checked after every test.
 */
import { startTestApp, type TestApp } from '../support/app';
import { withTransaction } from '../../src/platform/db/tx';
import type { EventName, EventPayload } from '../../src/platform/events/catalog';
import {
  balanceOf,
  bind,
  buy,
  call,
  commissionsOf,
  dist,
  drain,
  eventually,
  expectError,
  expectInvariant,
  newDistributor,
  openShare,
  refund,
  rows,
  setSettings,
  startQueues,
  virtualProduct,
} from './distribution-support';

let t: TestApp;
const token = { owner: '', operator: '', finance: '', service: '' };
const DAY = 86_400_000;

const later = (days: number) => new Date(Date.now() + days * DAY);
const thaw = (days = 8) => dist(t).commissions.thawDue(later(days));

function emit<N extends EventName>(name: N, payload: EventPayload<N>) {
  return withTransaction(t.platform.sequelize, (tx) => t.platform.outbox.emit(tx, name, payload));
}

async function giveBalance(distributorId: number, delta: number) {
  await call(
    t,
    token.finance,
    'post',
    `/api/admin/distribution/distributors/${distributorId}/adjustments`,
    { delta, reason: '测试' },
    201,
  );
}

const DEFAULTS = {
  enabled: true,
  applyMode: 'approval',
  bindLock: 'permanent',
  level1Bps: 1000,
  level2Bps: 500,
  selfPurchase: false,
  thawMode: 'days',
  thawDays: 7,
  withdrawMin: 100,
  withdrawMaxPerRequest: 50_000,
  withdrawDailyAmount: 100_000,
  withdrawDailyCount: 10,
  withdrawFeePermille: 0,
  withdrawAutoApprove: false,
};

beforeAll(async () => {
  t = await startTestApp();
  await startQueues(t);
  for (const role of Object.keys(token) as (keyof typeof token)[]) token[role] = await t.adminToken(role);
});
afterAll(() => t.close());
beforeEach(async () => {
  await setSettings(t, DEFAULTS);
});
afterEach(async () => {
  await drain(t);
  await expectInvariant(t);
});

describe('becoming a distributor', () => {
  it('everyone mode: at once, and only once', async () => {
    await setSettings(t, { applyMode: 'everyone' });
    const s = await t.shopperToken();
    expect(await call(t, s.token, 'post', '/api/shop/distribution/apply', {}, 201)).toEqual({
      status: 'active',
      application: null,
    });
    await expectError(t, s.token, 'post', '/api/shop/distribution/apply', {}, 409, 'DISTRIBUTOR_EXISTS');
    expect((await call(t, s.token, 'get', '/api/shop/distribution')).status).toBe('active');
  });

  it('approval mode: an application, one at a time, rejected with a reason, then approved', async () => {
    const s = await t.shopperToken();
    const first = await call(
      t,
      s.token,
      'post',
      '/api/shop/distribution/apply',
      { realName: '王芳', phone: '13800000001' },
      201,
    );
    expect(first).toMatchObject({ status: 'pending', application: { status: 'pending', realName: '王芳' } });
    await expectError(
      t,
      s.token,
      'post',
      '/api/shop/distribution/apply',
      {},
      409,
      'DISTRIBUTION_APPLICATION_PENDING',
    );
    expect((await call(t, s.token, 'get', '/api/shop/distribution')).status).toBe('pending');
    const id = first.application.id;
    await expectError(
      t,
      token.finance,
      'post',
      `/api/admin/distribution/applications/${id}/reject`,
      { reason: 'x' },
      403,
      'FORBIDDEN',
    );
    const rejected = await call(
      t,
      token.operator,
      'post',
      `/api/admin/distribution/applications/${id}/reject`,
      { reason: '资料不全' },
    );
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '资料不全' });
    await expectError(
      t,
      token.operator,
      'post',
      `/api/admin/distribution/applications/${id}/approve`,
      undefined,
      409,
      'ILLEGAL_TRANSITION',
    );
    const center = await call(t, s.token, 'get', '/api/shop/distribution');
    expect(center).toMatchObject({
      status: 'none',
      application: { status: 'rejected', rejectReason: '资料不全' },
    });
    const again = await call(
      t,
      s.token,
      'post',
      '/api/shop/distribution/apply',
      { realName: '王芳', phone: '13800000001' },
      201,
    );
    const list = await call(t, token.service, 'get', '/api/admin/distribution/applications?status=pending');
    expect(list.map((a: { id: number }) => a.id)).toContain(again.application.id);
    await call(
      t,
      token.operator,
      'post',
      `/api/admin/distribution/applications/${again.application.id}/approve`,
    );
    expect(await call(t, s.token, 'get', '/api/shop/distribution')).toMatchObject({
      status: 'active',
      profile: { realName: '王芳', phone: '13800000001', level: null },
    });
    const audit = await rows(
      t,
      "SELECT action FROM audit_logs WHERE action LIKE 'distribution_application.%' ORDER BY id",
    );
    expect(audit.map((a) => (a as { action: string }).action)).toEqual(
      expect.arrayContaining(['distribution_application.reject', 'distribution_application.approve']),
    );
  });

  it('spend mode: refused below the threshold (goods paid minus refunds), accepted above it', async () => {
    await setSettings(t, { applyMode: 'spend', spendThreshold: 10_000 });
    const { skuIds } = await virtualProduct(t, [6000]);
    const s = await t.shopperToken();
    const err = await expectError(
      t,
      s.token,
      'post',
      '/api/shop/distribution/apply',
      {},
      422,
      'DISTRIBUTION_SPEND_NOT_REACHED',
    );
    expect(err.details).toEqual({ spend: 0, threshold: 10_000 });
    const order = await buy(t, s, [{ skuId: skuIds[0], quantity: 2 }]);
    await drain(t);
    expect((await call(t, s.token, 'get', '/api/shop/distribution')).spend).toBe(12_000);
    await refund(t, s, order.id, order.lines[0].id, 1);
    await drain(t);
    expect((await call(t, s.token, 'get', '/api/shop/distribution')).spend).toBe(6000);
    await expectError(
      t,
      s.token,
      'post',
      '/api/shop/distribution/apply',
      {},
      422,
      'DISTRIBUTION_SPEND_NOT_REACHED',
    );
    await buy(t, s, [{ skuId: skuIds[0], quantity: 1 }]);
    await drain(t);
    expect(await call(t, s.token, 'post', '/api/shop/distribution/apply', {}, 201)).toMatchObject({
      status: 'active',
    });
  });

  it('a frozen distributor cannot apply, withdraw or be bound to; unfrozen they can', async () => {
    const a = await newDistributor(t);
    await giveBalance(a.id, 1000);
    const frozen = await call(
      t,
      token.operator,
      'post',
      `/api/admin/distribution/distributors/${a.id}/freeze`,
      { reason: '刷单' },
    );
    expect(frozen).toMatchObject({ status: 'frozen', freezeReason: '刷单' });
    await expectError(t, a.token, 'post', '/api/shop/distribution/apply', {}, 422, 'DISTRIBUTOR_FROZEN');
    await expectError(
      t,
      a.token,
      'post',
      '/api/shop/distribution/withdrawals',
      { amount: 500 },
      422,
      'DISTRIBUTOR_FROZEN',
    );
    const visitor = await t.shopperToken();
    expect(await openShare(t, a, visitor)).toEqual({
      status: 'refused',
      parentId: null,
      code: 'DISTRIBUTOR_FROZEN',
    });
    expect((await call(t, a.token, 'get', '/api/shop/distribution')).status).toBe('frozen');
    await call(t, token.operator, 'post', `/api/admin/distribution/distributors/${a.id}/unfreeze`);
    expect(await openShare(t, a, visitor)).toEqual({ status: 'bound', parentId: a.id, code: null });
  });
});

describe('levels', () => {
  it('refuses team size as the only upgrade condition, and a grade twice', async () => {
    const err = await expectError(
      t,
      token.operator,
      'post',
      '/api/admin/distribution/levels',
      { name: '团长', grade: 90, minTeamSize: 10 },
      422,
      'DISTRIBUTION_LEVEL_CONDITION',
    );
    expect(err.details).toEqual({ rule: 'team_size_alone' });
    const ok = await call(
      t,
      token.operator,
      'post',
      '/api/admin/distribution/levels',
      { name: '团长', grade: 90, minTeamSize: 10, minTeamSpend: 100_000 },
      201,
    );
    expect(ok).toMatchObject({
      name: '团长',
      grade: 90,
      minTeamSize: 10,
      minTeamSpend: 100_000,
      level1Bps: null,
    });
    await expectError(
      t,
      token.operator,
      'post',
      '/api/admin/distribution/levels',
      { name: '重复', grade: 90, minOwnSpend: 1 },
      409,
      'CONFLICT',
    );
    await expectError(
      t,
      token.operator,
      'put',
      `/api/admin/distribution/levels/${ok.id}`,
      { name: '团长', grade: 90, minTeamSize: 5 },
      422,
      'DISTRIBUTION_LEVEL_CONDITION',
    );
    await call(t, token.operator, 'delete', `/api/admin/distribution/levels/${ok.id}`, undefined, 204);
  });

  it('upgrades a distributor automatically when every condition holds, and pays at the level rate after', async () => {
    const level = await call(
      t,
      token.operator,
      'post',
      '/api/admin/distribution/levels',
      {
        name: '银牌',
        grade: 10,
        level1Bps: 2000,
        minTeamOrders: 2,
        minTeamSize: 1,
      },
      201,
    );
    const a = await newDistributor(t);
    const buyer = await t.shopperToken();
    await bind(t, a, buyer);
    const { skuIds } = await virtualProduct(t, [1000]);
    const first = await buy(t, buyer, [{ skuId: skuIds[0], quantity: 1 }]);
    await drain(t);
    expect(
      (await call(t, token.service, 'get', `/api/admin/distribution/distributors/${a.id}`)).levelId,
    ).toBeNull();
    expect((await commissionsOf(t, first.id))[0]).toMatchObject({ amount: 100, rate_source: 'shop' });
    await buy(t, buyer, [{ skuId: skuIds[0], quantity: 1 }]);
    await drain(t);
    const detail = await call(t, token.service, 'get', `/api/admin/distribution/distributors/${a.id}`);
    expect(detail).toMatchObject({
      levelId: level.id,
      levelName: '银牌',
      facts: { teamOrders: 2, teamSize: 1, teamSpend: 2000 },
    });
    const third = await buy(t, buyer, [{ skuId: skuIds[0], quantity: 1 }]);
    await drain(t);
    expect((await commissionsOf(t, third.id))[0]).toMatchObject({
      amount: 200,
      rate_source: 'level',
      rate_value: 2000,
    });
    await call(t, token.operator, 'delete', `/api/admin/distribution/levels/${level.id}`, undefined, 204);
  });
});

describe('binding', () => {
  it('first touch, permanent by default: self binding and a second promoter are refused with clear codes', async () => {
    const a = await newDistributor(t);
    const b = await newDistributor(t);
    const plain = await t.shopperToken();
    const c = await t.shopperToken();
    expect(await openShare(t, plain, c)).toEqual({
      status: 'refused',
      parentId: null,
      code: 'DISTRIBUTOR_REQUIRED',
    });
    expect(await openShare(t, a, a)).toEqual({
      status: 'refused',
      parentId: null,
      code: 'DISTRIBUTION_SELF_BINDING',
    });
    expect(await openShare(t, a, c)).toEqual({ status: 'bound', parentId: a.id, code: null });
    expect(await openShare(t, a, c)).toEqual({ status: 'unchanged', parentId: a.id, code: null });
    expect(await openShare(t, b, c)).toEqual({
      status: 'unchanged',
      parentId: a.id,
      code: 'DISTRIBUTION_ALREADY_BOUND',
    });
    const rel = await call(t, token.service, 'get', `/api/admin/distribution/relations/${c.id}`);
    expect(rel).toMatchObject({
      parentId: a.id,
      history: [{ fromParentId: null, toParentId: a.id, reason: 'first_touch' }],
    });
    expect((await call(t, c.token, 'get', '/api/shop/distribution')).parent).toMatchObject({ id: a.id });
  });

  it('refuses cycles of any length, through shares and by hand', async () => {
    const a = await newDistributor(t);
    const b = await newDistributor(t);
    const c = await newDistributor(t);
    await bind(t, a, b);
    await bind(t, b, c);
    expect(await openShare(t, b, a)).toEqual({
      status: 'refused',
      parentId: null,
      code: 'DISTRIBUTION_BINDING_CYCLE',
    });
    expect(await openShare(t, c, a)).toEqual({
      status: 'refused',
      parentId: null,
      code: 'DISTRIBUTION_BINDING_CYCLE',
    });
    await expectError(
      t,
      token.operator,
      'put',
      `/api/admin/distribution/relations/${a.id}`,
      { parentId: c.id },
      422,
      'DISTRIBUTION_BINDING_CYCLE',
    );
    await expectError(
      t,
      token.operator,
      'put',
      `/api/admin/distribution/relations/${a.id}`,
      { parentId: a.id },
      422,
      'DISTRIBUTION_SELF_BINDING',
    );
    // by hand the lock does not apply: c moves to a directly, history kept
    const moved = await call(t, token.operator, 'put', `/api/admin/distribution/relations/${c.id}`, {
      parentId: a.id,
    });
    expect(moved).toMatchObject({
      parentId: a.id,
      history: [{ fromParentId: b.id, toParentId: a.id, reason: 'admin' }, { toParentId: b.id }],
    });
    const cleared = await call(t, token.operator, 'put', `/api/admin/distribution/relations/${c.id}`, {
      parentId: null,
    });
    expect(cleared.parentId).toBeNull();
  });

  it('a lock of N days: kept inside it, taken by the next promoter after it', async () => {
    await setSettings(t, { bindLock: 'days', bindLockDays: 3 });
    const a = await newDistributor(t);
    const b = await newDistributor(t);
    const c = await t.shopperToken();
    await bind(t, a, c);
    const [rel] = await rows<{ lock_until: unknown }>(
      t,
      'SELECT lock_until FROM distribution_relations WHERE shopper_id = :id',
      { id: c.id },
    );
    expect(rel.lock_until).not.toBeNull();
    expect(await openShare(t, b, c)).toMatchObject({
      status: 'unchanged',
      parentId: a.id,
      code: 'DISTRIBUTION_ALREADY_BOUND',
    });
    // four days later
    await t.platform.sequelize.query(
      'UPDATE distribution_relations SET lock_until = :past WHERE shopper_id = :id',
      {
        replacements: { id: c.id, past: new Date(Date.now() - DAY) },
      },
    );
    expect(await openShare(t, b, c)).toEqual({ status: 'bound', parentId: b.id, code: null });
    const history = (await call(t, token.service, 'get', `/api/admin/distribution/relations/${c.id}`))
      .history;
    expect(history.map((h: { reason: string }) => h.reason)).toEqual(['lock_expired', 'first_touch']);
  });

  it('last touch: the latest promoter whose share was opened; everyone mode makes a sharer a promoter', async () => {
    await setSettings(t, { bindLock: 'last_touch', applyMode: 'everyone' });
    const a = await t.shopperToken();
    const b = await t.shopperToken();
    const c = await t.shopperToken();
    expect(await openShare(t, a, c)).toMatchObject({ status: 'bound', parentId: a.id });
    expect(await openShare(t, b, c)).toMatchObject({ status: 'bound', parentId: b.id });
    expect((await call(t, a.token, 'get', '/api/shop/distribution')).status).toBe('active');
    const history = (await call(t, token.service, 'get', `/api/admin/distribution/relations/${c.id}`))
      .history;
    expect(history.map((h: { reason: string; toParentId: number }) => [h.reason, h.toParentId])).toEqual([
      ['last_touch', b.id],
      ['first_touch', a.id],
    ]);
  });

  it('binds nobody while distribution is switched off', async () => {
    await setSettings(t, { enabled: false });
    const a = await newDistributor(t);
    const c = await t.shopperToken();
    expect(await openShare(t, a, c)).toEqual({
      status: 'refused',
      parentId: null,
      code: 'DISTRIBUTION_DISABLED',
    });
  });
});

describe('commission', () => {
  let top: { token: string; id: number };
  let mid: { token: string; id: number };
  let buyer: { token: string; id: number };
  let price3333: number;

  beforeAll(async () => {
    await setSettings(t, DEFAULTS);
    top = await newDistributor(t);
    mid = await newDistributor(t);
    buyer = await t.shopperToken();
    await bind(t, top, mid);
    await bind(t, mid, buyer);
    price3333 = (await virtualProduct(t, [3333])).skuIds[0];
  });

  it('pays two levels on the line after discounts, at the shop rates, frozen on receipt, snapshotted', async () => {
    const order = await buy(t, buyer, [{ skuId: price3333, quantity: 3 }]);
    await drain(t);
    const entries = await commissionsOf(t, order.id);
    // 9999 × 10% = 999.9 → 1000; × 5% = 499.95 → 500 (half up)
    expect(
      entries.map((e) => [
        e.level,
        e.beneficiary_id,
        e.base_amount,
        e.rate_source,
        e.rate_mode,
        e.rate_value,
        e.amount,
        e.status,
      ]),
    ).toEqual([
      [1, mid.id, 9999, 'shop', 'ratio', 1000, 1000, 'frozen'],
      [2, top.id, 9999, 'shop', 'ratio', 500, 500, 'frozen'],
    ]);
    // a rate change later does not touch the snapshot
    await setSettings(t, { level1Bps: 3000 });
    await drain(t);
    expect((await commissionsOf(t, order.id))[0].amount).toBe(1000);
    const center = await call(t, mid.token, 'get', '/api/shop/distribution');
    expect(center.earnings).toMatchObject({ frozen: 1000, pending: 0, available: 0 });
    expect(center.team).toEqual({ level1: 1, level2: 0 });
    const list = await call(t, mid.token, 'get', `/api/shop/distribution/commissions?level=1`);
    expect(list[0]).toMatchObject({
      orderId: order.id,
      amount: 1000,
      netAmount: 1000,
      status: 'frozen',
      buyerId: buyer.id,
    });
    const team = await call(t, top.token, 'get', '/api/shop/distribution/team?level=2');
    expect(team.find((m: { shopperId: number }) => m.shopperId === buyer.id)).toMatchObject({
      orders: expect.any(Number),
      level: 2,
      parentId: mid.id,
    });
  });

  it('never pays a third level', async () => {
    const low = await newDistributor(t);
    // low under mid (so: low's buyers → low, mid; never top)
    await call(t, token.operator, 'put', `/api/admin/distribution/relations/${low.id}`, { parentId: mid.id });
    const deep = await t.shopperToken();
    await bind(t, low, deep);
    const order = await buy(t, deep, [{ skuId: price3333, quantity: 1 }]);
    await drain(t);
    const entries = await commissionsOf(t, order.id);
    expect(entries.map((e) => [e.level, e.beneficiary_id])).toEqual([
      [1, low.id],
      [2, mid.id],
    ]);
    expect(entries.some((e) => e.beneficiary_id === top.id)).toBe(false);
  });

  it('rates: a distributor level, then product and SKU rows (ratio, fixed per unit capped, none) override', async () => {
    const level = await call(
      t,
      token.operator,
      'post',
      '/api/admin/distribution/levels',
      { name: '金牌', grade: 20, level1Bps: 2000, level2Bps: 800 },
      201,
    );
    await call(t, token.operator, 'put', `/api/admin/distribution/distributors/${mid.id}/level`, {
      levelId: level.id,
    });
    const byLevel = await buy(t, buyer, [{ skuId: price3333, quantity: 1 }]);
    await drain(t);
    expect((await commissionsOf(t, byLevel.id)).map((e) => [e.level, e.rate_source, e.amount])).toEqual([
      [1, 'level', 667], // 3333 × 20% = 666.6
      [2, 'shop', 167], // top has no level: 3333 × 5% = 166.65
    ]);

    const { productId, skuIds } = await virtualProduct(t, [1000, 120], '费率测试课');
    await call(t, token.operator, 'put', '/api/admin/distribution/product-rates', {
      productId,
      level1: { mode: 'ratio', value: 3000 },
      level2: { mode: 'ratio', value: 1000 },
    });
    await call(t, token.operator, 'put', '/api/admin/distribution/product-rates', {
      productId,
      skuId: skuIds[1],
      level1: { mode: 'fixed', value: 100 },
      level2: { mode: 'fixed', value: 50 },
    });
    const order = await buy(t, buyer, [
      { skuId: skuIds[0], quantity: 2 },
      { skuId: skuIds[1], quantity: 3 },
    ]);
    await drain(t);
    const entries = await commissionsOf(t, order.id);
    const lineOf = (skuId: number) => order.lines.find((l) => l.skuId === skuId)!.id;
    expect(entries.map((e) => [e.order_line_id, e.level, e.rate_source, e.rate_mode, e.amount])).toEqual(
      [
        [lineOf(skuIds[0]), 1, 'product', 'ratio', 600],
        [lineOf(skuIds[0]), 2, 'product', 'ratio', 200],
        // fixed ¥1 + ¥0.5 per unit on 3 × ¥1.20 = 360: level 1 300, level 2 capped at what is left (60)
        [lineOf(skuIds[1]), 1, 'sku', 'fixed', 300],
        [lineOf(skuIds[1]), 2, 'sku', 'fixed', 60],
      ].sort((x, y) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number)),
    );

    const rates = await call(
      t,
      token.service,
      'get',
      `/api/admin/distribution/product-rates?productId=${productId}`,
    );
    await call(t, token.operator, 'put', '/api/admin/distribution/product-rates', {
      productId,
      level1: { mode: 'none' },
      level2: { mode: 'none' },
    });
    await call(
      t,
      token.operator,
      'delete',
      `/api/admin/distribution/product-rates/${rates.find((r: { skuId: number | null }) => r.skuId === skuIds[1]).id}`,
      undefined,
      204,
    );
    const none = await buy(t, buyer, [{ skuId: skuIds[1], quantity: 1 }]);
    await drain(t);
    expect(await commissionsOf(t, none.id)).toEqual([]);
    const [facts] = await rows<{ eligible: number | boolean; reason: string }>(
      t,
      'SELECT eligible, reason FROM distribution_orders WHERE order_id = :id',
      { id: none.id },
    );
    expect(facts.reason).toBe('no_commission');
    await call(t, token.operator, 'put', `/api/admin/distribution/distributors/${mid.id}/level`, {
      levelId: null,
    });
    await call(t, token.operator, 'delete', `/api/admin/distribution/levels/${level.id}`, undefined, 204);
  });

  it('self-purchase: off, the promoter earns level 1; on, the buying distributor does and their promoter level 2', async () => {
    const off = await buy(t, mid, [{ skuId: price3333, quantity: 1 }]);
    await drain(t);
    expect((await commissionsOf(t, off.id)).map((e) => [e.level, e.beneficiary_id])).toEqual([[1, top.id]]);
    await setSettings(t, { selfPurchase: true });
    const on = await buy(t, mid, [{ skuId: price3333, quantity: 1 }]);
    await drain(t);
    expect((await commissionsOf(t, on.id)).map((e) => [e.level, e.beneficiary_id])).toEqual([
      [1, mid.id],
      [2, top.id],
    ]);
  });

  it('pays nothing on membership and top-up orders, nor on orders while distribution is off', async () => {
    for (const kind of ['membership', 'topup']) {
      const orderId = 900_000 + (kind === 'topup' ? 1 : 0);
      const ref = { orderId, orderNo: `M${orderId}`, shopperId: buyer.id, kind };
      await emit('order.placed', {
        ...ref,
        payAmount: 9900,
        lines: [{ orderLineId: orderId * 10, quantity: 1, amount: 9900 }],
      });
      await emit('order.paid', { ...ref, payAmount: 9900, paidAt: new Date().toISOString() });
      await emit('order.received', { ...ref, receivedAt: new Date().toISOString() });
      await drain(t);
      expect(await commissionsOf(t, orderId)).toEqual([]);
      const [facts] = await rows<{ reason: string; spend_counted: number }>(
        t,
        'SELECT reason, spend_counted FROM distribution_orders WHERE order_id = :orderId',
        { orderId },
      );
      expect({ reason: facts.reason, spend: Number(facts.spend_counted) }).toEqual({
        reason: 'kind',
        spend: 0,
      });
    }
    await setSettings(t, { enabled: false });
    const off = await buy(t, buyer, [{ skuId: price3333, quantity: 1 }]);
    await drain(t);
    expect(await commissionsOf(t, off.id)).toEqual([]);
  });

  it('a refund before the thaw takes back the refunded units’ share (largest remainder); all units: invalid', async () => {
    const order = await buy(t, buyer, [{ skuId: price3333, quantity: 3 }]);
    await drain(t);
    const line = order.lines[0].id;
    await refund(t, buyer, order.id, line, 1);
    await drain(t);
    // 1000 over 3 units: 334 + 333 + 333; 500: 167 + 167 + 166
    expect(
      (await commissionsOf(t, order.id)).map((e) => [e.status, e.refunded_units, e.invalid_amount]),
    ).toEqual([
      ['frozen', 1, 334],
      ['frozen', 1, 167],
    ]);
    await refund(t, buyer, order.id, line, 2);
    await drain(t);
    expect(
      (await commissionsOf(t, order.id)).map((e) => [e.status, e.refunded_units, e.invalid_amount]),
    ).toEqual([
      ['invalid', 3, 1000],
      ['invalid', 3, 500],
    ]);
    await thaw();
    const entries = await commissionsOf(t, order.id);
    expect(entries.map((e) => e.status)).toEqual(['invalid', 'invalid']);
    const credited = await rows(
      t,
      "SELECT id FROM distribution_ledger WHERE ref_type = 'commission' AND ref_id IN (:ids)",
      {
        ids: entries.map((e) => e.id),
      },
    );
    expect(credited).toEqual([]);
  });

  it('the thaw credits what is left; a refund after it is a negative ledger row that may take the balance below 0', async () => {
    const order = await buy(t, buyer, [{ skuId: price3333, quantity: 3 }]);
    await drain(t);
    await refund(t, buyer, order.id, order.lines[0].id, 1);
    await drain(t);
    const start = await balanceOf(t, mid.id);
    expect(await thaw(6)).toMatchObject({ rows: 0 });
    await thaw(8);
    let entries = await commissionsOf(t, order.id);
    expect(entries.map((e) => [e.status, e.credited_amount])).toEqual([
      ['available', 666],
      ['available', 333],
    ]);
    expect(await balanceOf(t, mid.id)).toBe(start + 666);
    // everything withdrawn (by hand here), then the refund of the last two units
    await giveBalance(mid.id, -(start + 666));
    await refund(t, buyer, order.id, order.lines[0].id, 2);
    await drain(t);
    entries = await commissionsOf(t, order.id);
    expect(entries.map((e) => [e.status, e.invalid_amount, e.clawed_amount])).toEqual([
      ['available', 334, 666],
      ['available', 167, 333],
    ]);
    expect(await balanceOf(t, mid.id)).toBe(-666);
    const ledger = await call(t, mid.token, 'get', '/api/shop/distribution/ledger?reason=clawback');
    expect(ledger[0]).toMatchObject({ delta: -666, balanceAfter: -666, refType: 'commission' });
    // a negative balance blocks withdrawals until it is positive again
    await expectError(
      t,
      mid.token,
      'post',
      '/api/shop/distribution/withdrawals',
      { amount: 100 },
      422,
      'WITHDRAWAL_INSUFFICIENT_BALANCE',
    );
    await giveBalance(mid.id, 666);
  });

  it('duplicated and reordered events (a refund handled before the payment) end exactly like the natural order', async () => {
    const natural = await buy(t, buyer, [{ skuId: price3333, quantity: 3 }]);
    const shuffled = await buy(t, buyer, [{ skuId: price3333, quantity: 3 }]);
    // the shuffled order's events are held back: refund first, then everything again in reverse, then twice
    const [maxBefore] = await rows<{ id: number }>(t, 'SELECT MAX(id) AS id FROM outbox_events');
    await drain(t);
    await refund(t, buyer, natural.id, natural.lines[0].id, 2);
    await refund(t, buyer, shuffled.id, shuffled.lines[0].id, 2);
    const events = await rows<{ id: number; name: string; payload: string }>(
      t,
      `SELECT id, name, payload FROM outbox_events WHERE aggregate_id = :agg ORDER BY id DESC`,
      { agg: `order:${shuffled.id}` },
    );
    expect(events.map((e) => e.name)).toEqual([
      'order.refunded',
      'order.received',
      'order.paid',
      'order.placed',
    ]);
    // wipe what distribution knew of the shuffled order, as if its events had never been handled
    await t.platform.sequelize.query('DELETE FROM distribution_commissions WHERE order_id = :id', {
      replacements: { id: shuffled.id },
    });
    await t.platform.sequelize.query('DELETE FROM distribution_orders WHERE order_id = :id', {
      replacements: { id: shuffled.id },
    });
    await t.platform.sequelize.query('DELETE FROM distribution_order_refunds WHERE order_id = :id', {
      replacements: { id: shuffled.id },
    });
    expect(Number(maxBefore.id)).toBeGreaterThan(0);
    for (const e of [...events, ...events]) {
      const payload = typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload;
      await emit(e.name as EventName, payload);
    }
    await drain(t);
    const shape = async (orderId: number) =>
      (await commissionsOf(t, orderId)).map((e) => [
        e.level,
        e.beneficiary_id,
        e.amount,
        e.status,
        e.refunded_units,
        e.invalid_amount,
      ]);
    expect(await shape(shuffled.id)).toEqual(await shape(natural.id));
    expect(await shape(natural.id)).toEqual([
      [1, mid.id, 1000, 'frozen', 2, 667],
      [2, top.id, 500, 'frozen', 2, 334],
    ]);
  });
});

describe('withdrawals (sandbox transfers)', () => {
  let d: { token: string; id: number };
  beforeEach(async () => {
    d = await newDistributor(t);
    await giveBalance(d.id, 10_000);
  });

  const withdraw = (amount: number, status = 201) =>
    call(t, d.token, 'post', '/api/shop/distribution/withdrawals', { amount }, status);

  it('checks the minimum, the per-request maximum, the daily count and amount, the balance; takes the fee', async () => {
    await setSettings(t, {
      withdrawMin: 200,
      withdrawMaxPerRequest: 5000,
      withdrawDailyCount: 2,
      withdrawDailyAmount: 4500,
      withdrawFeePermille: 10,
    });
    await expectError(
      t,
      d.token,
      'post',
      '/api/shop/distribution/withdrawals',
      { amount: 199 },
      422,
      'WITHDRAWAL_BELOW_MINIMUM',
    );
    await expectError(
      t,
      d.token,
      'post',
      '/api/shop/distribution/withdrawals',
      { amount: 5001 },
      422,
      'WITHDRAWAL_ABOVE_MAXIMUM',
    );
    const w = await withdraw(1000);
    expect(w).toMatchObject({ amount: 1000, fee: 10, netAmount: 990, status: 'reviewing' });
    const daily = await expectError(
      t,
      d.token,
      'post',
      '/api/shop/distribution/withdrawals',
      { amount: 4000 },
      422,
      'WITHDRAWAL_DAILY_LIMIT',
    );
    expect(daily.details).toMatchObject({ usedAmount: 1000, usedCount: 1, dailyAmount: 4500, dailyCount: 2 });
    await withdraw(3000);
    await expectError(
      t,
      d.token,
      'post',
      '/api/shop/distribution/withdrawals',
      { amount: 300 },
      422,
      'WITHDRAWAL_DAILY_LIMIT',
    );
    await setSettings(t, {
      withdrawDailyCount: 10,
      withdrawDailyAmount: 100_000,
      withdrawMaxPerRequest: 50_000,
    });
    await expectError(
      t,
      d.token,
      'post',
      '/api/shop/distribution/withdrawals',
      { amount: 6001 },
      422,
      'WITHDRAWAL_INSUFFICIENT_BALANCE',
    );
    expect(await balanceOf(t, d.id)).toBe(6000);
    const ledger = await call(t, d.token, 'get', '/api/shop/distribution/ledger?reason=withdraw');
    expect(ledger.map((l: { delta: number }) => l.delta)).toEqual([-3000, -1000]);
  });

  it('review: approved → transfer waiting for the shopper → confirmed → succeeded; rejected → money back', async () => {
    const w = await withdraw(3000);
    await expectError(
      t,
      token.operator,
      'post',
      `/api/admin/distribution/withdrawals/${w.id}/approve`,
      undefined,
      403,
      'FORBIDDEN',
    );
    await call(t, token.finance, 'post', `/api/admin/distribution/withdrawals/${w.id}/approve`);
    const waiting = await eventually(
      () => call(t, d.token, 'get', `/api/shop/distribution/withdrawals/${w.id}`),
      (v) => v.awaitingConfirmation,
      'the transfer to wait for confirmation',
    );
    expect(waiting).toMatchObject({ status: 'transferring', transferState: 'WAIT_USER_CONFIRM' });
    const params = await call(t, d.token, 'get', `/api/shop/distribution/withdrawals/${w.id}/transfer`);
    expect(params).toMatchObject({
      withdrawalId: w.id,
      sandbox: true,
      package: expect.stringContaining(w.withdrawalNo),
    });
    const done = await call(
      t,
      d.token,
      'post',
      `/api/shop/distribution/withdrawals/${w.id}/sandbox-confirm`,
      { accept: true },
    );
    expect(done).toMatchObject({
      status: 'succeeded',
      transferState: 'SUCCESS',
      awaitingConfirmation: false,
    });
    await expectError(
      t,
      d.token,
      'get',
      `/api/shop/distribution/withdrawals/${w.id}/transfer`,
      undefined,
      409,
      'WITHDRAWAL_NOT_CONFIRMABLE',
    );
    await expectError(
      t,
      d.token,
      'post',
      `/api/shop/distribution/withdrawals/${w.id}/sandbox-confirm`,
      { accept: false },
      409,
      'WITHDRAWAL_NOT_CONFIRMABLE',
    );

    const r = await withdraw(2000);
    await call(t, token.finance, 'post', `/api/admin/distribution/withdrawals/${r.id}/reject`, {
      reason: '信息有误',
    });
    await expectError(
      t,
      token.finance,
      'post',
      `/api/admin/distribution/withdrawals/${r.id}/approve`,
      undefined,
      409,
      'ILLEGAL_TRANSITION',
    );
    expect(await balanceOf(t, d.id)).toBe(7000);
    const ledger = await call(t, d.token, 'get', '/api/shop/distribution/ledger');
    expect(ledger.map((l: { reason: string; delta: number }) => [l.reason, l.delta])).toEqual([
      ['withdraw_return', 2000],
      ['withdraw', -2000],
      ['withdraw_paid', 0],
      ['withdraw', -3000],
      ['adjust', 10_000],
    ]);
    const center = await call(t, d.token, 'get', '/api/shop/distribution');
    expect(center.earnings).toMatchObject({ available: 7000, withdrawn: 3000, withdrawing: 0 });
  });

  it('a declined transfer and one never confirmed before its deadline return the money, once', async () => {
    await setSettings(t, { withdrawAutoApprove: true, withdrawAutoApproveLimit: 5000 });
    const declined = await withdraw(1000);
    expect(declined.status).toBe('approved');
    await eventually(
      () => call(t, d.token, 'get', `/api/shop/distribution/withdrawals/${declined.id}`),
      (v) => v.awaitingConfirmation,
      'waiting',
    );
    const failed = await call(
      t,
      d.token,
      'post',
      `/api/shop/distribution/withdrawals/${declined.id}/sandbox-confirm`,
      { accept: false },
    );
    expect(failed).toMatchObject({ status: 'failed', transferState: 'CANCELLED' });

    const forgotten = await withdraw(2000);
    await eventually(
      () => call(t, d.token, 'get', `/api/shop/distribution/withdrawals/${forgotten.id}`),
      (v) => v.awaitingConfirmation,
      'waiting',
    );
    expect(await dist(t).withdrawals.sweep(new Date(Date.now() + 60_000))).toMatchObject({ cancelled: 0 });
    expect(await dist(t).withdrawals.sweep(later(2))).toMatchObject({ cancelled: 1 });
    expect(await dist(t).withdrawals.sweep(later(2))).toMatchObject({ cancelled: 0 });
    expect((await call(t, d.token, 'get', `/api/shop/distribution/withdrawals/${forgotten.id}`)).status).toBe(
      'failed',
    );
    expect(await balanceOf(t, d.id)).toBe(10_000);
    const big = await withdraw(6000);
    expect(big.status).toBe('reviewing');
    await call(t, token.finance, 'post', `/api/admin/distribution/withdrawals/${big.id}/reject`, {
      reason: '测试',
    });
  });

  it('marks the oldest available commissions withdrawn when a transfer succeeds', async () => {
    const buyer = await t.shopperToken();
    await bind(t, d, buyer);
    const { skuIds } = await virtualProduct(t, [5000]);
    const o1 = await buy(t, buyer, [{ skuId: skuIds[0], quantity: 1 }]);
    const o2 = await buy(t, buyer, [{ skuId: skuIds[0], quantity: 1 }]);
    await drain(t);
    await thaw();
    // 500 + 500 credited on top of the 10000 given; withdraw 10600: all but 400 of the second
    await setSettings(t, { withdrawMaxPerRequest: 20_000 });
    const w = await withdraw(10_600);
    await call(t, token.finance, 'post', `/api/admin/distribution/withdrawals/${w.id}/approve`);
    await eventually(
      () => call(t, d.token, 'get', `/api/shop/distribution/withdrawals/${w.id}`),
      (v) => v.awaitingConfirmation,
      'waiting',
    );
    await call(t, d.token, 'post', `/api/shop/distribution/withdrawals/${w.id}/sandbox-confirm`, {});
    const [c1] = await commissionsOf(t, o1.id);
    const [c2] = await commissionsOf(t, o2.id);
    const [w1] = await rows<{ withdrawn_amount: number }>(
      t,
      'SELECT withdrawn_amount FROM distribution_commissions WHERE id = :id',
      { id: c1.id },
    );
    const [w2] = await rows<{ withdrawn_amount: number }>(
      t,
      'SELECT withdrawn_amount FROM distribution_commissions WHERE id = :id',
      { id: c2.id },
    );
    expect([c1.status, Number(w1.withdrawn_amount), c2.status, Number(w2.withdrawn_amount)]).toEqual([
      'withdrawn',
      500,
      'withdrawn',
      500,
    ]);
  });
});

describe('admin reads', () => {
  it('lists distributors, commissions, the ledger and withdrawals, and reports an intact ledger', async () => {
    const list = await call(
      t,
      token.service,
      'get',
      '/api/admin/distribution/distributors?status=active&pageSize=5',
    );
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toEqual(
      expect.objectContaining({
        shopperId: expect.any(Number),
        balance: expect.any(Number),
        status: 'active',
      }),
    );
    const commissions = await call(t, token.service, 'get', '/api/admin/distribution/commissions?level=2');
    expect(commissions.every((c: { level: number }) => c.level === 2)).toBe(true);
    await call(t, token.service, 'get', '/api/admin/distribution/ledger?reason=commission');
    await call(t, token.service, 'get', '/api/admin/distribution/withdrawals?status=succeeded');
    const report = await call(t, token.finance, 'get', '/api/admin/distribution/integrity');
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.commissions).toBeGreaterThan(10);
    await expectError(
      t,
      token.operator,
      'get',
      '/api/admin/distribution/integrity',
      undefined,
      403,
      'FORBIDDEN',
    );
    const exported = await call(
      t,
      list[0] ? (await t.shopperToken()).token : '',
      'get',
      '/api/shop/me/export',
    );
    expect(exported.sections?.distribution ?? exported.distribution).toBeDefined();
  });
});

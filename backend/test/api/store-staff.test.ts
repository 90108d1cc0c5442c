import { startTestApp, type TestApp } from '../support/app';
import type { StoreService } from '../../src/modules/store';

let t: TestApp;
let stores: StoreService;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  stores = (t.modules.find((m) => m.name === 'store') as unknown as { service: StoreService }).service;
  owner = await t.adminToken('owner');
});
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

const shop = {
  name: '南山旗舰店',
  address: '深圳市南山区科技园南区 1 栋',
  phone: '0755-86013388',
  opensAt: '09:00',
  closesAt: '21:30',
};

async function createStore(fields: Partial<typeof shop> & { status?: string } = {}) {
  const res = await t.http
    .post('/api/admin/stores')
    .set(bearer(owner))
    .send({ ...shop, ...fields })
    .expect(201);
  return res.body.data as typeof shop & { id: number; status: string };
}

async function bind(storeId: number, shopperId: number, name = '店员小王') {
  const res = await t.http
    .post(`/api/admin/stores/${storeId}/staff`)
    .set(bearer(owner))
    .send({ shopperId, name })
    .expect(201);
  return res.body.data as { id: number; staffId: number; storeId: number; shopperId: number; name: string };
}

async function staffToken(shopperToken: string) {
  const res = await t.http.post('/api/shop/staff-session').set(bearer(shopperToken)).expect(200);
  return res.body.data as { token: string; staffId: number };
}

const staffMe = (token: string) => t.http.get('/api/staff/me').set(bearer(token));

async function auditActions(subjectType: string) {
  const res = await t.http
    .get(`/api/admin/audit-logs?subjectType=${subjectType}&pageSize=200`)
    .set(bearer(owner));
  return res.body.data as { action: string; subjectId: string; before: unknown; after: unknown }[];
}

describe('stores', () => {
  it('lets owner and operator create, change and delete a store, each write audited with before and after', async () => {
    const operator = await t.adminToken('operator');
    const created = await t.http
      .post('/api/admin/stores')
      .set(bearer(operator))
      .send({ ...shop, name: '福田店', closesAt: '02:00' })
      .expect(201);
    const id = created.body.data.id as number;
    expect(created.body.data).toEqual({ id, ...shop, name: '福田店', closesAt: '02:00', status: 'active' });
    const changed = await t.http
      .patch(`/api/admin/stores/${id}`)
      .set(bearer(operator))
      .send({ phone: '400-800-8888' })
      .expect(200);
    expect(changed.body.data.phone).toBe('400-800-8888');
    await t.http.get(`/api/admin/stores/${id}`).set(bearer(operator)).expect(200);
    await t.http.delete(`/api/admin/stores/${id}`).set(bearer(operator)).expect(204);
    await t.http.get(`/api/admin/stores/${id}`).set(bearer(operator)).expect(404);
    await t.http.patch(`/api/admin/stores/${id}`).set(bearer(operator)).send({ name: 'x' }).expect(404);

    const log = (await auditActions('store')).filter((e) => e.subjectId === String(id));
    expect(log.map((e) => e.action)).toEqual(['store.delete', 'store.update', 'store.create']);
    expect(log[1].before).toMatchObject({ phone: shop.phone });
    expect(log[1].after).toMatchObject({ phone: '400-800-8888' });
  });

  it('lets every admin role read stores but only owner and operator write them', async () => {
    const s = await createStore({ name: '只读测试店' });
    for (const role of ['finance', 'service'] as const) {
      const token = await t.adminToken(role);
      await t.http.get('/api/admin/stores').set(bearer(token)).expect(200);
      await t.http.get(`/api/admin/stores/${s.id}`).set(bearer(token)).expect(200);
      const refused = await t.http.patch(`/api/admin/stores/${s.id}`).set(bearer(token)).send({ name: 'x' });
      expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('validates names, phones and business hours', async () => {
    for (const bad of [{ opensAt: '24:00' }, { closesAt: '9:00' }, { phone: 'call me' }, { name: '' }]) {
      const res = await t.http
        .post('/api/admin/stores')
        .set(bearer(owner))
        .send({ ...shop, ...bad });
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('shows shoppers only stores that are open for business', async () => {
    const open = await createStore({ name: '营业中的店' });
    const suspended = await createStore({ name: '装修中的店', status: 'suspended' });
    const res = await t.http.get('/api/shop/stores').expect(200);
    const names = res.body.data.map((s: { name: string }) => s.name);
    expect(names).toContain(open.name);
    expect(names).not.toContain(suspended.name);
    expect(res.body.data[0]).not.toHaveProperty('status');
    const filtered = await t.http.get('/api/admin/stores?status=suspended').set(bearer(owner)).expect(200);
    expect(filtered.body.data.map((s: { id: number }) => s.id)).toEqual([suspended.id]);
  });
});

describe('store staff', () => {
  it('binds a shopper, who then opens a staff session and sees their store', async () => {
    const s = await createStore({ name: '员工测试店' });
    const worker = await t.shopperToken();
    const binding = await bind(s.id, worker.id, '小王');
    expect(binding).toMatchObject({ storeId: s.id, shopperId: worker.id, name: '小王', status: 'active' });
    const listed = await t.http.get(`/api/admin/stores/${s.id}/staff`).set(bearer(owner)).expect(200);
    expect(listed.body.data).toEqual([binding]);

    const session = await staffToken(worker.token);
    expect(session.staffId).toBe(binding.staffId);
    const me = await staffMe(session.token).expect(200);
    expect(me.body.data).toEqual({
      id: binding.staffId,
      shopperId: worker.id,
      name: '小王',
      stores: [
        {
          id: s.id,
          name: s.name,
          address: s.address,
          phone: s.phone,
          opensAt: s.opensAt,
          closesAt: s.closesAt,
        },
      ],
    });

    // a staff token is not a shopper or admin token, and the other way round
    expect((await t.http.get('/api/shop/me').set(bearer(session.token))).status).toBe(403);
    expect((await t.http.get('/api/admin/stores').set(bearer(session.token))).status).toBe(403);
    expect((await staffMe(worker.token)).status).toBe(403);
    expect((await staffMe(owner)).status).toBe(403);

    const log = await auditActions('store_staff');
    expect(log.find((e) => e.subjectId === String(binding.id))?.action).toBe('store_staff.bind');
  });

  it('refuses a staff session to a shopper who is not staff', async () => {
    const someone = await t.shopperToken();
    const res = await t.http.post('/api/shop/staff-session').set(bearer(someone.token));
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('lets one shopper be staff of several stores, with one staff identity and one name', async () => {
    const a = await createStore({ name: '多店 A' });
    const b = await createStore({ name: '多店 B' });
    const c = await createStore({ name: '多店 C' });
    const worker = await t.shopperToken();
    const first = await bind(a.id, worker.id, '阿强');
    const second = await bind(b.id, worker.id, '强哥');
    expect(second.staffId).toBe(first.staffId);
    const session = await staffToken(worker.token);
    const me = await staffMe(session.token).expect(200);
    expect(me.body.data.name).toBe('强哥');
    expect(me.body.data.stores.map((s: { id: number }) => s.id)).toEqual([a.id, b.id]);
    expect(await stores.staffStores(session.staffId)).toEqual([a.id, b.id]);
    expect(await stores.isStaffOfStore(session.staffId, b.id)).toBe(true);
    expect(await stores.isStaffOfStore(session.staffId, c.id)).toBe(false);

    const dup = await t.http
      .post(`/api/admin/stores/${a.id}/staff`)
      .set(bearer(owner))
      .send({ shopperId: worker.id, name: '阿强' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'CONFLICT']);

    // disabling one binding takes that store away at once, the staff member keeps the other
    await t.http.get('/api/staff/me').set(bearer(session.token)).expect(200);
    await t.http
      .patch(`/api/admin/store-staff/${first.id}`)
      .set(bearer(owner))
      .send({ status: 'disabled' })
      .expect(200);
    expect(await stores.isStaffOfStore(session.staffId, a.id)).toBe(false);
    const after = await staffMe(session.token).expect(200);
    expect(after.body.data.stores.map((s: { id: number }) => s.id)).toEqual([b.id]);
  });

  it('refuses the staff token at once when the binding is disabled, and accepts it again when enabled', async () => {
    const s = await createStore({ name: '停用测试店' });
    const worker = await t.shopperToken();
    const binding = await bind(s.id, worker.id);
    const session = await staffToken(worker.token);
    await staffMe(session.token).expect(200); // status now cached
    await t.http
      .patch(`/api/admin/store-staff/${binding.id}`)
      .set(bearer(owner))
      .send({ status: 'disabled' })
      .expect(200);
    const refused = await staffMe(session.token).expect(403);
    expect(refused.body.error.code).toBe('ACCOUNT_FROZEN');
    const noSession = await t.http.post('/api/shop/staff-session').set(bearer(worker.token));
    expect([noSession.status, noSession.body.error.code]).toEqual([403, 'ACCOUNT_FROZEN']);
    await t.http
      .patch(`/api/admin/store-staff/${binding.id}`)
      .set(bearer(owner))
      .send({ status: 'active', name: '改名了' })
      .expect(200);
    const back = await staffMe(session.token).expect(200);
    expect(back.body.data.name).toBe('改名了');
  });

  it('refuses the staff token at once when the shopper is frozen, and after unfreezing accepts it again', async () => {
    const s = await createStore({ name: '冻结测试店' });
    const worker = await t.shopperToken();
    await bind(s.id, worker.id);
    const session = await staffToken(worker.token);
    await staffMe(session.token).expect(200);
    await t.http
      .post(`/api/admin/shoppers/${worker.id}/freeze`)
      .set(bearer(owner))
      .send({ reason: '离职调查' })
      .expect(200);
    expect((await staffMe(session.token).expect(403)).body.error.code).toBe('ACCOUNT_FROZEN');
    await t.http
      .post(`/api/admin/shoppers/${worker.id}/unfreeze`)
      .set(bearer(owner))
      .send({ reason: '已查清' })
      .expect(200);
    await staffMe(session.token).expect(200);
  });

  it('refuses the staff token at once when the store is suspended or deleted, or the binding removed', async () => {
    const worker = await t.shopperToken();
    const suspended = await createStore({ name: '将暂停的店' });
    await bind(suspended.id, worker.id);
    const session = await staffToken(worker.token);
    await staffMe(session.token).expect(200);
    await t.http
      .patch(`/api/admin/stores/${suspended.id}`)
      .set(bearer(owner))
      .send({ status: 'suspended' })
      .expect(200);
    await staffMe(session.token).expect(403);
    await t.http
      .patch(`/api/admin/stores/${suspended.id}`)
      .set(bearer(owner))
      .send({ status: 'active' })
      .expect(200);
    await staffMe(session.token).expect(200);
    await t.http.delete(`/api/admin/stores/${suspended.id}`).set(bearer(owner)).expect(204);
    await staffMe(session.token).expect(403);

    const other = await createStore({ name: '将解绑的店' });
    const binding = await bind(other.id, worker.id);
    await staffMe(session.token).expect(200);
    await t.http.delete(`/api/admin/store-staff/${binding.id}`).set(bearer(owner)).expect(204);
    await staffMe(session.token).expect(403);
    await t.http.delete(`/api/admin/store-staff/${binding.id}`).set(bearer(owner)).expect(404);
    const log = await auditActions('store_staff');
    expect(log.find((e) => e.subjectId === String(binding.id))).toMatchObject({
      action: 'store_staff.unbind',
      before: expect.objectContaining({ storeId: other.id, shopperId: worker.id }),
    });
  });

  it('refuses to bind an unknown or deleted shopper, or to an unknown store', async () => {
    const s = await createStore({ name: '绑定校验店' });
    const unknown = await t.http
      .post(`/api/admin/stores/${s.id}/staff`)
      .set(bearer(owner))
      .send({ shopperId: 99999999, name: '无名' });
    expect(unknown.status).toBe(404);
    const worker = await t.shopperToken();
    const noStore = await t.http
      .post('/api/admin/stores/99999999/staff')
      .set(bearer(owner))
      .send({ shopperId: worker.id, name: '无店' });
    expect(noStore.status).toBe(404);
    await t.http.post('/api/shop/me/delete').set(bearer(worker.token)).send({ confirm: '注销' }).expect(204);
    const deleted = await t.http
      .post(`/api/admin/stores/${s.id}/staff`)
      .set(bearer(owner))
      .send({ shopperId: worker.id, name: '已注销' });
    expect(deleted.status).toBe(404);
  });

  it('ends the staff identity when the shopper deletes their account, and exports it before', async () => {
    const s = await createStore({ name: '注销测试店' });
    const worker = await t.shopperToken();
    const binding = await bind(s.id, worker.id, '小李');
    const session = await staffToken(worker.token);
    await staffMe(session.token).expect(200);
    const exported = await t.http.get('/api/shop/me/export').set(bearer(worker.token)).expect(200);
    expect(exported.body.data.sections.staff).toEqual({
      staffId: binding.staffId,
      name: '小李',
      stores: [{ storeId: s.id, storeName: s.name, status: 'active', boundAt: expect.any(String) }],
    });
    await t.http.post('/api/shop/me/delete').set(bearer(worker.token)).send({ confirm: '注销' }).expect(204);
    expect((await staffMe(session.token).expect(403)).body.error.code).toBe('ACCOUNT_FROZEN');
    const listed = await t.http.get(`/api/admin/stores/${s.id}/staff`).set(bearer(owner)).expect(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ name: '已注销用户', status: 'disabled' })]);
  });
});

import { startTestApp, type TestApp } from '../support/app';
import type { AccountService } from '../../src/modules/account/service';

let t: TestApp;
let accounts: AccountService;
beforeAll(async () => {
  t = await startTestApp();
  accounts = (t.modules.find((m) => m.name === 'account') as unknown as { service: AccountService }).service;
});
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

const home = {
  name: '张三',
  phone: '13800138000',
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园南区 1 栋 101',
};

async function addAddress(token: string, fields: Partial<typeof home> & { isDefault?: boolean } = {}) {
  const res = await t.http
    .post('/api/shop/addresses')
    .set(bearer(token))
    .send({ ...home, ...fields })
    .expect(201);
  return res.body.data as typeof home & { id: number; isDefault: boolean };
}

const list = async (token: string) =>
  (await t.http.get('/api/shop/addresses').set(bearer(token)).expect(200)).body.data as {
    id: number;
    isDefault: boolean;
  }[];

describe('shopper addresses', () => {
  it('creates, reads, changes and deletes an address; the first one becomes the default', async () => {
    const { token } = await t.shopperToken();
    const first = await addAddress(token);
    expect(first).toMatchObject({ ...home, isDefault: true });
    const got = await t.http.get(`/api/shop/addresses/${first.id}`).set(bearer(token)).expect(200);
    expect(got.body.data).toEqual(first);
    const changed = await t.http
      .patch(`/api/shop/addresses/${first.id}`)
      .set(bearer(token))
      .send({ detail: '科技园南区 2 栋 202', phone: '0755-86013388' })
      .expect(200);
    expect(changed.body.data).toMatchObject({
      detail: '科技园南区 2 栋 202',
      phone: '0755-86013388',
      isDefault: true,
    });
    await t.http.delete(`/api/shop/addresses/${first.id}`).set(bearer(token)).expect(204);
    await t.http.get(`/api/shop/addresses/${first.id}`).set(bearer(token)).expect(404);
    expect(await list(token)).toEqual([]);
  });

  it('keeps exactly one default: a new default replaces the old one, and deleting it promotes the newest', async () => {
    const { token } = await t.shopperToken();
    const a = await addAddress(token, { detail: '地址 A 号' });
    const b = await addAddress(token, { detail: '地址 B 号' });
    expect(b.isDefault).toBe(false);
    const c = await addAddress(token, { detail: '地址 C 号', isDefault: true });
    expect(c.isDefault).toBe(true);
    let rows = await list(token);
    expect(rows.filter((r) => r.isDefault).map((r) => r.id)).toEqual([c.id]);
    expect(rows[0].id).toBe(c.id);

    await t.http
      .patch(`/api/shop/addresses/${a.id}`)
      .set(bearer(token))
      .send({ isDefault: true })
      .expect(200);
    rows = await list(token);
    expect(rows.filter((r) => r.isDefault).map((r) => r.id)).toEqual([a.id]);

    await t.http.delete(`/api/shop/addresses/${a.id}`).set(bearer(token)).expect(204);
    rows = await list(token);
    expect(rows.filter((r) => r.isDefault)).toHaveLength(1);
    expect(rows.map((r) => r.id).sort()).toEqual([b.id, c.id].sort());
  });

  it('refuses the 21st address, also when the last free places are raced, and counts deletions back', async () => {
    const { token } = await t.shopperToken();
    for (let i = 0; i < 17; i++) await addAddress(token, { detail: `地址 ${i} 号` });
    // five at once for the last three places (kept small: SQLite serializes writers slowly, see README)
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.http
          .post('/api/shop/addresses')
          .set(bearer(token))
          .send({ ...home, detail: `并发地址 ${i} 号` }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.error.code])).toEqual([
      [422, 'BUSINESS_RULE'],
      [422, 'BUSINESS_RULE'],
    ]);
    const rows = await list(token);
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.isDefault)).toHaveLength(1);
    await t.http.delete(`/api/shop/addresses/${rows[5].id}`).set(bearer(token)).expect(204);
    await addAddress(token, { detail: '删除后再加的地址' });
    const again = await t.http.post('/api/shop/addresses').set(bearer(token)).send(home);
    expect([again.status, again.body.error.details]).toEqual([422, { max: 20 }]);
  });

  it("answers 404 for another shopper's address on read, change and delete, and leaves it alone", async () => {
    const owner = await t.shopperToken();
    const other = await t.shopperToken();
    const mine = await addAddress(owner.token, { detail: '只属于我的地址' });
    const read = await t.http.get(`/api/shop/addresses/${mine.id}`).set(bearer(other.token));
    const change = await t.http
      .patch(`/api/shop/addresses/${mine.id}`)
      .set(bearer(other.token))
      .send({ detail: '被别人改了', isDefault: true });
    const remove = await t.http.delete(`/api/shop/addresses/${mine.id}`).set(bearer(other.token));
    for (const res of [read, change, remove]) {
      expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
      expect(res.text).not.toContain('只属于我的地址');
    }
    expect(await list(other.token)).toEqual([]);
    const still = await t.http.get(`/api/shop/addresses/${mine.id}`).set(bearer(owner.token)).expect(200);
    expect(still.body.data).toEqual(mine);
  });

  it('validates every field', async () => {
    const { token } = await t.shopperToken();
    const bad = [
      { ...home, phone: '12345' },
      { ...home, name: '' },
      { ...home, detail: 'x' },
      { ...home, province: 'x'.repeat(33) },
      { ...home, city: undefined },
    ];
    for (const body of bad) {
      const res = await t.http.post('/api/shop/addresses').set(bearer(token)).send(body);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const empty = await t.http.patch('/api/shop/addresses/1').set(bearer(token)).send({});
    expect(empty.status).toBe(400);
    // a city without a county level (东莞) has no district
    const dongguan = await addAddress(token, { city: '东莞市', district: '', detail: '松山湖大道 1 号' });
    expect(dongguan.district).toBe('');
    expect(await list(token)).toHaveLength(1);
  });

  it('gives the order module a snapshot of an own address and NOT_FOUND for anyone else', async () => {
    const owner = await t.shopperToken();
    const other = await t.shopperToken();
    const a = await addAddress(owner.token, { detail: '快照地址 9 号' });
    expect(await accounts.getAddress(owner.id, a.id)).toEqual({
      addressId: a.id,
      name: home.name,
      phone: home.phone,
      province: home.province,
      city: home.city,
      district: home.district,
      detail: '快照地址 9 号',
    });
    await expect(accounts.getAddress(other.id, a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

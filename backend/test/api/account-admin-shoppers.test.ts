import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
const shoppers: Record<string, { id: number; token: string }> = {};

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function shopper(key: string, nickname: string, phone: string | null) {
  const login = await t.http
    .post('/api/shop/auth/dev-login')
    .set('X-Forwarded-For', t.nextIp())
    .send({ openid: `admin-view-${key}`, nickname })
    .expect(200);
  const token = login.body.data.token as string;
  const guide = await t.http.get('/api/shop/privacy').expect(200);
  await t.http
    .post('/api/shop/privacy/accept')
    .set(bearer(token))
    .set('X-Forwarded-For', '198.51.100.23')
    .send({ version: guide.body.data.version })
    .expect(200);
  const id = login.body.data.shopper.id as number;
  // a phone only ever comes from WeChat's button (tested in account-privacy); here it is fixture data
  await t.platform.sequelize.query('UPDATE shoppers SET phone = :phone WHERE id = :id', {
    replacements: { phone, id },
  });
  shoppers[key] = { id, token };
}

beforeAll(async () => {
  t = await startTestApp();
  await shopper('amy', '爱米_100%', '13800138000');
  await shopper('bob', '小明', '13912345678');
  await shopper('cat', '小红', null);
  await shopper('dan', '大伟', '13800999999');
  const owner = await t.adminToken('owner');
  await t.http
    .post(`/api/admin/shoppers/${shoppers.dan.id}/freeze`)
    .set(bearer(owner))
    .send({ reason: '刷单' })
    .expect(200);
});
afterAll(() => t.close());

async function search(role: 'owner' | 'operator' | 'service', query: string) {
  const res = await t.http
    .get(`/api/admin/shoppers${query}`)
    .set(bearer(await t.adminToken(role)))
    .expect(200);
  return res.body as {
    data: { id: number; nickname: string; phone: string | null; status: string }[];
    meta: { total: number };
  };
}

const ids = (body: { data: { id: number }[] }) => body.data.map((s) => s.id).sort((a, b) => a - b);

describe('admin shopper views', () => {
  it('lists shoppers newest first with paging', async () => {
    const all = await search('owner', '?pageSize=2');
    expect(all.meta.total).toBe(4);
    expect(all.data.map((s) => s.id)).toEqual([shoppers.dan.id, shoppers.cat.id]);
    const page2 = await search('owner', '?pageSize=2&page=2');
    expect(page2.data.map((s) => s.id)).toEqual([shoppers.bob.id, shoppers.amy.id]);
  });

  it('searches by part of a nickname, by the start of a phone, and by id; wildcards are plain characters', async () => {
    expect(ids(await search('owner', `?q=${encodeURIComponent('小')}`))).toEqual([
      shoppers.bob.id,
      shoppers.cat.id,
    ]);
    expect(ids(await search('owner', '?q=138'))).toEqual([shoppers.amy.id, shoppers.dan.id]);
    expect(ids(await search('owner', '?q=13912345678'))).toEqual([shoppers.bob.id]);
    expect(ids(await search('owner', `?q=${shoppers.cat.id}`))).toContain(shoppers.cat.id);
    expect(ids(await search('owner', `?q=${encodeURIComponent('100%')}`))).toEqual([shoppers.amy.id]);
    expect(ids(await search('owner', `?q=${encodeURIComponent('%')}`))).toEqual([shoppers.amy.id]);
    expect(ids(await search('owner', '?q=_'))).toEqual([shoppers.amy.id]);
  });

  it('filters by status', async () => {
    const frozen = await search('operator', '?status=frozen');
    expect(frozen.data.map((s) => [s.id, s.status])).toEqual([[shoppers.dan.id, 'frozen']]);
    const bad = await t.http.get('/api/admin/shoppers?status=gone').set(bearer(await t.adminToken('owner')));
    expect(bad.status).toBe(400);
  });

  it('shows owner and operator the phone, and service only a masked one (search still works)', async () => {
    const owner = await search('owner', '?q=13912345678');
    expect(owner.data[0].phone).toBe('13912345678');
    const operator = await search('operator', '?q=13912345678');
    expect(operator.data[0].phone).toBe('13912345678');
    const service = await search('service', '?q=13912345678');
    expect(service.data[0].phone).toBe('139****5678');
    expect(JSON.stringify((await search('service', '')).data)).not.toContain('13800138000');
  });

  it('refuses finance', async () => {
    const res = await t.http.get('/api/admin/shoppers').set(bearer(await t.adminToken('finance')));
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('shows one shopper with the consent history; service sees neither the phone nor the consent IPs', async () => {
    await t.http
      .post('/api/shop/addresses')
      .set(bearer(shoppers.amy.token))
      .send({
        name: '爱米',
        phone: '13800138000',
        province: '上海市',
        city: '上海市',
        district: '徐汇区',
        detail: '漕溪北路 1 号',
      })
      .expect(201);
    const owner = await t.http
      .get(`/api/admin/shoppers/${shoppers.amy.id}`)
      .set(bearer(await t.adminToken('owner')))
      .expect(200);
    expect(owner.body.data).toMatchObject({
      id: shoppers.amy.id,
      nickname: '爱米_100%',
      phone: '13800138000',
      status: 'active',
      privacyAccepted: true,
      addressCount: 1,
      privacyConsents: [{ version: expect.any(String), acceptedAt: expect.any(String), ip: '198.51.100.23' }],
    });
    const service = await t.http
      .get(`/api/admin/shoppers/${shoppers.amy.id}`)
      .set(bearer(await t.adminToken('service')))
      .expect(200);
    expect(service.body.data.phone).toBe('138****8000');
    expect(service.body.data.privacyConsents[0].ip).toBeNull();
    await t.http
      .get('/api/admin/shoppers/999999')
      .set(bearer(await t.adminToken('owner')))
      .expect(404);
  });

  it('shows a deleted shopper as anonymised', async () => {
    const gone = await t.shopperToken();
    await t.http.post('/api/shop/me/delete').set(bearer(gone.token)).send({ confirm: '注销' }).expect(204);
    const res = await t.http
      .get(`/api/admin/shoppers/${gone.id}`)
      .set(bearer(await t.adminToken('owner')))
      .expect(200);
    expect(res.body.data).toMatchObject({ nickname: '已注销用户', phone: null, status: 'deleted' });
    expect(res.body.data.deletedAt).not.toBeNull();
    const deleted = await search('owner', '?status=deleted');
    expect(deleted.data.map((s) => s.id)).toEqual([gone.id]);
  });
});

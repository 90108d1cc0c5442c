import { QueryTypes } from 'sequelize';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-server';
import { startTestApp, type TestApp } from '../support/app';
import { AppError } from '../../src/platform/errors';
import type { AccountService } from '../../src/modules/account/service';

let wx: FakeWechat;
let t: TestApp;
let accounts: AccountService;

beforeAll(async () => {
  wx = await startFakeWechat();
  t = await startTestApp({ wechat: { appid: wx.appid, secret: wx.secret, apiBase: wx.url } });
  accounts = (t.modules.find((m) => m.name === 'account') as unknown as { service: AccountService }).service;
});
afterAll(async () => {
  await t.close();
  await wx.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function wechatLogin(openid: string, unionid?: string) {
  const res = await t.http
    .post('/api/shop/auth/wechat-login')
    .set('X-Forwarded-For', t.nextIp())
    .send({ code: wx.issueLoginCode({ openid, unionid }) })
    .expect(200);
  const token = res.body.data.token as string;
  const guide = await t.http.get('/api/shop/privacy').expect(200);
  await t.http
    .post('/api/shop/privacy/accept')
    .set(bearer(token))
    .set('X-Forwarded-For', '203.0.113.50')
    .send({ version: guide.body.data.version })
    .expect(200);
  return { token, id: res.body.data.shopper.id as number };
}

async function count(sql: string, replacements: Record<string, unknown>) {
  const [row] = await t.platform.sequelize.query<{ n: number }>(sql, {
    replacements,
    type: QueryTypes.SELECT,
  });
  return Number(row.n);
}

describe('phone number through the WeChat button', () => {
  it('stores the number WeChat returns for the code, and the code works once', async () => {
    const { token } = await t.shopperToken();
    const code = wx.issuePhoneCode({ purePhoneNumber: '13912345678' });
    const res = await t.http.post('/api/shop/me/phone').set(bearer(token)).send({ code }).expect(200);
    expect(res.body.data.phone).toBe('13912345678');
    const me = await t.http.get('/api/shop/me').set(bearer(token)).expect(200);
    expect(me.body.data.phone).toBe('13912345678');
    const reused = await t.http.post('/api/shop/me/phone').set(bearer(token)).send({ code });
    expect([reused.status, reused.body.error.code]).toEqual([422, 'WECHAT_INVALID_CODE']);
    expect(wx.callsTo('/wxa/business/getuserphonenumber').at(-1)?.body).toEqual({ code });
  });

  it('keeps the country code of a number outside the mainland', async () => {
    const { token } = await t.shopperToken();
    const code = wx.issuePhoneCode({ purePhoneNumber: '61234567', countryCode: '852' });
    const res = await t.http.post('/api/shop/me/phone').set(bearer(token)).send({ code }).expect(200);
    expect(res.body.data.phone).toBe('+85261234567');
  });

  it('is not available before the privacy guide is accepted', async () => {
    const { token } = await t.shopperToken({ acceptPrivacy: false });
    const code = wx.issuePhoneCode({ purePhoneNumber: '13912345678' });
    const res = await t.http.post('/api/shop/me/phone').set(bearer(token)).send({ code }).expect(403);
    expect(res.body.error.code).toBe('PRIVACY_NOT_ACCEPTED');
  });
});

describe('settings and consent history', () => {
  it('switches personalised recommendations off and on', async () => {
    const { token } = await t.shopperToken();
    const off = await t.http
      .patch('/api/shop/me/settings')
      .set(bearer(token))
      .send({ personalizedRecommendations: false })
      .expect(200);
    expect(off.body.data.personalizedRecommendations).toBe(false);
    expect((await t.http.get('/api/shop/me').set(bearer(token))).body.data.personalizedRecommendations).toBe(
      false,
    );
    const on = await t.http
      .patch('/api/shop/me/settings')
      .set(bearer(token))
      .send({ personalizedRecommendations: true })
      .expect(200);
    expect(on.body.data.personalizedRecommendations).toBe(true);
    await t.http.patch('/api/shop/me/settings').set(bearer(token)).send({}).expect(400);
  });

  it('records each acceptance with version, time and IP, once per version', async () => {
    const { token, id } = await wechatLogin('o-consent-1');
    const guide = await t.http.get('/api/shop/privacy').expect(200);
    await t.http
      .post('/api/shop/privacy/accept')
      .set(bearer(token))
      .send({ version: guide.body.data.version })
      .expect(200);
    const exported = await t.http.get('/api/shop/me/export').set(bearer(token)).expect(200);
    expect(exported.body.data.sections.privacyConsents).toEqual([
      { version: guide.body.data.version, acceptedAt: expect.any(String), ip: '203.0.113.50' },
    ]);
    expect(await count('SELECT COUNT(*) AS n FROM privacy_consents WHERE shopper_id = :id', { id })).toBe(1);
  });
});

describe('data export', () => {
  it('returns the profile, addresses, consents and what other modules contribute', async () => {
    const { token, id } = await wechatLogin('o-export-1', 'u-export-1');
    await t.http
      .post('/api/shop/me/phone')
      .set(bearer(token))
      .send({ code: wx.issuePhoneCode({ purePhoneNumber: '13700001111' }) })
      .expect(200);
    await t.http
      .post('/api/shop/addresses')
      .set(bearer(token))
      .send({
        name: '李四',
        phone: '13700001111',
        province: '浙江省',
        city: '杭州市',
        district: '西湖区',
        detail: '文三路 90 号',
      })
      .expect(201);
    accounts.registerExporter('testPoints', async (shopperId) => ({ shopperId, balance: 42 }));
    expect(() => accounts.registerExporter('profile', async () => null)).toThrow();

    const res = await t.http.get('/api/shop/me/export').set(bearer(token)).expect(200);
    const doc = res.body.data;
    expect(doc).toMatchObject({
      format: 'mall.shopper-export.v1',
      shopperId: id,
      exportedAt: expect.any(String),
    });
    expect(doc.sections.profile).toMatchObject({
      id,
      openid: 'o-export-1',
      unionid: 'u-export-1',
      phone: '13700001111',
      status: 'active',
    });
    expect(doc.sections.addresses).toEqual([
      expect.objectContaining({ detail: '文三路 90 号', isDefault: true }),
    ]);
    expect(doc.sections.privacyConsents).toHaveLength(1);
    expect(doc.sections.testPoints).toEqual({ shopperId: id, balance: 42 });
    expect(doc.sections.staff).toBeNull();
  });
});

describe('account deletion (注销)', () => {
  it('anonymises the shopper, stops the token at once and lets the WeChat user register anew', async () => {
    const { token, id } = await wechatLogin('o-delete-1', 'u-delete-1');
    await t.http
      .post('/api/shop/me/phone')
      .set(bearer(token))
      .send({ code: wx.issuePhoneCode({ purePhoneNumber: '13600002222' }) })
      .expect(200);
    await t.http
      .post('/api/shop/addresses')
      .set(bearer(token))
      .send({
        name: '王五',
        phone: '13600002222',
        province: '北京市',
        city: '北京市',
        district: '朝阳区',
        detail: '建国路 1 号',
      })
      .expect(201);
    await t.http.get('/api/shop/me').set(bearer(token)).expect(200); // the status is cached now

    const wrongWord = await t.http.post('/api/shop/me/delete').set(bearer(token)).send({ confirm: '删除' });
    expect(wrongWord.status).toBe(400);
    await t.http
      .post('/api/shop/me/delete')
      .set(bearer(token))
      .set('X-Forwarded-For', '203.0.113.60')
      .send({ confirm: '注销' })
      .expect(204);

    const refused = await t.http.get('/api/shop/me').set(bearer(token)).expect(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');

    const [row] = await t.platform.sequelize.query<Record<string, unknown>>(
      'SELECT * FROM shoppers WHERE id = :id',
      { replacements: { id }, type: QueryTypes.SELECT },
    );
    expect(row).toMatchObject({
      nickname: '已注销用户',
      avatar_url: null,
      phone: null,
      unionid: null,
      last_login_ip: null,
      status: 'deleted',
      address_count: 0,
    });
    expect(row.deleted_at).not.toBeNull();
    expect(String(row.openid)).toMatch(/^deleted_/);
    expect(String(row.openid)).not.toContain('o-delete-1');
    expect(await count('SELECT COUNT(*) AS n FROM shopper_addresses WHERE shopper_id = :id', { id })).toBe(0);
    expect(
      await count('SELECT COUNT(*) AS n FROM privacy_consents WHERE shopper_id = :id AND ip IS NULL', { id }),
    ).toBe(1);
    expect(
      await count("SELECT COUNT(*) AS n FROM outbox_events WHERE name = 'shopper.deleted' AND payload = :p", {
        p: JSON.stringify({ shopperId: id }),
      }),
    ).toBe(1);

    const owner = await t.adminToken('owner');
    const audit = await t.http
      .get('/api/admin/audit-logs?action=shopper.delete')
      .set(bearer(owner))
      .expect(200);
    expect(audit.body.data[0]).toMatchObject({
      actorKind: 'shopper',
      actorId: id,
      subjectId: String(id),
      ip: '203.0.113.60',
    });

    const again = await wechatLogin('o-delete-1', 'u-delete-1');
    expect(again.id).not.toBe(id);
    const me = await t.http.get('/api/shop/me').set(bearer(again.token)).expect(200);
    expect(me.body.data).toMatchObject({ phone: null, nickname: expect.stringContaining('微信用户') });
  });

  it('works before a changed privacy guide is accepted, and lets other modules refuse it in one transaction', async () => {
    const { token, id } = await t.shopperToken({ acceptPrivacy: false });
    accounts.registerDeletionHook('testOpenOrders', async (tx, shopperId) => {
      await t.platform.sequelize.query("UPDATE shoppers SET nickname = 'hook-ran' WHERE id = :id", {
        replacements: { id: shopperId },
        transaction: tx,
      });
      if (shopperId === id) throw new AppError('BUSINESS_RULE', 'Orders are still open');
    });
    const refused = await t.http.post('/api/shop/me/delete').set(bearer(token)).send({ confirm: '注销' });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'BUSINESS_RULE']);
    const me = await t.http.get('/api/shop/me').set(bearer(token)).expect(200);
    expect(me.body.data.nickname).not.toBe('hook-ran');

    const other = await t.shopperToken({ acceptPrivacy: false });
    await t.http.post('/api/shop/me/delete').set(bearer(other.token)).send({ confirm: '注销' }).expect(204);
    await t.http.get('/api/shop/me/export').set(bearer(other.token)).expect(401);
  });
});

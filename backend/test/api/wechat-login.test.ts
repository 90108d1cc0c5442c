import { startFakeWechat, type FakeWechat } from '../fakes/wechat-server';
import { startTestApp, type TestApp } from '../support/app';
import { loadConfig } from '../../src/config';

let wx: FakeWechat;
let t: TestApp;

beforeAll(async () => {
  wx = await startFakeWechat();
  const base = loadConfig();
  t = await startTestApp({ wechat: { appid: wx.appid, secret: wx.secret, apiBase: wx.url } });
  expect(base.wechat.appid).not.toBe(wx.appid);
});
afterAll(async () => {
  await t.close();
  await wx.close();
});

describe('WeChat login (wx.login code → code2session → JWT)', () => {
  it('registers a shopper on the first login and finds the same one on the next', async () => {
    const first = await t.http
      .post('/api/shop/auth/wechat-login')
      .set('X-Forwarded-For', t.nextIp())
      .send({ code: wx.issueLoginCode({ openid: 'o-wx-user-1', unionid: 'u-1' }) })
      .expect(200);
    expect(first.body.data.shopper).toMatchObject({
      privacyAccepted: false,
      nickname: expect.stringContaining('微信用户'),
    });
    const again = await t.http
      .post('/api/shop/auth/wechat-login')
      .set('X-Forwarded-For', t.nextIp())
      .send({ code: wx.issueLoginCode({ openid: 'o-wx-user-1', unionid: 'u-1' }) })
      .expect(200);
    expect(again.body.data.shopper.id).toBe(first.body.data.shopper.id);
    await t.http.get('/api/shop/me').set('Authorization', `Bearer ${again.body.data.token}`).expect(200);
  });

  it('turns a reused code and an unknown code into stable errors', async () => {
    const code = wx.issueLoginCode({ openid: 'o-wx-user-2' });
    await t.http
      .post('/api/shop/auth/wechat-login')
      .set('X-Forwarded-For', t.nextIp())
      .send({ code })
      .expect(200);
    const reused = await t.http
      .post('/api/shop/auth/wechat-login')
      .set('X-Forwarded-For', t.nextIp())
      .send({ code });
    expect([reused.status, reused.body.error.code]).toEqual([422, 'WECHAT_CODE_USED']);
    const unknown = await t.http
      .post('/api/shop/auth/wechat-login')
      .set('X-Forwarded-For', t.nextIp())
      .send({ code: 'never-issued' });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'WECHAT_INVALID_CODE']);
  });
});

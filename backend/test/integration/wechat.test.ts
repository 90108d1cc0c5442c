import { loadConfig } from '../../src/config';
import { createMemoryDrivers, createRedisDrivers, type Drivers } from '../../src/platform/drivers';
import { AppError } from '../../src/platform/errors';
import { createLogger } from '../../src/platform/logger';
import {
  createWechatClient,
  DELIVERY_MODE,
  LOGISTICS_TYPE,
  wechatErrcodeOf,
  type ShippingInfo,
  type WechatClient,
} from '../../src/platform/wechat';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-server';

const logger = createLogger('silent');
const STABLE_TOKEN = '/cgi-bin/stable_token';
const SUBSCRIBE = '/cgi-bin/message/subscribe/send';
const SHIPPING = '/wxa/sec/order/upload_shipping_info';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function clientFor(fake: FakeWechat, drivers: Drivers, timeoutMs?: number): WechatClient {
  return createWechatClient({
    config: { appid: fake.appid, secret: fake.secret, apiBase: fake.url },
    cache: drivers.cache,
    lock: drivers.lock,
    logger,
    timeoutMs,
  });
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const message = (touser = 'o_user_1') => ({
  touser,
  templateId: 'tmpl_group_success',
  page: 'pages/group/detail?id=7',
  data: { thing1: '三人团已成团', amount2: '¥9.90' },
});

const shipping = (overrides: Partial<ShippingInfo> = {}): ShippingInfo => ({
  order_key: { order_number_type: 1, mchid: '1900000109', out_trade_no: `T${Date.now()}${Math.random()}` },
  logistics_type: LOGISTICS_TYPE.express,
  delivery_mode: DELIVERY_MODE.unified,
  shipping_list: [{ tracking_no: 'SF1234567890', express_company: 'SF', item_desc: '有机苹果 5 斤装' }],
  upload_time: '2024-05-01T10:00:00.000+08:00',
  payer: { openid: 'o_user_1' },
  ...overrides,
});

describe('WeChat client methods', () => {
  let fake: FakeWechat;
  let drivers: Drivers;
  let wechat: WechatClient;

  beforeEach(async () => {
    fake = await startFakeWechat({ pages: ['pages/index/index', 'pages/goods/detail'] });
    drivers = createMemoryDrivers(logger);
    wechat = clientFor(fake, drivers);
  });

  afterEach(async () => {
    await fake.close();
    await drivers.close();
  });

  it('code2session exchanges a login code for the openid, session key and unionid', async () => {
    const code = fake.issueLoginCode({ openid: 'o_alice', unionid: 'u_alice' });
    const session = await wechat.code2session(code);
    expect(session).toEqual({ openid: 'o_alice', sessionKey: expect.any(String), unionid: 'u_alice' });
    expect(fake.calls).toEqual([
      {
        method: 'GET',
        path: '/sns/jscode2session',
        query: { appid: fake.appid, secret: fake.secret, js_code: code, grant_type: 'authorization_code' },
        body: {},
      },
    ]);

    const withoutUnion = await wechat.code2session(fake.issueLoginCode({ openid: 'o_bob' }));
    expect(withoutUnion).toEqual({ openid: 'o_bob', sessionKey: expect.any(String) });
  });

  it('code2session refuses an unknown code and a used one with their stable codes', async () => {
    const unknown = await rejection(wechat.code2session('made-up'));
    expect(unknown).toMatchObject({ code: 'WECHAT_INVALID_CODE', status: 422, details: { errcode: 40029 } });

    const code = fake.issueLoginCode({ openid: 'o_alice' });
    await wechat.code2session(code);
    const used = await rejection(wechat.code2session(code));
    expect(used).toMatchObject({ code: 'WECHAT_CODE_USED', status: 422, details: { errcode: 40163 } });
  });

  it('getPhoneNumber returns the number behind a phone button code', async () => {
    const code = fake.issuePhoneCode({ purePhoneNumber: '13800138000' });
    expect(await wechat.getPhoneNumber(code)).toEqual({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
    });
    const [call] = fake.callsTo('/wxa/business/getuserphonenumber');
    expect(call.body).toEqual({ code });
    expect(call.query.access_token).toBe(await wechat.accessToken());
    expect((await rejection(wechat.getPhoneNumber(code))).code).toBe('WECHAT_INVALID_CODE');
  });

  it('getUnlimitedQrCode returns PNG bytes and sends the documented fields', async () => {
    const png = await wechat.getUnlimitedQrCode({
      scene: 'p=12&d=34',
      page: 'pages/goods/detail',
      width: 300,
      checkPath: true,
      envVersion: 'trial',
    });
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(100);
    expect(fake.callsTo('/wxa/getwxacodeunlimit')[0].body).toEqual({
      scene: 'p=12&d=34',
      page: 'pages/goods/detail',
      width: 300,
      check_path: true,
      env_version: 'trial',
    });
  });

  it('getUnlimitedQrCode turns a JSON answer into an error', async () => {
    const badPage = await rejection(wechat.getUnlimitedQrCode({ scene: 'x=1', page: 'pages/nowhere' }));
    expect(badPage).toMatchObject({ code: 'WECHAT_ERROR', status: 502, details: { errcode: 41030 } });
    const longScene = await rejection(wechat.getUnlimitedQrCode({ scene: 'x'.repeat(33) }));
    expect(longScene.details).toMatchObject({ errcode: 40169 });
    // an unreleased page is fine with checkPath false
    await expect(
      wechat.getUnlimitedQrCode({ scene: 'x=1', page: 'pages/new', checkPath: false }),
    ).resolves.toBeInstanceOf(Buffer);
  });

  it('sendSubscribeMessage wraps the values and defaults to the formal version', async () => {
    await wechat.sendSubscribeMessage(message());
    expect(fake.callsTo(SUBSCRIBE)[0].body).toEqual({
      touser: 'o_user_1',
      template_id: 'tmpl_group_success',
      page: 'pages/group/detail?id=7',
      data: { thing1: { value: '三人团已成团' }, amount2: { value: '¥9.90' } },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
  });

  it('lets callers read the errcode of a refused subscribe message (43101: no grant)', async () => {
    fake.failNext(SUBSCRIBE, 43101);
    const err = await rejection(wechat.sendSubscribeMessage(message()));
    expect(err.code).toBe('WECHAT_ERROR');
    expect(wechatErrcodeOf(err)).toBe(43101);
    expect(wechatErrcodeOf(new AppError('NOT_FOUND'))).toBeUndefined();
  });

  it('uploadShippingInfo sends the payload as documented, for split express and for virtual goods', async () => {
    const orderKey = { order_number_type: 2 as const, transaction_id: '4200001234202405010000000001' };
    const first = shipping({
      order_key: orderKey,
      delivery_mode: DELIVERY_MODE.split,
      is_all_delivered: false,
      shipping_list: [
        {
          tracking_no: 'YT001',
          express_company: 'YTO',
          item_desc: '苹果',
          contact: { receiver_contact: '138****8000' },
        },
      ],
    });
    await wechat.uploadShippingInfo(first);
    await wechat.uploadShippingInfo({
      ...first,
      is_all_delivered: true,
      shipping_list: [{ ...first.shipping_list[0], tracking_no: 'YT002' }],
    });
    expect(fake.callsTo(SHIPPING)[0].body).toEqual(first);

    const virtual = shipping({
      logistics_type: LOGISTICS_TYPE.virtual,
      shipping_list: [{ item_desc: '年度会员' }],
    });
    await wechat.uploadShippingInfo(virtual);
    expect(fake.callsTo(SHIPPING)).toHaveLength(3);
  });

  it('uploadShippingInfo passes on WeChat refusals: too many packages, a second correction', async () => {
    const many = shipping({
      delivery_mode: DELIVERY_MODE.split,
      is_all_delivered: true,
      shipping_list: Array.from({ length: 16 }, (_, i) => ({
        tracking_no: `SF${i}`,
        express_company: 'SF',
        item_desc: '苹果',
      })),
    });
    expect((await rejection(wechat.uploadShippingInfo(many))).details).toEqual({
      errcode: 10060024,
      errmsg: expect.any(String),
    });
    await expect(
      wechat.uploadShippingInfo({ ...many, shipping_list: many.shipping_list.slice(0, 15) }),
    ).resolves.toBeUndefined();

    const once = shipping();
    await wechat.uploadShippingInfo(once);
    await wechat.uploadShippingInfo(once); // the one correction
    expect(wechatErrcodeOf(await rejection(wechat.uploadShippingInfo(once)))).toBe(10060003);
  });

  it('msgSecCheck returns the verdict and label', async () => {
    const clean = await wechat.msgSecCheck({ openid: 'o_user_1', content: '苹果很甜，下次还买', scene: 2 });
    expect(clean).toEqual({ suggest: 'pass', label: 100, traceId: expect.any(String) });
    const risky = await wechat.msgSecCheck({ openid: 'o_user_1', content: '这里有违禁词', scene: 2 });
    expect(risky).toMatchObject({ suggest: 'risky', label: 20006 });
    expect(fake.callsTo('/wxa/msg_sec_check')[0].body).toEqual({
      version: 2,
      openid: 'o_user_1',
      scene: 2,
      content: '苹果很甜，下次还买',
    });
  });

  it('mediaCheckAsync returns the trace id and codes the media type', async () => {
    const image = await wechat.mediaCheckAsync({
      mediaUrl: 'https://cdn.example.com/r/1.jpg',
      mediaType: 'image',
      openid: 'o_u',
      scene: 2,
    });
    expect(image.traceId).toMatch(/^[0-9a-f]{24}$/);
    await wechat.mediaCheckAsync({
      mediaUrl: 'https://cdn.example.com/r/1.mp3',
      mediaType: 'audio',
      openid: 'o_u',
      scene: 2,
    });
    expect(fake.callsTo('/wxa/media_check_async').map((c) => c.body.media_type)).toEqual([2, 1]);
  });

  it('getUserRiskRank returns the rank for the shopper', async () => {
    fake.setRiskRank('o_farm', 4);
    expect(await wechat.getUserRiskRank({ openid: 'o_farm', scene: 1, clientIp: '203.0.113.9' })).toEqual({
      riskRank: 4,
      unionId: 1,
    });
    expect(
      await wechat.getUserRiskRank({
        openid: 'o_honest',
        scene: 0,
        clientIp: '203.0.113.10',
        mobileNo: '13800138000',
      }),
    ).toMatchObject({
      riskRank: 0,
    });
    expect(fake.callsTo('/wxa/getuserriskrank')[1].body).toEqual({
      appid: fake.appid,
      openid: 'o_honest',
      scene: 0,
      client_ip: '203.0.113.10',
      mobile_no: '13800138000',
    });
  });

  describe('errors', () => {
    it.each([
      [40029, 'WECHAT_INVALID_CODE', 422],
      [40163, 'WECHAT_CODE_USED', 422],
      [45011, 'WECHAT_RATE_LIMITED', 429],
      [45009, 'WECHAT_RATE_LIMITED', 429],
      [87014, 'WECHAT_CONTENT_RISKY', 422],
      [40037, 'WECHAT_ERROR', 502],
      [10060001, 'WECHAT_ERROR', 502],
    ])('maps errcode %i to %s', async (errcode, code, status) => {
      fake.failNext(SUBSCRIBE, errcode, 'scripted');
      const err = await rejection(wechat.sendSubscribeMessage(message()));
      expect(err).toMatchObject({
        code,
        status,
        details: { errcode, errmsg: expect.stringMatching(/^scripted rid: /) },
      });
      expect(fake.callsTo(SUBSCRIBE)).toHaveLength(1);
    });

    it('retries "system busy" once and succeeds', async () => {
      fake.failNext(SUBSCRIBE, -1);
      await wechat.sendSubscribeMessage(message());
      expect(fake.callsTo(SUBSCRIBE)).toHaveLength(2);

      fake.failNext('/sns/jscode2session', -1);
      const code = fake.issueLoginCode({ openid: 'o_alice' });
      expect((await wechat.code2session(code)).openid).toBe('o_alice');
    });

    it('gives up on "system busy" after one retry', async () => {
      fake.failNext(SUBSCRIBE, -1, undefined, 2);
      const err = await rejection(wechat.sendSubscribeMessage(message()));
      expect(err).toMatchObject({ code: 'WECHAT_ERROR', details: { errcode: -1 } });
      expect(fake.callsTo(SUBSCRIBE)).toHaveLength(2);
    });

    it('reports a wrong secret as WECHAT_ERROR with the errcode', async () => {
      const wrong = createWechatClient({
        config: { appid: fake.appid, secret: 'not-the-secret', apiBase: fake.url },
        cache: drivers.cache,
        lock: drivers.lock,
        logger,
      });
      const err = await rejection(wrong.sendSubscribeMessage(message()));
      expect(err).toMatchObject({ code: 'WECHAT_ERROR', details: { errcode: 40125 } });
      expect(fake.callsTo(SUBSCRIBE)).toHaveLength(0);
    });

    it('reports a server that does not answer in time as WECHAT_ERROR', async () => {
      const impatient = clientFor(fake, drivers, 200);
      await impatient.accessToken();
      fake.delayNext(SUBSCRIBE, 2000);
      const err = await rejection(impatient.sendSubscribeMessage(message()));
      expect(err.code).toBe('WECHAT_ERROR');
      expect(err.message).toContain('timeout after 200 ms');
    });

    it('reports a server that cannot be reached as WECHAT_ERROR, token or not', async () => {
      const down = await startFakeWechat();
      await down.close();
      const offline = createWechatClient({
        config: { appid: down.appid, secret: down.secret, apiBase: down.url },
        cache: drivers.cache,
        lock: drivers.lock,
        logger,
      });
      const noToken = await rejection(offline.sendSubscribeMessage(message()));
      expect(noToken.code).toBe('WECHAT_ERROR');
      expect(noToken.message).toContain(STABLE_TOKEN);
      expect(noToken.message).not.toContain(down.secret);
      expect((await rejection(offline.code2session('any'))).code).toBe('WECHAT_ERROR');
    });
  });
});

describe.each(['memory', 'redis'] as const)('WeChat access token with %s drivers', (kind) => {
  let fake: FakeWechat;
  let drivers: Drivers;

  beforeEach(async () => {
    fake = await startFakeWechat();
    drivers =
      kind === 'memory'
        ? createMemoryDrivers(logger)
        : await createRedisDrivers(loadConfig().redisUrl!, logger);
  });

  afterEach(async () => {
    await fake.close();
    await drivers.close();
  });

  const stableTokenCalls = () => fake.callsTo(STABLE_TOKEN).map((c) => c.body);

  it('fetches the token once through stable_token in normal mode and reuses it', async () => {
    const wechat = clientFor(fake, drivers);
    for (let i = 0; i < 5; i++) await wechat.sendSubscribeMessage(message());
    expect(stableTokenCalls()).toEqual([
      { grant_type: 'client_credential', appid: fake.appid, secret: fake.secret, force_refresh: false },
    ]);
    const tokens = new Set(fake.callsTo(SUBSCRIBE).map((c) => c.query.access_token));
    expect(tokens.size).toBe(1);
  });

  it('makes one token request for 50 concurrent first calls', async () => {
    const wechat = clientFor(fake, drivers);
    await Promise.all(Array.from({ length: 50 }, () => wechat.sendSubscribeMessage(message())));
    expect(stableTokenCalls()).toHaveLength(1);
    expect(fake.callsTo(SUBSCRIBE)).toHaveLength(50);
  });

  it('makes one token request for many processes starting at once (the lock)', async () => {
    const processes = Array.from({ length: 5 }, () => clientFor(fake, drivers));
    await Promise.all(
      processes.flatMap((p) => Array.from({ length: 10 }, () => p.sendSubscribeMessage(message()))),
    );
    expect(stableTokenCalls()).toHaveLength(1);
    expect(fake.callsTo(SUBSCRIBE)).toHaveLength(50);
  });

  it('refreshes an expired token and retries the call once', async () => {
    const wechat = clientFor(fake, drivers);
    await wechat.sendSubscribeMessage(message());
    const before = await wechat.accessToken();
    fake.expireTokens();

    await wechat.sendSubscribeMessage(message());

    const after = await wechat.accessToken();
    expect(after).not.toBe(before);
    expect(fake.callsTo(SUBSCRIBE).map((c) => c.query.access_token)).toEqual([before, before, after]);
    // an expired token is replaced in normal mode: nobody else's token is invalidated
    expect(stableTokenCalls().map((b) => b.force_refresh)).toEqual([false, false]);
  });

  it('forces a refresh only when WeChat rejects the token that stable_token keeps handing out', async () => {
    const wechat = clientFor(fake, drivers);
    const before = await wechat.accessToken();
    fake.failNext(SUBSCRIBE, 40001);

    await wechat.sendSubscribeMessage(message());

    const after = await wechat.accessToken();
    expect(after).not.toBe(before);
    expect(stableTokenCalls().map((b) => b.force_refresh)).toEqual([false, false, true]);
    // another process sharing the cache uses the new token without asking WeChat
    await clientFor(fake, drivers).sendSubscribeMessage(message());
    expect(fake.callsTo(SUBSCRIBE).map((c) => c.query.access_token)).toEqual([before, after, after]);
    expect(stableTokenCalls()).toHaveLength(3);
  });

  it('retries a rejected token only once', async () => {
    const wechat = clientFor(fake, drivers);
    fake.failNext(SUBSCRIBE, 42001, undefined, 2);
    const err = await rejection(wechat.sendSubscribeMessage(message()));
    expect(err).toMatchObject({ code: 'WECHAT_ERROR', details: { errcode: 42001 } });
    expect(fake.callsTo(SUBSCRIBE)).toHaveLength(2);
  });

  it('replaces an expired token once for many processes that all see it refused', async () => {
    const processes = Array.from({ length: 4 }, () => clientFor(fake, drivers));
    await processes[0].accessToken();
    fake.expireTokens();
    await Promise.all(
      processes.flatMap((p) => [p.sendSubscribeMessage(message()), p.sendSubscribeMessage(message())]),
    );
    expect(stableTokenCalls()).toHaveLength(2);
  });

  it('stops using the cached token shortly before it expires', async () => {
    await fake.close();
    fake = await startFakeWechat({ tokenTtlSeconds: 2 }); // cached for 1 s
    const wechat = clientFor(fake, drivers);
    await wechat.sendSubscribeMessage(message());
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await wechat.sendSubscribeMessage(message());
    expect(stableTokenCalls()).toHaveLength(2);
    expect(fake.callsTo(SUBSCRIBE)).toHaveLength(2); // no call was refused on the way
  });
});

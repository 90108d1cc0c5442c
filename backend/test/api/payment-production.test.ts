import { startTestApp } from '../support/app';
import { loadConfig } from '../../src/config';

const prodEnv = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-value',
  DATABASE_URL: 'mysql://root@127.0.0.1:3306/unused',
} as NodeJS.ProcessEnv;

describe('payment configuration in production', () => {
  it('refuses the sandbox and names every missing WeChat Pay setting', () => {
    expect(() => loadConfig({ ...prodEnv, PAY_PROVIDER: 'sandbox' })).toThrow(
      /PAY_PROVIDER=sandbox is refused/,
    );
    expect(() => loadConfig(prodEnv)).toThrow(
      /WECHATPAY_MCHID, WECHATPAY_PRIVATE_KEY_PATH, WECHATPAY_SERIAL_NO or WECHATPAY_MERCHANT_CERT_PATH, WECHATPAY_PLATFORM_PUBLIC_KEY_PATH, WECHATPAY_APIV3_KEY, WECHATPAY_NOTIFY_URL or PUBLIC_URL/,
    );
    const config = loadConfig({
      ...prodEnv,
      PUBLIC_URL: 'https://shop.example.com/',
      WECHATPAY_MCHID: '1900000109',
      WECHATPAY_SERIAL_NO: 'ABC',
      WECHATPAY_PRIVATE_KEY_PATH: '/etc/mall/apiclient_key.pem',
      WECHATPAY_PLATFORM_PUBLIC_KEY_PATH: '/etc/mall/pub_key.pem',
      WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_1',
      WECHATPAY_APIV3_KEY: '0123456789abcdef0123456789abcdef',
    });
    expect(config.payment).toMatchObject({
      provider: 'wechatpay',
      wechatpay: {
        notifyUrl: 'https://shop.example.com/api/pay/notify/wechatpay',
        apiBase: 'https://api.mch.weixin.qq.com',
      },
    });
    expect(loadConfig({ NODE_ENV: 'development' }).payment).toEqual({
      provider: 'sandbox',
      wechatpay: undefined,
    });
  });

  it('has no sandbox confirm route in production, even with the sandbox provider forced in', async () => {
    const t = await startTestApp({
      isProduction: true,
      payment: { provider: 'sandbox', wechatpay: undefined },
    });
    try {
      expect(t.routes.map((r) => r.path)).toContain('/api/pay/notify/wechatpay');
      expect(t.routes.some((r) => r.path.includes('sandbox'))).toBe(false);
      const res = await t.http.post('/api/shop/pay/sandbox/1/confirm').send({});
      expect([res.status, res.body.error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
      const doc = await t.http.get('/api/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths).some((p) => p.includes('sandbox'))).toBe(false);
    } finally {
      await t.close();
    }
  });
});

import crypto from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import {
  buildNotification,
  decryptResource,
  encryptResource,
  jsapiPayParams,
  rsaVerify,
  signatureMessage,
  verifyAndDecryptNotification,
  verifySignedBody,
} from './v3-crypto';

const platform = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_0000000000000000000001';
const APIV3 = 'abcdefghijklmnopqrstuvwxyz012345';
const now = new Date('2026-11-26T02:00:00Z');
const keys = new Map([[SERIAL, platform.publicKey]]);
const resource = { out_trade_no: 'P1', trade_state: 'SUCCESS', amount: { total: 1234 }, note: '中文' };

const notify = () =>
  buildNotification({
    key: { privateKey: platform.privateKey, serial: SERIAL },
    apiV3Key: APIV3,
    eventType: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    originalType: 'transaction',
    resource,
    now,
    id: 'EV-1',
  });

const verify = (headers: Record<string, string>, rawBody: string, at = now, apiV3Key = APIV3) =>
  verifyAndDecryptNotification({ headers, rawBody, publicKeys: keys, apiV3Key, now: at });

describe('v3 notifications', () => {
  it('round-trips: signed, encrypted, verified, decrypted', () => {
    const n = notify();
    const out = verify(n.headers, n.body);
    expect(out).toMatchObject({ id: 'EV-1', eventType: 'TRANSACTION.SUCCESS', originalType: 'transaction' });
    expect(out.resource).toEqual(resource);
    // lower-case header names, as Koa hands them over
    const lower = Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verify(lower, n.body).id).toBe('EV-1');
  });

  it('agrees with wechatpay-node-v3: its verifySign accepts our signature, its decipher_gcm reads our resource', async () => {
    const n = notify();
    const pay = new Pay({
      appid: 'wx1',
      mchid: '1900000001',
      serial_no: 'MERCHANT',
      publicKey: Buffer.from('unused'),
      privateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as Buffer,
      key: APIV3,
    });
    (Pay as unknown as { certificates: Record<string, string> }).certificates = {
      [SERIAL]: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    const ok = await pay.verifySign({
      timestamp: n.headers['Wechatpay-Timestamp'],
      nonce: n.headers['Wechatpay-Nonce'],
      body: n.body,
      serial: SERIAL,
      signature: n.headers['Wechatpay-Signature'],
    });
    expect(ok).toBe(true);
    const r = JSON.parse(n.body).resource;
    expect(pay.decipher_gcm(r.ciphertext, r.associated_data, r.nonce)).toEqual(resource);
    // and the other way: the library's own encryption and signature pass our checks
    const body = JSON.stringify({ hello: 'world' });
    const ts = String(Math.floor(now.getTime() / 1000));
    const sig = crypto
      .createSign('RSA-SHA256')
      .update(`${ts}\nn1\n${body}\n`)
      .sign(platform.privateKey, 'base64');
    expect(() =>
      verifySignedBody({
        headers: {
          'wechatpay-timestamp': ts,
          'wechatpay-nonce': 'n1',
          'wechatpay-signature': sig,
          'wechatpay-serial': SERIAL,
        },
        body,
        publicKeys: keys,
        now,
      }),
    ).not.toThrow();
  });

  it('refuses a changed body, a changed signature, an unknown serial, missing headers, a stale timestamp', () => {
    const n = notify();
    const expectInvalid = (fn: () => unknown, why: RegExp) => {
      try {
        fn();
        throw new Error('accepted');
      } catch (e) {
        expect((e as { code?: string }).code).toBe('INVALID_SIGNATURE');
        expect((e as Error).message).toMatch(why);
      }
    };
    expectInvalid(
      () => verify(n.headers, n.body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESZ')),
      /bad signature/,
    );
    const sig = n.headers['Wechatpay-Signature'];
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expectInvalid(() => verify({ ...n.headers, 'Wechatpay-Signature': flipped }, n.body), /bad signature/);
    expectInvalid(
      () => verify({ ...n.headers, 'Wechatpay-Serial': 'OTHER' }, n.body),
      /unknown platform serial/,
    );
    const { 'Wechatpay-Nonce': _drop, ...noNonce } = n.headers;
    expectInvalid(() => verify(noNonce, n.body), /headers missing/);
    expectInvalid(() => verify(n.headers, n.body, new Date(now.getTime() + 301_000)), /timestamp/);
    expectInvalid(
      () => verify(n.headers, n.body, now, 'another-apiv3-key-of-32-bytes!!!'),
      /does not decrypt/,
    );
  });

  it('GCM refuses altered ciphertext and associated data', () => {
    const r = encryptResource(APIV3, '{"a":1}', 'refund');
    expect(decryptResource(APIV3, r)).toBe('{"a":1}');
    const bytes = Buffer.from(r.ciphertext, 'base64');
    bytes[0] ^= 1;
    expect(() => decryptResource(APIV3, { ...r, ciphertext: bytes.toString('base64') })).toThrow();
    expect(() => decryptResource(APIV3, { ...r, associated_data: 'transaction' })).toThrow();
  });

  it('signs wx.requestPayment parameters over appId, timeStamp, nonceStr and package', () => {
    const p = jsapiPayParams(merchant.privateKey, 'wx1', 'wx26prepay', now);
    expect(p).toMatchObject({ appId: 'wx1', package: 'prepay_id=wx26prepay', signType: 'RSA' });
    const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    expect(rsaVerify(merchant.publicKey, message, p.paySign)).toBe(true);
    expect(rsaVerify(platform.publicKey, message, p.paySign)).toBe(false);
    expect(signatureMessage('1', 'n', 'b')).toBe('1\nn\nb\n');
  });
});

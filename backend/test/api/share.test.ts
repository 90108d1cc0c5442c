/**
 * Share scenes through the HTTP API (MariaDB + Redis and SQLite + memory): one short code per sharer and
 * target, public resolution, opening as a logged-in shopper (counted; binding answered by distribution), and
 * the poster: a real PNG whose code is decoded with jsQR — the H5 link's QR code in embedded mode, WeChat's
 * mini-program code (from the fake WeChat server's getwxacodeunlimit) in wxacode mode — and resolves to the
 * right target and sharer.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-server';
import { startTestApp, type TestApp } from '../support/app';
import { call, expectError, newDistributor, virtualProduct } from './distribution-support';

let t: TestApp;
let wx: FakeWechat;
const token = { owner: '', operator: '', service: '' };

async function decodeQr(png: Buffer): Promise<string> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const pixels = ctx.getImageData(0, 0, image.width, image.height);
  const found = jsQR(new Uint8ClampedArray(pixels.data), image.width, image.height);
  if (!found) throw new Error('no QR code found in the poster');
  return found.data;
}

async function poster(shopperToken: string, code: string) {
  const res = await t.http
    .get(`/api/shop/share-scenes/${code}/poster`)
    .set('Authorization', `Bearer ${shopperToken}`)
    .set('X-Forwarded-For', t.nextIp())
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status: 200,
    type: 'image/png',
  });
  return res.body as Buffer;
}

beforeAll(async () => {
  wx = await startFakeWechat({ pages: ['pages/share/index'] });
  t = await startTestApp({ wechat: { appid: wx.appid, secret: wx.secret, apiBase: wx.url } });
  for (const role of Object.keys(token) as (keyof typeof token)[]) token[role] = await t.adminToken(role);
});
afterAll(async () => {
  await t.close();
  await wx.close();
});

describe('share scenes', () => {
  it('one short code per sharer and target; other sharers get their own; unknown targets are refused', async () => {
    const { productId } = await virtualProduct(t, [2990], '分享测试课');
    const a = await t.shopperToken();
    const b = await t.shopperToken();
    const first = await call(t, a.token, 'post', '/api/shop/share-scenes', {
      kind: 'product',
      id: productId,
    });
    expect(first.code).toMatch(/^[A-Za-z0-9]{4,32}$/);
    expect(first).toMatchObject({
      target: {
        kind: 'product',
        id: String(productId),
        title: '分享测试课',
        price: 2990,
        page: `pages/product/index?id=${productId}`,
        available: true,
      },
      sharer: { id: a.id },
      landingPage: 'pages/share/index',
      h5Url: expect.stringMatching(new RegExp(`/#/pages/share/index\\?scene=${first.code}$`)),
      posterPath: `/api/shop/share-scenes/${first.code}/poster`,
      visitCount: 0,
    });
    const again = await call(t, a.token, 'post', '/api/shop/share-scenes', {
      kind: 'product',
      id: String(productId),
    });
    expect(again.code).toBe(first.code);
    const other = await call(t, b.token, 'post', '/api/shop/share-scenes', {
      kind: 'product',
      id: productId,
    });
    expect(other.code).not.toBe(first.code);
    await expectError(
      t,
      a.token,
      'post',
      '/api/shop/share-scenes',
      { kind: 'product', id: 987654321 },
      422,
      'SHARE_TARGET_UNKNOWN',
    );
    await expectError(
      t,
      a.token,
      'post',
      '/api/shop/share-scenes',
      { kind: 'spaceship', id: 1 },
      422,
      'SHARE_TARGET_UNKNOWN',
    );
    await expectError(
      t,
      a.token,
      'post',
      '/api/shop/share-scenes',
      { kind: 'Bad Kind', id: 1 },
      400,
      'VALIDATION_FAILED',
    );
    const mine = await call(t, a.token, 'get', '/api/shop/share-scenes');
    expect(mine.map((s: { code: string }) => s.code)).toEqual([first.code]);
  });

  it('resolves publicly to the target and the sharer; an unknown code is 404', async () => {
    const { productId } = await virtualProduct(t, [1500], '公开解析课');
    const a = await t.shopperToken();
    const scene = await call(t, a.token, 'post', '/api/shop/share-scenes', {
      kind: 'product',
      id: productId,
    });
    const res = await t.http
      .get(`/api/shop/share-scenes/${scene.code}`)
      .set('X-Forwarded-For', t.nextIp())
      .expect(200);
    expect(res.body.data).toMatchObject({
      code: scene.code,
      target: { kind: 'product', id: String(productId), price: 1500, available: true },
      sharer: { id: a.id, nickname: expect.any(String) },
    });
    const missing = await t.http
      .get('/api/shop/share-scenes/NoSuchCode99')
      .set('X-Forwarded-For', t.nextIp());
    expect({ status: missing.status, code: missing.body.error.code }).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    // a product taken off sale: the scene still resolves, marked unavailable
    await call(t, token.operator, 'post', `/api/admin/products/${productId}/status`, { status: 'off_shelf' });
    const gone = await t.http
      .get(`/api/shop/share-scenes/${scene.code}`)
      .set('X-Forwarded-For', t.nextIp())
      .expect(200);
    expect(gone.body.data.target).toMatchObject({ available: false, title: null, page: null });
    await expectError(
      t,
      a.token,
      'post',
      '/api/shop/share-scenes',
      { kind: 'product', id: productId },
      422,
      'SHARE_TARGET_UNKNOWN',
    );
  });

  it('opening counts other shoppers’ visits and answers the binding', async () => {
    const a = await newDistributor(t);
    const c = await t.shopperToken();
    const scene = await call(t, a.token, 'post', '/api/shop/share-scenes', { kind: 'home', id: 'shop' });
    const opened = await call(t, c.token, 'post', `/api/shop/share-scenes/${scene.code}/open`);
    expect(opened).toMatchObject({
      scene: {
        code: scene.code,
        sharer: { id: a.id },
        target: { kind: 'home', id: 'shop', page: 'pages/index/index' },
      },
      binding: { status: 'bound', parentId: a.id, code: null },
    });
    const self = await call(t, a.token, 'post', `/api/shop/share-scenes/${scene.code}/open`);
    expect(self.binding).toEqual({ status: 'refused', parentId: null, code: 'DISTRIBUTION_SELF_BINDING' });
    const mine = await call(t, a.token, 'post', '/api/shop/share-scenes', { kind: 'home', id: 'shop' });
    expect(mine.visitCount).toBe(1);
  });
});

describe('posters', () => {
  it('embedded mode: a PNG whose QR code is the H5 link of a scene resolving to the target and the sharer', async () => {
    const { productId } = await virtualProduct(t, [12345], '海报测试 纯棉T恤');
    const a = await t.shopperToken();
    const scene = await call(t, a.token, 'post', '/api/shop/share-scenes', {
      kind: 'product',
      id: productId,
    });
    const png = await poster(a.token, scene.code);
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([750, 1200]);
    const text = await decodeQr(png);
    expect(text).toBe(scene.h5Url);
    const code = new URL(text.replace('/#/', '/')).searchParams.get('scene')!;
    const resolved = await t.http
      .get(`/api/shop/share-scenes/${code}`)
      .set('X-Forwarded-For', t.nextIp())
      .expect(200);
    expect(resolved.body.data).toMatchObject({
      target: { kind: 'product', id: String(productId) },
      sharer: { id: a.id },
    });
    // another shopper cannot have it
    const b = await t.shopperToken();
    const refused = await t.http
      .get(`/api/shop/share-scenes/${scene.code}/poster`)
      .set('Authorization', `Bearer ${b.token}`)
      .set('X-Forwarded-For', t.nextIp());
    expect(refused.status).toBe(404);
  });

  it('wxacode mode: the mini-program code from getwxacodeunlimit carries the scene; drawn once while nothing changes', async () => {
    await call(t, token.operator, 'patch', '/api/admin/share/settings', { codeMode: 'wxacode' });
    const { productId } = await virtualProduct(t, [880], '小程序码测试');
    const a = await t.shopperToken();
    const scene = await call(t, a.token, 'post', '/api/shop/share-scenes', {
      kind: 'product',
      id: productId,
    });
    const before = wx.callsTo('/wxa/getwxacodeunlimit').length;
    const png = await poster(a.token, scene.code);
    const calls = wx.callsTo('/wxa/getwxacodeunlimit');
    expect(calls.length).toBe(before + 1);
    expect(calls[calls.length - 1].body).toMatchObject({
      scene: scene.code,
      page: 'pages/share/index',
      check_path: false,
    });
    const text = await decodeQr(png);
    expect(text).toBe(`pages/share/index?scene=${scene.code}`);
    const code = text.split('scene=')[1];
    const resolved = await t.http
      .get(`/api/shop/share-scenes/${code}`)
      .set('X-Forwarded-For', t.nextIp())
      .expect(200);
    expect(resolved.body.data).toMatchObject({
      target: { kind: 'product', id: String(productId) },
      sharer: { id: a.id },
    });
    const again = await poster(a.token, scene.code);
    expect(again.equals(png)).toBe(true);
    expect(wx.callsTo('/wxa/getwxacodeunlimit').length).toBe(before + 1);
    await call(t, token.operator, 'patch', '/api/admin/share/settings', { codeMode: 'auto' });
  });

  it('settings: read by every role, changed by owner and operator only, validated', async () => {
    expect(await call(t, token.service, 'get', '/api/admin/share/settings')).toMatchObject({
      codeMode: 'auto',
      landingPage: 'pages/share/index',
    });
    await expectError(
      t,
      token.service,
      'patch',
      '/api/admin/share/settings',
      { codeMode: 'h5' },
      403,
      'FORBIDDEN',
    );
    await expectError(
      t,
      token.owner,
      'patch',
      '/api/admin/share/settings',
      { landingPage: '/bad page' },
      400,
      'VALIDATION_FAILED',
    );
    await call(t, token.owner, 'patch', '/api/admin/share/settings', {
      h5BaseUrl: 'https://shop.example.com',
    });
    const a = await t.shopperToken();
    const scene = await call(t, a.token, 'post', '/api/shop/share-scenes', { kind: 'home', id: 'shop' });
    expect(scene.h5Url).toBe(`https://shop.example.com/#/pages/share/index?scene=${scene.code}`);
    await call(t, token.owner, 'patch', '/api/admin/share/settings', { h5BaseUrl: null });
  });
});

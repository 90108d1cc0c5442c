import { startTestApp, type TestApp } from '../support/app';

// a 1×1 PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('after-sale photo upload', () => {
  it('stores a photo sent as raw bytes or base64 and serves it back', async () => {
    const { token } = await t.shopperToken();
    const raw = await t.http
      .post('/api/shop/uploads/images')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'image/png')
      .send(PNG)
      .expect(201);
    expect(raw.body.data).toMatchObject({ contentType: 'image/png', size: PNG.length });
    expect(raw.body.data.key).toMatch(/^aftersales\//);
    const json = await t.http
      .post('/api/shop/uploads/images')
      .set('Authorization', `Bearer ${token}`)
      .send({ dataBase64: PNG.toString('base64'), filename: 'x.png' })
      .expect(201);
    const served = await t.http.get(json.body.data.url).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
  });

  it('refuses a file that is not an image whatever it is called', async () => {
    const { token } = await t.shopperToken();
    const res = await t.http
      .post('/api/shop/uploads/images')
      .set('Authorization', `Bearer ${token}`)
      .send({ dataBase64: Buffer.from('%PDF-1.4 not an image').toString('base64'), filename: 'photo.jpg' })
      .expect(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

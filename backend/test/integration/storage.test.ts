import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import type { Config } from '../../src/config';
import { AppError } from '../../src/platform/errors';
import { createStorage, type Storage } from '../../src/platform/storage';

const MB = 1024 * 1024;

function storageConfig(overrides: Partial<Config['storage']> = {}): Config['storage'] {
  return { driver: 'local', localDir: '/nonexistent', maxBytes: MB, s3: { region: 'auto' }, ...overrides };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);
const KEY_SHAPE = (folder: string, ext: string) =>
  new RegExp(`^${folder}/\\d{4}/(0[1-9]|1[0-2])/[0-9a-f]{32}\\.${ext}$`);

describe('storage, local driver', () => {
  let dir: string;
  let storage: Storage;
  let png: Buffer;

  beforeAll(async () => {
    png = await QRCode.toBuffer('https://example.com/p/1', { type: 'png' });
  });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mall-storage-'));
    storage = createStorage(storageConfig({ localDir: path.join(dir, 'uploads') }));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores, reads and deletes a file under a dated random key', async () => {
    const stored = await storage.put({
      bytes: png,
      filename: 'poster.png',
      folder: 'posters/share',
      allowed: ['image'],
    });

    expect(stored.key).toMatch(KEY_SHAPE('posters/share', 'png'));
    const now = new Date();
    expect(stored.key).toContain(
      `/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/`,
    );
    expect(stored).toMatchObject({
      url: `/uploads/${stored.key}`,
      size: png.length,
      contentType: 'image/png',
    });
    expect(storage.url(stored.key)).toBe(stored.url);
    expect(await readFile(path.join(dir, 'uploads', stored.key))).toEqual(png);
    expect((await storage.get(stored.key)).equals(png)).toBe(true);

    await storage.delete(stored.key);
    expect((await rejection(storage.get(stored.key))).code).toBe('NOT_FOUND');
    await expect(storage.delete(stored.key)).resolves.toBeUndefined();
  });

  it('names the file by its content, not by the name it came with', async () => {
    const stored = await storage.put({
      bytes: PDF,
      filename: 'invoice.png',
      folder: 'invoices',
      allowed: ['pdf', 'image'],
    });
    expect(stored.key).toMatch(KEY_SHAPE('invoices', 'pdf'));
    expect(stored.contentType).toBe('application/pdf');

    const csv = await storage.put({
      bytes: Buffer.from('订单号,金额\n1001,1990\n'),
      folder: 'exports',
      allowed: ['csv'],
    });
    expect(csv.key).toMatch(KEY_SHAPE('exports', 'csv'));
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
  });

  it('gives two uploads of the same bytes two keys', async () => {
    const a = await storage.put({ bytes: png, folder: 'reviews', allowed: ['image'] });
    const b = await storage.put({ bytes: png, folder: 'reviews', allowed: ['image'] });
    expect(a.key).not.toBe(b.key);
  });

  it('refuses a type that is not allowed, whatever the file is called', async () => {
    const pdfAsImage = await rejection(
      storage.put({ bytes: PDF, filename: 'photo.jpg', folder: 'reviews', allowed: ['image', 'video'] }),
    );
    expect(pdfAsImage.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(pdfAsImage.status).toBe(415);
    expect(pdfAsImage.details).toEqual({ detected: 'application/pdf', allowed: ['image', 'video'] });

    const exe = await rejection(
      storage.put({ bytes: EXE, filename: 'photo.jpg', folder: 'reviews', allowed: ['image'] }),
    );
    expect(exe.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(exe.details).toEqual({ detected: 'unknown', allowed: ['image'] });

    expect(existsSync(path.join(dir, 'uploads'))).toBe(false);
  });

  it('refuses a file over the configured size, or over the size given for the call', async () => {
    const small = createStorage(
      storageConfig({ localDir: path.join(dir, 'uploads'), maxBytes: png.length - 1 }),
    );
    const overConfig = await rejection(small.put({ bytes: png, folder: 'reviews', allowed: ['image'] }));
    expect(overConfig.code).toBe('PAYLOAD_TOO_LARGE');
    expect(overConfig.status).toBe(413);
    expect(overConfig.details).toEqual({ size: png.length, maxBytes: png.length - 1 });

    const overCall = await rejection(
      storage.put({ bytes: png, folder: 'reviews', allowed: ['image'], maxBytes: 100 }),
    );
    expect(overCall.code).toBe('PAYLOAD_TOO_LARGE');

    await expect(
      small.put({ bytes: png, folder: 'reviews', allowed: ['image'], maxBytes: png.length }),
    ).resolves.toMatchObject({
      size: png.length,
    });
  });

  it('refuses keys and folders that could leave the storage folder', async () => {
    const secret = path.join(dir, 'secret.txt');
    await writeFile(secret, 'do not serve');
    const keys = [
      '../secret.txt',
      'reviews/../../secret.txt',
      '/etc/passwd',
      secret,
      'reviews\\..\\..\\secret.txt',
      'reviews//x.png',
      '.hidden',
      'reviews/./x.png',
      '',
    ];
    for (const key of keys) {
      expect((await rejection(storage.get(key))).code).toBe('VALIDATION_FAILED');
      expect((await rejection(storage.delete(key))).code).toBe('VALIDATION_FAILED');
      expect(() => storage.url(key)).toThrow(AppError);
    }
    for (const folder of ['..', '../outside', 'reviews/..', '/abs', 'a\\b', '']) {
      expect((await rejection(storage.put({ bytes: png, folder, allowed: ['image'] }))).code).toBe(
        'VALIDATION_FAILED',
      );
    }
    expect(await readFile(secret, 'utf8')).toBe('do not serve');
    expect(readdirSync(dir)).toEqual(['secret.txt']);
  });
});

/**
 * No S3 service is reachable here. This in-test server speaks just enough of the S3 REST API (path-style
 * PUT, GET, DELETE and the NoSuchKey error) to check what the driver sends; it does not verify signatures.
 */
async function startTinyS3(): Promise<{
  url: string;
  objects: Map<string, { body: Buffer; type?: string }>;
  close(): Promise<void>;
}> {
  const objects = new Map<string, { body: Buffer; type?: string }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const objectPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (req.method === 'PUT') {
        objects.set(objectPath, { body: Buffer.concat(chunks), type: req.headers['content-type'] });
        res.writeHead(200, { etag: '"1"' }).end();
      } else if (req.method === 'DELETE') {
        objects.delete(objectPath);
        res.writeHead(204).end();
      } else if (objects.has(objectPath)) {
        const o = objects.get(objectPath)!;
        res.writeHead(200, {
          'content-type': o.type ?? 'application/octet-stream',
          'content-length': o.body.length,
        });
        res.end(o.body);
      } else {
        res.writeHead(404, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>gone</Message></Error>');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('storage, s3 driver', () => {
  const s3 = (endpoint: string, publicUrl?: string) =>
    createStorage(
      storageConfig({
        driver: 's3',
        s3: {
          endpoint,
          bucket: 'mall',
          region: 'auto',
          accessKeyId: 'test',
          secretAccessKey: 'test',
          publicUrl,
        },
      }),
    );

  it('builds public URLs from the public base, or path-style from the endpoint', () => {
    const key = 'reviews/2024/05/0123456789abcdef0123456789abcdef.jpg';
    expect(s3('https://oss.example.com', 'https://cdn.example.com/').url(key)).toBe(
      `https://cdn.example.com/${key}`,
    );
    expect(s3('https://oss.example.com/').url(key)).toBe(`https://oss.example.com/mall/${key}`);
    expect(() => s3('https://oss.example.com').url('../x')).toThrow(AppError);
  });

  it('checks type and size before talking to the store', async () => {
    // nothing listens on port 9: a request would fail as DEPENDENCY_UNAVAILABLE, not as these codes
    const storage = s3('http://127.0.0.1:9');
    expect((await rejection(storage.put({ bytes: EXE, folder: 'reviews', allowed: ['image'] }))).code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(
      (await rejection(storage.put({ bytes: PDF, folder: 'reviews', allowed: ['pdf'], maxBytes: 10 }))).code,
    ).toBe('PAYLOAD_TOO_LARGE');
  });

  it('puts, gets and deletes objects path-style with their content type', async () => {
    const server = await startTinyS3();
    try {
      const storage = s3(server.url);
      const stored = await storage.put({ bytes: PDF, folder: 'invoices', allowed: ['pdf'] });
      expect(stored.url).toBe(`${server.url}/mall/${stored.key}`);
      expect(server.objects.get(`/mall/${stored.key}`)).toEqual({ body: PDF, type: 'application/pdf' });
      expect((await storage.get(stored.key)).equals(PDF)).toBe(true);

      await storage.delete(stored.key);
      expect(server.objects.size).toBe(0);
      expect((await rejection(storage.get(stored.key))).code).toBe('NOT_FOUND');
    } finally {
      await server.close();
    }
  });

  it('reports an unreachable store as DEPENDENCY_UNAVAILABLE', async () => {
    const storage = s3('http://127.0.0.1:9');
    const err = await rejection(storage.put({ bytes: PDF, folder: 'invoices', allowed: ['pdf'] }));
    expect(err.code).toBe('DEPENDENCY_UNAVAILABLE');
  });
});

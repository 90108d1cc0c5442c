import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../config';
import { AppError } from '../errors';
import type { ObjectStore } from './object-store';

type S3Config = Config['storage']['s3'];

/**
 * Any S3-compatible store (AWS S3, Aliyun OSS, Tencent COS, Cloudflare R2, MinIO), path-style addressing.
 * Checksums only where the API requires them: several S3-compatible stores refuse the SDK's default
 * CRC32 headers and trailers.
 */
export function createS3Store(config: S3Config): ObjectStore {
  const { endpoint, bucket } = config;
  if (!endpoint || !bucket) throw new Error('S3 storage needs an endpoint and a bucket');
  const client = new S3Client({
    endpoint,
    region: config.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.accessKeyId && config.secretAccessKey
      ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
      : {}),
  });
  const publicBase = (config.publicUrl ?? `${endpoint.replace(/\/+$/, '')}/${bucket}`).replace(/\/+$/, '');

  async function send<T>(what: string, key: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      if (err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) {
        throw new AppError('NOT_FOUND', `No stored file ${key}`);
      }
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        `Object storage ${what} failed: ${err.name}: ${err.message}`,
      );
    }
  }

  return {
    async write(key, bytes, contentType) {
      await send('put', key, () =>
        client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }),
        ),
      );
    },
    async read(key) {
      const out = await send('get', key, () =>
        client.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
      );
      if (!out.Body) throw new AppError('NOT_FOUND', `No stored file ${key}`);
      return Buffer.from(await out.Body.transformToByteArray());
    },
    async remove(key) {
      await send('delete', key, () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
    },
    url: (key) => `${publicBase}/${key}`,
  };
}

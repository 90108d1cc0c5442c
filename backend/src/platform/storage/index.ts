import type { Config } from '../../config';
import { AppError } from '../errors';
import { assertValidKey, newKey } from './keys';
import { createLocalStore } from './local';
import type { ObjectStore } from './object-store';
import { createS3Store } from './s3';
import { sniffType, type MediaKind } from './sniff';

export type { MediaKind } from './sniff';
export { sniffType } from './sniff';

export interface PutFile {
  bytes: Buffer;
  /** only for messages: the type comes from the bytes */
  filename?: string;
  /** e.g. `reviews` or `posters/share`: letters, digits, `-`, `_`, slashes between */
  folder: string;
  allowed: MediaKind[];
  /** defaults to the configured UPLOAD_MAX_BYTES */
  maxBytes?: number;
}

export interface StoredFile {
  key: string;
  /** `/uploads/<key>` (local) or the public URL of the object (s3) */
  url: string;
  size: number;
  contentType: string;
}

export interface Storage {
  readonly driver: Config['storage']['driver'];
  /** PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, or the stored file */
  put(file: PutFile): Promise<StoredFile>;
  /** NOT_FOUND when absent */
  get(key: string): Promise<Buffer>;
  /** no error when absent */
  delete(key: string): Promise<void>;
  url(key: string): string;
}

export function createStorage(config: Config['storage']): Storage {
  const store: ObjectStore =
    config.driver === 's3' ? createS3Store(config.s3) : createLocalStore(config.localDir);

  return {
    driver: config.driver,

    async put(file) {
      const maxBytes = file.maxBytes ?? config.maxBytes;
      const name = file.filename ? `${file.filename}: ` : '';
      if (file.bytes.length > maxBytes) {
        throw new AppError('PAYLOAD_TOO_LARGE', `${name}file is larger than ${maxBytes} bytes`, {
          size: file.bytes.length,
          maxBytes,
        });
      }
      const type = sniffType(file.bytes);
      if (!type || !file.allowed.includes(type.kind)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${name}file type not allowed here`, {
          detected: type?.contentType ?? 'unknown',
          allowed: file.allowed,
        });
      }
      const key = newKey(file.folder, type.ext);
      await store.write(key, file.bytes, type.contentType);
      return { key, url: store.url(key), size: file.bytes.length, contentType: type.contentType };
    },

    async get(key) {
      assertValidKey(key);
      return store.read(key);
    },

    async delete(key) {
      assertValidKey(key);
      await store.remove(key);
    },

    url(key) {
      assertValidKey(key);
      return store.url(key);
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import type { ObjectStore } from './object-store';

/** Files under `root`; the app serves that folder at `/uploads`. */
export function createLocalStore(root: string): ObjectStore {
  const base = path.resolve(root);

  // keys are validated before they get here; this is the second fence
  function fileOf(key: string): string {
    const file = path.resolve(base, key);
    if (!file.startsWith(base + path.sep))
      throw new AppError('VALIDATION_FAILED', `Invalid storage key: ${key}`);
    return file;
  }

  return {
    async write(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // write then rename, so that the static server never serves half a file
      const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
      try {
        await writeFile(partial, bytes, { flag: 'wx' });
        await rename(partial, file);
      } catch (e) {
        await rm(partial, { force: true });
        throw e;
      }
    },
    async read(key) {
      try {
        return await readFile(fileOf(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT')
          throw new AppError('NOT_FOUND', `No stored file ${key}`);
        throw e;
      }
    },
    async remove(key) {
      await rm(fileOf(key), { force: true });
    },
    url: (key) => `/uploads/${key}`,
  };
}

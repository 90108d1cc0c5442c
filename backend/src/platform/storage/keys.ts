import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';

const FOLDER = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/i;
/** every segment starts with a letter or digit, so `.`, `..` and hidden names cannot occur */
const KEY = /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/i;
const MAX_KEY_LENGTH = 512;

export function assertValidFolder(folder: string): void {
  if (!FOLDER.test(folder))
    throw new AppError('VALIDATION_FAILED', `Invalid storage folder: ${JSON.stringify(folder)}`);
}

/** Refuses anything that could leave the storage root: `..`, absolute paths, backslashes, empty segments. */
export function assertValidKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY.test(key)) {
    throw new AppError('VALIDATION_FAILED', `Invalid storage key: ${JSON.stringify(key)}`);
  }
}

/** `folder/yyyy/mm/<random>.<ext>`, month in UTC */
export function newKey(folder: string, ext: string, now: Date = new Date()): string {
  assertValidFolder(folder);
  const yyyy = String(now.getUTCFullYear());
  const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${folder}/${yyyy}/${mm}/${randomBytes(16).toString('hex')}.${ext}`;
}

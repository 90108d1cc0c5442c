import crypto, { type KeyObject } from 'node:crypto';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezonePlugin from 'dayjs/plugin/timezone';
import { AppError } from '../../platform/errors';

dayjs.extend(utc);
dayjs.extend(timezonePlugin);

/**
 * WeChat Pay APIv3 signatures and encrypted resources, on node:crypto. The same functions sign what the
 * sandbox sends and check what arrives, so development and tests run the production verification path.
 *
 * - Signature (notifications and API responses): RSA-SHA256 (PKCS#1 v1.5) over `timestamp\nnonce\nbody\n`,
 *   base64, in `Wechatpay-Signature`, with `Wechatpay-Timestamp`, `Wechatpay-Nonce`, `Wechatpay-Serial`.
 * - Resource: AEAD_AES_256_GCM with the 32-byte APIv3 key, the 12-character `nonce` as IV, `associated_data`
 *   as AAD; `ciphertext` is base64 of the encrypted bytes followed by the 16-byte tag.
 */

/** WeChat Pay's times are Beijing time with an offset: 2026-11-26T10:34:56+08:00 */
export const WECHATPAY_TZ = 'Asia/Shanghai';
export const rfc3339 = (date: Date) => dayjs(date).tz(WECHATPAY_TZ).format('YYYY-MM-DDTHH:mm:ssZ');

/** notifications and responses older or newer than this are refused (replay protection) */
export const MAX_CLOCK_SKEW_SECONDS = 300;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomNonce(length = 32): string {
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join('');
}

export const signatureMessage = (timestamp: string, nonce: string, body: string) =>
  `${timestamp}\n${nonce}\n${body}\n`;

export function rsaSign(privateKey: crypto.KeyLike, message: string): string {
  return crypto.createSign('RSA-SHA256').update(message).sign(privateKey, 'base64');
}

export function rsaVerify(publicKey: crypto.KeyLike, message: string, signature: string): boolean {
  try {
    return crypto.createVerify('RSA-SHA256').update(message).verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type: string;
}

export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  originalType: string,
  associatedData = originalType,
): EncryptedResource {
  const nonce = randomNonce(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: encrypted.toString('base64'),
    associated_data: associatedData,
    nonce,
    original_type: originalType,
  };
}

/** Throws when the key is wrong or the ciphertext, nonce or associated data were altered (GCM tag check). */
export function decryptResource(
  apiV3Key: string,
  r: { ciphertext: string; associated_data?: string; nonce: string },
): string {
  const bytes = Buffer.from(r.ciphertext, 'base64');
  if (bytes.length <= 16) throw new Error('ciphertext too short');
  const decipher = crypto.createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(r.nonce));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  decipher.setAAD(Buffer.from(r.associated_data ?? ''));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

export interface SigningKey {
  privateKey: crypto.KeyLike;
  serial: string;
}

/** The four signature headers for a body, as WeChat Pay sends them. */
export function signedHeaders(key: SigningKey, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = randomNonce(32);
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': rsaSign(key.privateKey, signatureMessage(timestamp, nonce, body)),
    'Wechatpay-Serial': key.serial,
  };
}

export interface SignedNotification {
  headers: Record<string, string>;
  body: string;
}

/** A notification exactly as WeChat Pay posts it: JSON envelope, encrypted resource, signature headers. */
export function buildNotification(opts: {
  key: SigningKey;
  apiV3Key: string;
  eventType: string;
  summary: string;
  originalType: 'transaction' | 'refund';
  resource: object;
  now: Date;
  id?: string;
}): SignedNotification {
  const body = JSON.stringify({
    id: opts.id ?? crypto.randomUUID(),
    create_time: rfc3339(opts.now),
    resource_type: 'encrypt-resource',
    event_type: opts.eventType,
    summary: opts.summary,
    resource: encryptResource(opts.apiV3Key, JSON.stringify(opts.resource), opts.originalType),
  });
  return { headers: signedHeaders(opts.key, body, opts.now), body };
}

export type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const lower = name.toLowerCase();
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === lower)?.[1];
  return Array.isArray(found) ? found[0] : found;
}

const invalid = (why: string) => new AppError('INVALID_SIGNATURE', `Signature check failed: ${why}`);

/**
 * Checks the Wechatpay-* signature headers of a body against the platform key named by Wechatpay-Serial,
 * and the timestamp against the clock. Throws INVALID_SIGNATURE with the reason.
 */
export function verifySignedBody(opts: {
  headers: HeaderBag;
  body: string;
  publicKeys: ReadonlyMap<string, KeyObject>;
  now: Date;
}): void {
  const timestamp = header(opts.headers, 'Wechatpay-Timestamp');
  const nonce = header(opts.headers, 'Wechatpay-Nonce');
  const signature = header(opts.headers, 'Wechatpay-Signature');
  const serial = header(opts.headers, 'Wechatpay-Serial');
  if (!timestamp || !nonce || !signature || !serial) throw invalid('signature headers missing');
  const key = opts.publicKeys.get(serial);
  if (!key) throw invalid(`unknown platform serial ${serial.slice(0, 64)}`);
  if (
    !/^\d{1,12}$/.test(timestamp) ||
    Math.abs(Number(timestamp) - opts.now.getTime() / 1000) > MAX_CLOCK_SKEW_SECONDS
  ) {
    throw invalid('timestamp outside the allowed window');
  }
  if (!rsaVerify(key, signatureMessage(timestamp, nonce, opts.body), signature))
    throw invalid('bad signature');
}

export interface DecryptedNotification {
  id: string;
  createTime: string;
  eventType: string;
  summary: string;
  originalType: string;
  resource: Record<string, unknown>;
}

/** verifySignedBody, then the envelope and its AES-256-GCM resource. Anything wrong → INVALID_SIGNATURE. */
export function verifyAndDecryptNotification(opts: {
  headers: HeaderBag;
  rawBody: string;
  publicKeys: ReadonlyMap<string, KeyObject>;
  apiV3Key: string;
  now: Date;
}): DecryptedNotification {
  verifySignedBody({ headers: opts.headers, body: opts.rawBody, publicKeys: opts.publicKeys, now: opts.now });
  let envelope: {
    id?: unknown;
    create_time?: unknown;
    event_type?: unknown;
    summary?: unknown;
    resource?: {
      algorithm?: unknown;
      ciphertext?: unknown;
      associated_data?: unknown;
      nonce?: unknown;
      original_type?: unknown;
    };
  };
  try {
    envelope = JSON.parse(opts.rawBody);
  } catch {
    throw invalid('body is not JSON');
  }
  const r = envelope.resource;
  if (
    typeof envelope.id !== 'string' ||
    typeof envelope.event_type !== 'string' ||
    !r ||
    r.algorithm !== 'AEAD_AES_256_GCM' ||
    typeof r.ciphertext !== 'string' ||
    typeof r.nonce !== 'string'
  ) {
    throw invalid('not a v3 notification envelope');
  }
  let resource: unknown;
  try {
    resource = JSON.parse(
      decryptResource(opts.apiV3Key, {
        ciphertext: r.ciphertext,
        nonce: r.nonce,
        associated_data: typeof r.associated_data === 'string' ? r.associated_data : '',
      }),
    );
  } catch {
    throw invalid('resource does not decrypt');
  }
  if (!resource || typeof resource !== 'object') throw invalid('resource is not an object');
  return {
    id: envelope.id,
    createTime: String(envelope.create_time ?? ''),
    eventType: envelope.event_type,
    summary: String(envelope.summary ?? ''),
    originalType: String(r.original_type ?? ''),
    resource: resource as Record<string, unknown>,
  };
}

/** The mini-program's wx.requestPayment parameters, signed with the merchant key over appId, timeStamp, nonceStr, package. */
export function jsapiPayParams(
  key: crypto.KeyLike,
  appId: string,
  prepayId: string,
  now: Date,
): Record<'appId' | 'timeStamp' | 'nonceStr' | 'package' | 'signType' | 'paySign', string> {
  const timeStamp = String(Math.floor(now.getTime() / 1000));
  const nonceStr = randomNonce(32);
  const pkg = `prepay_id=${prepayId}`;
  return {
    appId,
    timeStamp,
    nonceStr,
    package: pkg,
    signType: 'RSA',
    paySign: rsaSign(key, `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`),
  };
}

/** Reads a PEM that is either a public key or an X.509 certificate; a certificate also gives its serial. */
export function readPlatformKey(pem: string): { key: KeyObject; certificateSerial?: string } {
  if (pem.includes('BEGIN CERTIFICATE')) {
    const cert = new crypto.X509Certificate(pem);
    return { key: cert.publicKey, certificateSerial: cert.serialNumber.toUpperCase() };
  }
  return { key: crypto.createPublicKey(pem) };
}

import { isUtf8 } from 'node:buffer';

export type MediaKind = 'image' | 'video' | 'pdf' | 'csv';

export interface SniffedType {
  kind: MediaKind;
  contentType: string;
  ext: string;
}

const startsWith = (bytes: Buffer, signature: string | number[], offset = 0): boolean => {
  const sig = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= offset + sig.length && bytes.subarray(offset, offset + sig.length).equals(sig);
};

/** ISO base media brands of video files; QuickTime is `qt  ` */
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'M4V ',
  'M4VH',
  'M4VP',
  'mmp4',
  'dash',
  'MSNV',
]);
/** same container, not video: audio books and music, HEIF/AVIF images, camera raw */
const NON_VIDEO_BRANDS = new Set([
  'M4A ',
  'M4B ',
  'M4P ',
  'heic',
  'heix',
  'hevc',
  'mif1',
  'msf1',
  'avif',
  'avis',
  'crx ',
]);

/**
 * What a file is, from its first bytes (never from its name). CSV has no signature: any text counts that
 * has no NUL or control bytes (tab, CR and LF aside) and is valid UTF-8 or valid GB18030 (which includes
 * GBK, what Excel in China writes).
 */
export function sniffType(bytes: Buffer): SniffedType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', contentType: 'image/jpeg', ext: 'jpg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { kind: 'image', contentType: 'image/png', ext: 'png' };
  }
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a'))
    return { kind: 'image', contentType: 'image/gif', ext: 'gif' };
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8))
    return { kind: 'image', contentType: 'image/webp', ext: 'webp' };
  if (startsWith(bytes, '%PDF-')) return { kind: 'pdf', contentType: 'application/pdf', ext: 'pdf' };
  if (startsWith(bytes, 'ftyp', 4)) return sniffIsoMedia(bytes);
  if (hasNoControlBytes(bytes)) {
    if (isUtf8(bytes)) return { kind: 'csv', contentType: 'text/csv; charset=utf-8', ext: 'csv' };
    if (isGb18030(bytes)) return { kind: 'csv', contentType: 'text/csv; charset=gb18030', ext: 'csv' };
  }
  return undefined;
}

function sniffIsoMedia(bytes: Buffer): SniffedType | undefined {
  const major = bytes.toString('latin1', 8, 12);
  if (major === 'qt  ') return { kind: 'video', contentType: 'video/quicktime', ext: 'mov' };
  if (NON_VIDEO_BRANDS.has(major)) return undefined;
  // ftyp box: size, 'ftyp', major brand, minor version, then compatible brands up to the box's end
  const boxEnd = Math.min(bytes.readUInt32BE(0), bytes.length);
  const brands = [major];
  for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(bytes.toString('latin1', at, at + 4));
  if (brands.some((b) => MP4_BRANDS.has(b))) return { kind: 'video', contentType: 'video/mp4', ext: 'mp4' };
  return undefined;
}

function hasNoControlBytes(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  for (const b of bytes) {
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return false;
  }
  return true;
}

/** GB18030 includes GBK and GB2312 */
function isGb18030(bytes: Buffer): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

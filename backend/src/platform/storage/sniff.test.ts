import fc from 'fast-check';
import { sniffType } from './sniff';

const b64 = (s: string) => Buffer.from(s, 'base64');
const ascii = (s: string) => Buffer.from(s, 'latin1');
/** an ISO media `ftyp` box: major brand, minor version, compatible brands */
const ftyp = (major: string, ...compatible: string[]) => {
  const box = Buffer.concat([
    Buffer.alloc(4),
    ascii('ftyp'),
    ascii(major),
    Buffer.from([0, 0, 2, 0]),
    ...compatible.map(ascii),
  ]);
  box.writeUInt32BE(box.length, 0);
  return Buffer.concat([box, Buffer.from([0, 0, 0, 8]), ascii('mdat')]);
};

describe('sniffType', () => {
  it.each([
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF\0')]), 'image/jpeg', 'jpg'],
    [
      'png',
      b64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
      'image/png',
      'png',
    ],
    ['gif89a', b64('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='), 'image/gif', 'gif'],
    ['gif87a', ascii('GIF87a\x01\x00\x01\x00'), 'image/gif', 'gif'],
    ['webp', b64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=='), 'image/webp', 'webp'],
  ])('recognises %s as an image', (_name, bytes, contentType, ext) => {
    expect(sniffType(bytes)).toEqual({ kind: 'image', contentType, ext });
  });

  it.each([
    ['an isom mp4', ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'video/mp4', 'mp4'],
    ['an mp42 mp4', ftyp('mp42', 'mp42', 'isom'), 'video/mp4', 'mp4'],
    ['a camera brand with mp4 compatibility', ftyp('XAVC', 'XAVC', 'mp42', 'iso2'), 'video/mp4', 'mp4'],
    ['a QuickTime movie', ftyp('qt  ', 'qt  '), 'video/quicktime', 'mov'],
  ])('recognises %s as a video', (_name, bytes, contentType, ext) => {
    expect(sniffType(bytes)).toEqual({ kind: 'video', contentType, ext });
  });

  it.each([
    ['m4a audio', ftyp('M4A ', 'M4A ', 'mp42', 'isom')],
    ['a HEIC photo', ftyp('heic', 'mif1', 'heic')],
    ['an AVIF image', ftyp('avif', 'avif', 'mif1', 'miaf')],
    ['an unknown ISO brand', ftyp('abcd', 'abcd')],
  ])('refuses %s, which shares the mp4 container', (_name, bytes) => {
    expect(sniffType(bytes)).toBeUndefined();
  });

  it('recognises a pdf', () => {
    expect(sniffType(ascii('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'))).toEqual({
      kind: 'pdf',
      contentType: 'application/pdf',
      ext: 'pdf',
    });
  });

  it('takes UTF-8 text, with or without a BOM, for csv', () => {
    const csv = '商品,价格（分）\r\n苹果,1990\r\n"带,逗号",100\n';
    expect(sniffType(Buffer.from(csv))).toEqual({
      kind: 'csv',
      contentType: 'text/csv; charset=utf-8',
      ext: 'csv',
    });
    expect(sniffType(Buffer.from(`\ufeff${csv}`))?.contentType).toBe('text/csv; charset=utf-8');
  });

  it('takes GBK text (what Excel in China saves) for csv, labelled GB18030', () => {
    // "name,苹果\n" with 苹果 in GBK
    const gbk = Buffer.concat([ascii('name,'), Buffer.from([0xc6, 0xbb, 0xb9, 0xfb]), ascii('\n')]);
    expect(sniffType(gbk)).toEqual({ kind: 'csv', contentType: 'text/csv; charset=gb18030', ext: 'csv' });
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a zip (xlsx)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])],
    ['a Windows executable', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])],
    ['high bytes that are neither UTF-8 nor GB18030', Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0x0a])],
    ['text with an escape byte', ascii('a,b\n\x1b[31mred\n')],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffType(bytes)).toBeUndefined();
  });

  it('decides on the bytes whatever follows the signature', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (rest) => {
        expect(sniffType(Buffer.concat([png, rest]))?.contentType).toBe('image/png');
      }),
    );
  });

  it('never takes bytes containing NUL for csv', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        const bytes = Buffer.concat([Buffer.from(a), Buffer.from([0]), Buffer.from(b)]);
        expect(sniffType(bytes)?.kind).not.toBe('csv');
      }),
    );
  });
});

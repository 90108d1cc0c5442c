import { CODE_ALPHABET, CODE_LENGTH, formatCode, generateCode, normalizeCode } from './codes';

describe('redemption codes', () => {
  it('are 12 characters of Crockford base32, different every time', () => {
    const codes = new Set(Array.from({ length: 5000 }, generateCode));
    expect(codes.size).toBe(5000);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
  });

  it('use every character about equally (each from one random byte & 31)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const ch of generateCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (4000 * CODE_LENGTH) / 32;
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.2);
  });

  it('read back whatever a person typed: case, spaces, dashes, O for 0, I and L for 1', () => {
    const code = '0123ABCD1XYZ';
    expect(normalizeCode(formatCode(code))).toBe(code);
    expect(normalizeCode(' o123-abcd-ixyz ')).toBe(code);
    expect(normalizeCode('O123ABCDLXYZ')).toBe(code);
    expect(formatCode(code)).toBe('0123-ABCD-1XYZ');
  });

  it('refuse what cannot be a code', () => {
    expect(normalizeCode('')).toBeUndefined();
    expect(normalizeCode('0123ABCD1XY')).toBeUndefined();
    expect(normalizeCode('0123ABCD1XYZ0')).toBeUndefined();
    expect(normalizeCode('0123ABCDUXYZ')).toBeUndefined();
    expect(normalizeCode("0123ABCD1XY'")).toBeUndefined();
  });
});

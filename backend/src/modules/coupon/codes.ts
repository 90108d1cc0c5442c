import crypto from 'node:crypto';

/**
 * Redemption codes: 12 characters of Crockford's base32 (no I, L, O, U: nothing to misread), each drawn from
 * one byte of crypto.randomBytes (256 is a multiple of 32, so every character is uniform): 60 bits, about
 * 10^18 codes, so guessing one of even a million live codes takes ~10^12 tries against a rate-limited route.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 12;
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export function generateCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += CODE_ALPHABET[b & 31];
  return code;
}

/**
 * What a shopper typed → the stored form, or undefined when it cannot be a code. Case, spaces and dashes do not
 * matter; O reads as 0 and I, L as 1 (Crockford's rule), so a code read aloud or copied by hand still works.
 */
export function normalizeCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CODE_PATTERN.test(code) ? code : undefined;
}

/** Grouped for people: ABCD-EFGH-JKMN. */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * What the merchant types versus what the API stores: money is typed in yuan and stored in integer fen
 * (through the one yuan↔fen helper, lib/money.ts); a discount is typed in 折 and stored as 千分比 of the price
 * kept (8.5 折 = 850). Both conversions use string arithmetic, never `x * 100` on a float.
 */
import { fenToYuan, yuanToFen } from '../../lib/money';

/** Fen → the yuan string an InputNumber shows (1230 → "12.30"); empty stays empty. */
export function fenToInput(fen: number | null | undefined): string | undefined {
  return typeof fen === 'number' && Number.isInteger(fen) ? fenToYuan(fen) : undefined;
}

/** A typed yuan string → fen; empty → undefined; not an amount (3 decimals, letters) → null. */
export function inputToFen(input: string | number | null | undefined): number | undefined | null {
  if (input === null || input === undefined) return undefined;
  const text = String(input).trim();
  if (text === '') return undefined;
  return yuanToFen(text);
}

const ZHE = /^(\d{1,2})(?:\.(\d{0,2}))?$/;

/** 折 typed by a person ("8.5", "8", "8.55") → 千分比 (850, 800, 855); not a 折 value → null. */
export function zheToPermille(input: string): number | null {
  const match = ZHE.exec(input.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 千分比 → 折 without trailing zeros: 850 → "8.5", 800 → "8", 855 → "8.55", 1000 → "10". */
export function permilleToZhe(permille: number): string {
  const whole = Math.trunc(permille / 100);
  const rest = String(permille % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : String(whole);
}

/** A permille as a discount people read: 850 → "8.5 折". */
export function formatPermille(permille: number): string {
  return `${permilleToZhe(permille)} 折`;
}

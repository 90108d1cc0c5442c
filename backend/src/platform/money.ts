/**
 * Money is an integer number of fen (分). These helpers are the only place rounding and splitting happen.
 */

export type Fen = number;

export function assertFen(value: number, what = 'amount'): Fen {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${what} must be an integer number of fen, got ${value}`);
  return value;
}

/**
 * numerator / denominator rounded half away from zero, in integer arithmetic (no floats in money paths).
 * Example: roundHalfUp(amount * 95, 100) is a 9.5折 price.
 */
export function roundHalfUp(numerator: number, denominator: number): number {
  assertFen(numerator, 'numerator');
  assertFen(denominator, 'denominator');
  if (denominator === 0) throw new RangeError('denominator must not be 0');
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const sign = n < 0n !== d < 0n ? -1n : 1n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return Number(sign * q);
}

/** amount × permille / 1000, half up: discounts stored as 千分比 (950 = 9.5折) keep integer inputs. */
export function applyPermille(amount: Fen, permille: number): Fen {
  return roundHalfUp(amount * permille, 1000);
}

/**
 * Split `total` fen across parts proportionally to `weights` with the largest-remainder method: the parts
 * always sum exactly to `total`. Ties on the remainder go to the earlier part, so the result is stable.
 * Weights must be non-negative integers; if all are 0 the total goes to parts evenly by count.
 */
export function allocate(total: Fen, weights: readonly number[]): Fen[] {
  assertFen(total, 'total');
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total over no parts');
    return [];
  }
  weights.forEach((w, i) => {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weight ${i} must be a non-negative integer`);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const effective = sum === 0 ? weights.map(() => 1) : weights;
  const effSum = BigInt(sum === 0 ? weights.length : sum);
  const sign = total < 0 ? -1n : 1n;
  const abs = BigInt(Math.abs(total));
  const parts: bigint[] = [];
  const remainders: { index: number; rem: bigint }[] = [];
  let given = 0n;
  effective.forEach((w, index) => {
    const exact = abs * BigInt(w);
    const q = exact / effSum;
    parts.push(q);
    given += q;
    remainders.push({ index, rem: exact % effSum });
  });
  remainders.sort((a, b) => (a.rem === b.rem ? a.index - b.index : a.rem > b.rem ? -1 : 1));
  let left = abs - given;
  for (const r of remainders) {
    if (left === 0n) break;
    parts[r.index] += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p * sign));
}

/** Split into `count` equal-as-possible parts (earlier parts take the extra fen). */
export function splitEvenly(total: Fen, count: number): Fen[] {
  return allocate(
    total,
    Array.from({ length: count }, () => 1),
  );
}

/** "12.30" (and "-0.05"): fen as a decimal yuan string, in integer arithmetic. */
export function fenToYuanString(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "¥12.30" for logs and messages; the apps format money themselves. */
export function formatYuan(fen: Fen): string {
  const text = fenToYuanString(fen);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

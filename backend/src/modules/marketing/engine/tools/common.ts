import { z } from 'zod';
import type { ViewLine } from '../types';

/** The largest amount a config may name: ¥10,000,000 in fen. */
export const MAX_FEN = 1_000_000_000;

/** An amount of money in fen (integer, ≥ 0). */
export function fen(description: string) {
  return z.number().int().min(0).max(MAX_FEN).describe(description);
}

/** 千分比 of the price kept: 800 = 8 折, 950 = 9.5 折. */
export function permille(description: string) {
  return z.number().int().min(1).max(999).describe(description);
}

export function sumAmounts(lines: readonly ViewLine[]): number {
  let sum = 0;
  for (const l of lines) sum += l.amount;
  return sum;
}

export function sumQuantities(lines: readonly ViewLine[]): number {
  let sum = 0;
  for (const l of lines) sum += l.quantity;
  return sum;
}

export function keysOf(lines: readonly ViewLine[]): string[] {
  return lines.map((l) => l.key);
}

/** The tier with the highest threshold at or below `reached`, or null. */
export function highestTier<T extends { threshold: number }>(tiers: readonly T[], reached: number): T | null {
  let best: T | null = null;
  for (const t of tiers) if (t.threshold <= reached && (!best || t.threshold > best.threshold)) best = t;
  return best;
}

/** Issue for a list whose `field` values must be distinct. */
export function distinct<T>(
  items: readonly T[],
  pick: (item: T) => unknown,
  ctx: z.RefinementCtx,
  path: (string | number)[],
  message: string,
): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const value = pick(item);
    if (seen.has(value)) ctx.addIssue({ code: 'custom', message, path: [...path, i] });
    seen.add(value);
  });
}

/** '199' for 19900, '9.9' for 990: yuan in a campaign tag. */
export function yuanTag(amount: number): string {
  const yuan = Math.floor(amount / 100);
  const cents = amount % 100;
  if (cents === 0) return String(yuan);
  return cents % 10 === 0 ? `${yuan}.${cents / 10}` : `${yuan}.${String(cents).padStart(2, '0')}`;
}

/** '8.5折' for 850 (千分比 of the price kept). */
export function zheTag(permille: number): string {
  return `${permille / 100}折`;
}

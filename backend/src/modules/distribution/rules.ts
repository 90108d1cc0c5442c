import { roundHalfUp, type Fen } from '../../platform/money';
import { unitPrefix } from '../order/amounts';
import type { RateMode, RateSource } from './models';

/**
 * Pure integer rules of commission (RULES §0, §8). Rates are 万分比 (basis points: 1000 = 10%) or a fixed
 * number of fen per unit; money is integer fen; refunds take back by largest remainder over the units, the
 * same split the order module refunds the line's money with (`unitPrefix`), so every partial refund takes
 * back exactly its share and the refunds of all units take back exactly the whole commission.
 */

export interface Rate {
  mode: RateMode;
  /** ratio: 万分比 (0–10000); fixed: fen per unit; none: 0 */
  value: number;
  source: RateSource;
}

export interface RateRow {
  mode: RateMode;
  value: number;
}

export const BPS = 10_000;

/**
 * The rate for one level: SKU row → product row → the beneficiary's distributor level → the shop
 * (RULES §8: "shop default, overridden by distributor level, overridden by product or SKU").
 */
export function resolveRate(input: {
  shopBps: number;
  levelBps: number | null;
  product: RateRow | null;
  sku: RateRow | null;
}): Rate {
  if (input.sku) return { mode: input.sku.mode, value: input.sku.value, source: 'sku' };
  if (input.product) return { mode: input.product.mode, value: input.product.value, source: 'product' };
  if (input.levelBps !== null) return { mode: 'ratio', value: input.levelBps, source: 'level' };
  return { mode: 'ratio', value: input.shopBps, source: 'shop' };
}

/**
 * The commission of a whole line at a rate: ratio → base × bps / 10000 rounded half up; fixed → per unit,
 * capped at the base (a fixed commission never pays more than the line brought in); none → 0.
 */
export function commissionOf(base: Fen, quantity: number, rate: Pick<Rate, 'mode' | 'value'>): Fen {
  if (!Number.isSafeInteger(base) || base < 0) throw new RangeError('base must be whole fen ≥ 0');
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError('quantity must be positive');
  if (!Number.isSafeInteger(rate.value) || rate.value < 0) throw new RangeError('rate must be ≥ 0');
  switch (rate.mode) {
    case 'none':
      return 0;
    case 'ratio':
      return roundHalfUp(base * rate.value, BPS);
    case 'fixed':
      return Math.min(rate.value * quantity, base);
  }
}

/**
 * The commissions of a line's levels, in order: each level is capped at what the levels before it left of
 * the base, so that a line never pays out more commission than it brought in.
 */
export function lineCommissions(base: Fen, quantity: number, rates: Pick<Rate, 'mode' | 'value'>[]): Fen[] {
  let left = base;
  return rates.map((r) => {
    const amount = Math.min(commissionOf(base, quantity, r), left);
    left -= amount;
    return amount;
  });
}

/** What refunding units `from+1 … to` of a `quantity`-unit line takes back of `amount` (largest remainder). */
export function refundShare(amount: Fen, quantity: number, from: number, to: number): Fen {
  if (to < from) throw new RangeError('refunded units never go down');
  return unitPrefix(amount, quantity, to) - unitPrefix(amount, quantity, from);
}

/** The withdrawal fee: amount × permille / 1000 half up, never more than the amount. */
export function withdrawalFee(amount: Fen, feePermille: number): Fen {
  return Math.min(amount, roundHalfUp(amount * feePermille, 1000));
}

export interface LevelConditions {
  minOwnSpend: number | null;
  minTeamSpend: number | null;
  minTeamOrders: number | null;
  minTeamSize: number | null;
}

export interface DistributorFacts {
  ownSpend: number;
  teamSpend: number;
  teamOrders: number;
  teamSize: number;
}

/**
 * A level's conditions are refused when team size is the only one (RULES §8: upgrades never depend on
 * recruiting alone). No condition at all: the level is given by hand only.
 */
export function conditionsProblem(c: LevelConditions): string | null {
  const others = [c.minOwnSpend, c.minTeamSpend, c.minTeamOrders].some((v) => v !== null && v > 0);
  if (c.minTeamSize !== null && c.minTeamSize > 0 && !others) {
    return 'team size cannot be the only upgrade condition: add own spend, team spend or team orders';
  }
  return null;
}

/** Whether the facts meet every condition set; a level without conditions is never reached automatically. */
export function meetsConditions(c: LevelConditions, f: DistributorFacts): boolean {
  const checks: [number | null, number][] = [
    [c.minOwnSpend, f.ownSpend],
    [c.minTeamSpend, f.teamSpend],
    [c.minTeamOrders, f.teamOrders],
    [c.minTeamSize, f.teamSize],
  ];
  const set = checks.filter(([min]) => min !== null && min > 0);
  if (!set.length || conditionsProblem(c)) return false;
  return set.every(([min, value]) => value >= (min as number));
}

import { QueryTypes, type Sequelize } from 'sequelize';
import type { TestApp } from './app';
import { drainOutbox } from './outbox';

/**
 * The points ledger invariant, checked by the points tests after each scenario: for every shopper the
 * balance row equals Σ ledger deltas, every ledger row's balance_after is the running sum in id order,
 * and no ledger row exists without a balance row.
 */
export async function expectLedgerInvariant(sequelize: Sequelize): Promise<void> {
  const balances = await sequelize.query<{ shopper_id: number; balance: number }>(
    'SELECT shopper_id, balance FROM points_balances',
    { type: QueryTypes.SELECT },
  );
  const rows = await sequelize.query<{ shopper_id: number; delta: number; balance_after: number }>(
    'SELECT shopper_id, delta, balance_after FROM points_ledger ORDER BY shopper_id, id',
    { type: QueryTypes.SELECT },
  );
  const running = new Map<number, number>();
  const broken: unknown[] = [];
  for (const r of rows) {
    const shopper = Number(r.shopper_id);
    const sum = (running.get(shopper) ?? 0) + Number(r.delta);
    running.set(shopper, sum);
    if (sum !== Number(r.balance_after))
      broken.push({ shopper, runningSum: sum, balanceAfter: r.balance_after });
  }
  const balanceOf = new Map(balances.map((b) => [Number(b.shopper_id), Number(b.balance)]));
  for (const [shopper, sum] of running) {
    if (balanceOf.get(shopper) !== sum)
      broken.push({ shopper, ledgerSum: sum, balance: balanceOf.get(shopper) });
  }
  for (const [shopper, balance] of balanceOf) {
    if (!running.has(shopper) && balance !== 0) broken.push({ shopper, ledgerSum: 0, balance });
  }
  if (broken.length) throw new Error(`points ledger invariant broken: ${JSON.stringify(broken)}`);
}

/** Delivers every pending outbox event to the points module's handlers only. */
export const drainPointsOutbox = (t: TestApp) => drainOutbox(t, ['points']);

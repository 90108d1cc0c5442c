import { QueryTypes } from 'sequelize';
import type { Platform } from '../../platform';
import { guardedUpdate, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import { AppError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { DistributionAccount, DistributionLedger, type LedgerReason } from './models';
import type { AccountsPort, ActivityCommissionPolicy, CatalogPort, OrdersPort } from './ports';
import type { DistributionSettingsService } from './settings';

/** Everything the distribution services share. */
export interface DistributionContext {
  platform: Platform;
  settings: DistributionSettingsService;
  orders: OrdersPort;
  accounts: AccountsPort;
  catalog: CatalogPort;
  activityPolicies: Map<string, ActivityCommissionPolicy>;
  log: Logger;
  mysql: boolean;
  now(): Date;
  /** a time as a raw replacement (milliseconds kept on both dialects) */
  t(d: Date): string;
}

export const num = (v: unknown) => Number(v ?? 0);
export const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function createContext(
  platform: Platform,
  deps: Omit<DistributionContext, 'platform' | 'log' | 'mysql' | 'now' | 't'>,
): DistributionContext {
  const { sequelize, clock, logger } = platform;
  return {
    platform,
    ...deps,
    log: logger.child({ module: 'distribution' }),
    mysql: sequelize.getDialect() !== 'sqlite',
    now: () => clock.now(),
    t: (d: Date) => sqlTime(sequelize, d),
  };
}

/**
 * Creates a row keyed by `keyColumn` if missing, taking its lock: on MySQL `INSERT … ON DUPLICATE KEY UPDATE`
 * takes an exclusive lock on an existing row too (a plain INSERT IGNORE only a shared one). Callers then read
 * the row with a locking read (`findByPk(…, { lock: tx.LOCK.UPDATE })`), which sees the latest committed
 * version whatever snapshot the transaction holds. SQLite has one writer: its transaction queue serializes.
 */
export async function lockRow(
  ctx: DistributionContext,
  tx: Tx,
  table: 'distribution_accounts' | 'distribution_relations' | 'distribution_orders',
  insert: Record<string, string | number | null>,
  keyColumn: string,
): Promise<void> {
  const { sequelize } = ctx.platform;
  const at = ctx.t(ctx.now());
  const columns = [...Object.keys(insert), 'created_at', 'updated_at'];
  const values = [...Object.keys(insert).map((c) => `:${c}`), ':at', ':at'];
  await sequelize.query(
    ctx.mysql
      ? `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')})
         ON DUPLICATE KEY UPDATE ${keyColumn} = ${keyColumn}`
      : `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')})
         ON CONFLICT (${keyColumn}) DO NOTHING`,
    { replacements: { ...insert, at }, transaction: tx, type: QueryTypes.INSERT },
  );
}

export interface LedgerChange {
  distributorId: number;
  delta: number;
  reason: LedgerReason;
  refType: string | null;
  refId: number | null;
  /** one business event, one key: a repeated event finds it and changes nothing */
  idemKey: string;
  note?: string | null;
  actorId?: number | null;
  /** clawbacks may take the balance below 0 (RULES §8); withdrawals and manual debits may not */
  mayGoNegative?: boolean;
  /** write a row even when delta is 0 (a withdrawal paid: a step without money moving) */
  keepZero?: boolean;
}

/**
 * The distributor's balance (RULES §8: balance = Σ ledger). Every change takes the account row's lock first
 * (creating it if missing), so changes of one distributor are serialized and the idempotency check under
 * the lock is exact; the balance moves by a guarded UPDATE in the same transaction as its ledger row.
 */
export function createLedger(ctx: DistributionContext) {
  const { sequelize } = ctx.platform;

  /** Locks the account (creating it) and answers its balance. */
  async function lockAccount(tx: Tx, distributorId: number): Promise<number> {
    await lockRow(
      ctx,
      tx,
      'distribution_accounts',
      { distributor_id: distributorId, balance: 0 },
      'distributor_id',
    );
    // a locking read: the latest balance, even when the transaction read other rows before
    const row = await DistributionAccount.findByPk(distributorId, { transaction: tx, lock: tx.LOCK.UPDATE });
    return num(row!.balance);
  }

  /** Locks several accounts in id order (never two transactions waiting on each other's accounts). */
  async function lockAccounts(tx: Tx, ids: number[]): Promise<void> {
    for (const id of [...new Set(ids)].sort((a, b) => a - b)) await lockAccount(tx, id);
  }

  const applied = async (tx: Tx, idemKey: string) =>
    !!(await DistributionLedger.findOne({ where: { idemKey }, attributes: ['id'], transaction: tx }));

  /**
   * One change under the account lock: the guarded balance update and its ledger row. Null when the key was
   * applied before (or the delta is 0 without keepZero). A debit below 0 is WITHDRAWAL_INSUFFICIENT_BALANCE
   * unless `mayGoNegative`.
   */
  async function change(tx: Tx, c: LedgerChange): Promise<DistributionLedger | null> {
    const balance = await lockAccount(tx, c.distributorId);
    if ((c.delta === 0 && !c.keepZero) || (await applied(tx, c.idemKey))) return null;
    const guard = c.delta < 0 && !c.mayGoNegative ? ' AND balance >= :need' : '';
    const moved = await guardedUpdate(
      sequelize,
      `UPDATE distribution_accounts SET balance = balance + :delta, updated_at = :at
        WHERE distributor_id = :id${guard}`,
      { id: c.distributorId, delta: c.delta, need: -c.delta, at: ctx.t(ctx.now()) },
      tx,
    );
    if (moved !== 1) {
      throw new AppError('WITHDRAWAL_INSUFFICIENT_BALANCE', 'Not enough available commission', {
        amount: -c.delta,
        balance,
      });
    }
    return DistributionLedger.create(
      {
        distributorId: c.distributorId,
        delta: c.delta,
        balanceAfter: balance + c.delta,
        reason: c.reason,
        refType: c.refType,
        refId: c.refId,
        idemKey: c.idemKey,
        note: c.note ? c.note.slice(0, 200) : null,
        actorId: c.actorId ?? null,
        createdAt: ctx.now(),
      },
      { transaction: tx },
    );
  }

  async function balance(distributorId: number, tx?: Tx): Promise<number> {
    const row = await DistributionAccount.findByPk(distributorId, { transaction: tx });
    return row ? num(row.balance) : 0;
  }

  return { lockAccount, lockAccounts, change, balance };
}

export type Ledger = ReturnType<typeof createLedger>;

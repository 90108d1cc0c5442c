import { AsyncLocalStorage } from 'node:async_hooks';
import { QueryTypes, Transaction, type Sequelize, UniqueConstraintError } from 'sequelize';

export type Tx = Transaction;

/**
 * Run `fn` in a transaction. Deadlocks and lock-wait timeouts (MySQL 1213/1205) are retried a few times
 * because InnoDB asks the client to; anything else rolls back and propagates.
 *
 * SQLite has one writer: Sequelize opens a connection per transaction there, and parallel writers would
 * spin on SQLITE_BUSY (and a busy timeout blocks node-sqlite3's few worker threads). So on SQLite
 * transactions queue in process, one at a time; a transaction started inside another runs unqueued.
 */
export async function withTransaction<T>(
  sequelize: Sequelize,
  fn: (tx: Tx) => Promise<T>,
  opts: { retries?: number } = {},
): Promise<T> {
  const run = () => retrying(sequelize, fn, opts.retries ?? 3);
  if (sequelize.getDialect() !== 'sqlite' || insideSqliteTx.getStore()) return run();
  const previous = sqliteQueues.get(sequelize) ?? Promise.resolve();
  const mine = previous.then(() => insideSqliteTx.run(true, run));
  sqliteQueues.set(
    sequelize,
    mine.then(
      () => undefined,
      () => undefined,
    ),
  );
  return mine;
}

const sqliteQueues = new WeakMap<Sequelize, Promise<void>>();
const insideSqliteTx = new AsyncLocalStorage<boolean>();

async function retrying<T>(sequelize: Sequelize, fn: (tx: Tx) => Promise<T>, retries: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await sequelize.transaction(fn);
    } catch (e) {
      if (attempt < retries && isRetryableTxError(e)) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        continue;
      }
      throw e;
    }
  }
}

export function isRetryableTxError(e: unknown): boolean {
  const err = e as { parent?: { errno?: number; code?: string }; original?: { errno?: number } };
  const errno = err?.parent?.errno ?? err?.original?.errno;
  return errno === 1213 || errno === 1205 || err?.parent?.code === 'SQLITE_BUSY';
}

export const isUniqueViolation = (e: unknown): e is UniqueConstraintError =>
  e instanceof UniqueConstraintError;

/**
 * A guarded update: `UPDATE table SET … WHERE <guard>` and report how many rows it matched. The caller
 * decides what 0 rows means (sold out, already paid, a duplicate). Counters raced by shoppers change only this
 * way. BULKUPDATE makes both drivers return the count (MySQL with FOUND_ROWS counts matched rows like SQLite).
 */
export async function guardedUpdate(
  sequelize: Sequelize,
  sql: string,
  replacements: Record<string, unknown>,
  tx?: Tx,
): Promise<number> {
  return sequelize.query(sql, { replacements, transaction: tx, type: QueryTypes.BULKUPDATE });
}

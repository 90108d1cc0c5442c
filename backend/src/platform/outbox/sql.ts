import { QueryTypes, type Sequelize } from 'sequelize';
import type { Tx } from '../db/tx';

/**
 * A time as the outbox columns hold it: UTC with milliseconds. Passing a Date as a raw replacement would
 * drop the milliseconds on MySQL (Sequelize formats it as a DATETIME(0)), and lock and backoff times need them.
 * On SQLite this is the text format Sequelize's own models write, so comparisons stay textual and ordered.
 */
export function sqlTime(sequelize: Sequelize, date: Date): string {
  const utc = date.toISOString().replace('T', ' ').replace('Z', '');
  return sequelize.getDialect() === 'sqlite' ? `${utc} +00:00` : utc;
}

/** mysql2 answers a Date (the connection is UTC); sqlite3 answers the stored text. */
export function readTime(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value)
    .replace(' ', 'T')
    .replace(/ ?\+00:00$/, 'Z');
  const date = new Date(text.endsWith('Z') ? text : `${text}Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`unreadable time from the database: ${String(value)}`);
  return date;
}

/**
 * An UPDATE/DELETE that reports how many rows it moved, on both dialects. Asking for BULKUPDATE makes
 * Sequelize answer the count itself (mysql2 `affectedRows`, sqlite3 `changes`); a RAW query on SQLite runs
 * through `all()` and carries no count, which is why tx.ts's `guardedUpdate` cannot be used there yet.
 */
export async function updateRows(
  sequelize: Sequelize,
  sql: string,
  replacements: Record<string, unknown>,
  tx?: Tx,
): Promise<number> {
  return sequelize.query(sql, { replacements, transaction: tx, type: QueryTypes.BULKUPDATE });
}

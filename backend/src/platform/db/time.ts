import type { Sequelize } from 'sequelize';

/**
 * A time as DATETIME(3) columns hold it: UTC with milliseconds. Passing a Date as a raw replacement would
 * drop the milliseconds on MySQL (Sequelize formats it as a DATETIME(0)), and locks, backoff and ordering need them.
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

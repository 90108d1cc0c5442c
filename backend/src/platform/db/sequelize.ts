import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, type Options } from 'sequelize';
import type { Config } from '../../config';
import type { Logger } from '../logger';

export type Dialect = 'mysql' | 'mariadb' | 'sqlite';

function mysqlOptionsFromUrl(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ''),
  };
}

/**
 * MySQL/MariaDB when DATABASE_URL is set (mysql://user:pass@host:port/db), otherwise a SQLite file under
 * DATA_DIR. Times are UTC in the database; the shop's time zone is applied only where a rule needs it.
 */
export function createSequelize(config: Config, logger: Logger): Sequelize {
  const logging = (sql: string) => logger.trace({ sql }, 'sql');
  const common: Options = { logging, define: { underscored: true, timestamps: true }, timezone: '+00:00' };
  const url = config.database.url;
  if (!url || url.startsWith('sqlite:')) {
    const file = url ? url.replace(/^sqlite:(\/\/)?/, '') : config.database.sqliteFile;
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const { timezone: _tz, ...sqliteCommon } = common;
    const sequelize = new Sequelize({
      ...sqliteCommon,
      dialect: 'sqlite',
      storage: file,
      // one writer at a time: withTransaction queues transactions; WAL (set by createPlatform) lets readers go on
      retry: { max: 10, match: [/SQLITE_BUSY/] },
    });
    return sequelize;
  }
  const primary = mysqlOptionsFromUrl(url);
  const replicas = config.database.replicaUrls.map(mysqlOptionsFromUrl);
  const sequelize = new Sequelize({
    ...common,
    dialect: 'mysql',
    ...(replicas.length
      ? { replication: { write: primary, read: replicas } }
      : {
          host: primary.host,
          port: primary.port,
          username: primary.username,
          password: primary.password,
          database: primary.database,
        }),
    pool: { max: 20, min: 0, idle: 10_000, acquire: 30_000 },
    // FOUND_ROWS: an UPDATE reports matched rows, as SQLite does, so guarded updates read the same on both
    dialectOptions: {
      supportBigNumbers: true,
      bigNumberStrings: false,
      dateStrings: false,
      flags: ['+FOUND_ROWS'],
    },
  });
  // READ COMMITTED: no gap locks, so concurrent shoppers inserting next to each other's rows do not deadlock.
  // Correctness never rests on snapshot reads: counters move by guarded updates, uniqueness by unique keys.
  sequelize.addHook('afterConnect', async (connection) => {
    await new Promise<void>((resolve, reject) =>
      (connection as { query(sql: string, cb: (e: Error | null) => void): void }).query(
        'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
        (e) => (e ? reject(e) : resolve()),
      ),
    );
  });
  return sequelize;
}

export function dialectOf(sequelize: Sequelize): Dialect {
  return sequelize.getDialect() as Dialect;
}

/** Ensure the MySQL database named in the URL exists (used by the embedded starter and the tests). */
export async function ensureMysqlDatabase(url: string): Promise<void> {
  const opts = mysqlOptionsFromUrl(url);
  const admin = new Sequelize({
    dialect: 'mysql',
    host: opts.host,
    port: opts.port,
    username: opts.username,
    password: opts.password,
    logging: false,
  });
  try {
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${opts.database.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.close();
  }
}

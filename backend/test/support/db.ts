import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { createSequelize, ensureMysqlDatabase } from '../../src/platform/db/sequelize';
import { migrateUp } from '../../src/platform/db/migrate';
import type { Sequelize } from 'sequelize';

/**
 * A migrated, empty database for this jest worker (MariaDB or SQLite, from the project's env file).
 * Every table but the migration record is emptied, so test files do not see each other's rows.
 */
export async function prepareTestDatabase(config: Config = loadConfig()): Promise<Sequelize> {
  if (config.database.url) await ensureMysqlDatabase(config.database.url);
  const sequelize = createSequelize(config, createLogger('silent'));
  await migrateUp(sequelize);
  await truncateAll(sequelize);
  return sequelize;
}

export async function truncateAll(sequelize: Sequelize): Promise<void> {
  const tables = (await sequelize.getQueryInterface().showAllTables()).map((t) =>
    typeof t === 'string' ? t : (t as { tableName: string }).tableName,
  );
  const isMysql = sequelize.getDialect() !== 'sqlite';
  if (isMysql) await sequelize.query('SET FOREIGN_KEY_CHECKS = 0');
  for (const t of tables) {
    if (t === 'schema_migrations' || t === 'sqlite_sequence') continue;
    await sequelize.query(isMysql ? `TRUNCATE TABLE \`${t}\`` : `DELETE FROM "${t}"`);
  }
  if (isMysql) await sequelize.query('SET FOREIGN_KEY_CHECKS = 1');
}

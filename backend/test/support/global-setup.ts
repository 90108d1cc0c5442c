import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sequelize, QueryTypes } from 'sequelize';

/**
 * Once per jest run: drop this run's test databases (MariaDB `mall_test_w*`, or `<name>_w*` for the name
 * TEST_DATABASE_URL gives) and the SQLite test folders, so that every run migrates from scratch and a changed migration is
 * never skipped because an old run recorded it.
 */
export default async function globalSetup(): Promise<void> {
  const explicit = process.env.TEST_DATABASE_URL && new URL(process.env.TEST_DATABASE_URL).pathname.slice(1);
  const sqlitePrefix = `mall-test-sqlite-${explicit || 'default'}-w`;
  for (const dir of fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith(sqlitePrefix))) {
    fs.rmSync(path.join(os.tmpdir(), dir), { recursive: true, force: true });
  }
  const admin = new Sequelize({
    dialect: 'mysql',
    host: '127.0.0.1',
    port: 3306,
    username: 'root',
    logging: false,
  });
  try {
    const prefix = `${explicit || 'mall_test'}_w`;
    const names = (
      await admin.query<{ name: string }>(
        'SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE :pattern',
        { type: QueryTypes.SELECT, replacements: { pattern: `${prefix.replace(/_/g, '\\_')}%` } },
      )
    ).map((r) => r.name);
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS \`${name.replace(/`/g, '')}\``);
  } finally {
    await admin.close();
  }
}

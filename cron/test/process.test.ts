import { spawn } from 'node:child_process';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { loadConfig } from '@mall/backend/dist/config';
import { createLogger } from '@mall/backend/dist/platform/logger';
import { createSequelize, ensureMysqlDatabase } from '@mall/backend/dist/platform/db/sequelize';
import { migrateUp } from '@mall/backend/dist/platform/db/migrate';

const CRON_DIR = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh, empty database: the api process has not migrated it yet. */
async function emptyDatabase(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL!);
  const admin = new Sequelize({
    dialect: 'mysql',
    host: url.hostname,
    port: Number(url.port),
    username: 'root',
    logging: false,
  });
  const name = url.pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.close();
}

function start(script: string, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: CRON_DIR,
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const logMessages = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; jobs?: string[] });

describe('the cron process', () => {
  beforeAll(emptyDatabase);

  it('waits for the schema, schedules every job, and exits cleanly on SIGTERM; the CLI refuses an unmigrated database', async () => {
    const cli = start('src/cli.ts', ['run', 'cron-runs-prune']);
    const cron = start('src/index.ts');
    try {
      expect(await cli.exited).toBe(1);
      expect(cli.out.stderr).toContain('database schema is not ready');
      expect(cli.out.stdout).toBe('');

      await until(
        () => cron.out.stdout.includes('waiting for the api process to migrate'),
        'the schema wait',
      );
      const sequelize = createSequelize(loadConfig(), createLogger('silent'));
      await ensureMysqlDatabase(process.env.DATABASE_URL!);
      await migrateUp(sequelize);
      await sequelize.close();

      await until(() => cron.out.stdout.includes('"cron started"'), 'cron to start');
      const started = logMessages(cron.out.stdout).find((m) => m.msg === 'cron started');
      expect(started?.jobs).toContain('cron-runs-prune (30 3 * * *)');

      cron.child.kill('SIGTERM');
      expect(await cron.exited).toBe(0);
      expect(logMessages(cron.out.stdout).map((m) => m.msg)).toContain('cron stopped');
    } finally {
      for (const p of [cli, cron]) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }
  });
});

import os from 'node:os';
import path from 'node:path';

// SQLite file per worker and memory drivers: the embedded mode.
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
// a run that names its own MariaDB database (TEST_DATABASE_URL) gets its own SQLite folders too
const run = process.env.TEST_DATABASE_URL
  ? new URL(process.env.TEST_DATABASE_URL).pathname.slice(1)
  : 'default';
process.env.DATA_DIR = path.join(os.tmpdir(), `mall-test-sqlite-${run}-w${worker}`);
delete process.env.DATABASE_URL;
delete process.env.REDIS_URL;
process.env.JWT_SECRET = 'test-secret-test-secret';
process.env.SEED_DEMO = 'false';
process.env.SERVE_APPS = 'false';
process.env.RUN_WORKER_IN_PROCESS = 'false';
process.env.RUN_CRON_IN_PROCESS = 'false';

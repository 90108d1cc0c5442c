// Each jest worker gets its own MariaDB database and Redis database index.
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
// TEST_DATABASE_URL / TEST_REDIS_URL let two runs on one machine keep apart (a single-file run is always worker 1)
// (each worker adds its number: `<name>_w<n>` and Redis index + n - 1)
process.env.DATABASE_URL = `${process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/mall_test'}_w${worker}`;
const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0');
redis.pathname = `/${(Number(redis.pathname.slice(1) || 0) + worker) % 16}`;
process.env.REDIS_URL = redis.toString();
process.env.JWT_SECRET = 'test-secret-test-secret';
process.env.SEED_DEMO = 'false';
process.env.SERVE_APPS = 'false';
process.env.RUN_WORKER_IN_PROCESS = 'false';
process.env.RUN_CRON_IN_PROCESS = 'false';

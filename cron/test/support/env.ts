// The cron workspace's tests use a MariaDB database and a Redis db index of their own.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.DATABASE_URL = 'mysql://root@127.0.0.1:3306/mall_test_cron';
process.env.REDIS_URL = 'redis://127.0.0.1:6379/15';
process.env.JWT_SECRET = 'test-secret-test-secret';
process.env.SEED_DEMO = 'false';
process.env.SERVE_APPS = 'false';
process.env.RUN_WORKER_IN_PROCESS = 'false';
process.env.RUN_CRON_IN_PROCESS = 'false';

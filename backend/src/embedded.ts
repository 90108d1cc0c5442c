import { boot, startWorker, startCron } from './boot';
import { createApp } from './app';
import { DEMO_ADMINS, seedDemo } from './seed/demo';

/**
 * Embedded mode (`npm start`): one process runs the api, the worker and cron, on SQLite and memory
 * drivers unless DATABASE_URL / REDIS_URL say otherwise, serving the H5 shop at / and the admin at /admin/.
 */
async function main() {
  const booted = await boot({ migrate: true });
  const { platform } = booted;
  const { config } = platform;
  if (config.seedDemo) await seedDemo(booted);
  const worker = config.runWorkerInProcess ? await startWorker(booted) : undefined;
  const cron = config.runCronInProcess ? startCron(booted) : undefined;
  const app = createApp(platform, booted.modules);
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  const lines = [
    '',
    '  多营销商城 is running (embedded mode)',
    `  database: ${platform.sequelize.getDialect()}${config.database.url ? '' : ` (${config.database.sqliteFile})`}, drivers: ${platform.drivers.kind}`,
    '',
    `  Shop (H5):  ${base}/`,
    `  Admin:      ${base}/admin/`,
    `  API:        ${base}/api   (docs: ${base}/api/docs, health: ${base}/api/health)`,
    '',
    ...(config.seedDemo
      ? [
          '  Demo logins (admin):',
          ...DEMO_ADMINS.map((a) => `    ${a.role.padEnd(9)} ${a.username} / ${a.password}`),
          '  Shop: opens with a development login (a new shopper per browser); demo shoppers log in with the',
          '        dev openids demo_shopper_1 / _2 / _3 (demo_shopper_1 is staff of the demo store)',
          '',
        ]
      : []),
  ];
  console.log(lines.join('\n'));
  const shutdown = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await cron?.stop();
    await worker?.stop();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

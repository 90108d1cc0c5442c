import { boot, createLogger, loadConfig, startCron, type CronScheduler, type Platform } from '@mall/backend';

/**
 * The cron process: waits for the api to migrate the schema, builds the platform and the modules, and
 * schedules every job (platform and modules) in the shop's time zone. Any number may run: each run takes
 * the job's Redis lock and claims one run record per period. SIGTERM/SIGINT stop the schedules, wait for the
 * runs in progress, and close connections; a second signal exits at once.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'mall-cron');
  const running: { scheduler?: CronScheduler; platform?: Platform } = {};
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'cron: second signal, exiting without waiting for running jobs');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'cron stopping: waiting for running jobs');
    await running.scheduler?.stop();
    await running.platform?.close();
    logger.info('cron stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (s) => void shutdown(s));
  process.on('SIGINT', (s) => void shutdown(s));

  const booted = await boot({ config, logger, waitForSchema: true });
  if (booted.platform.drivers.kind === 'memory') {
    logger.warn(
      'cron runs on memory drivers: its locks are process-local, run a single cron process (or set REDIS_URL)',
    );
  }
  const scheduler = startCron(booted);
  Object.assign(running, { scheduler, platform: booted.platform });
  logger.info({ jobs: scheduler.jobs.map((j) => `${j.name} (${j.schedule})`) }, 'cron started');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

import { boot, startWorker } from './boot';

/** The worker process: outbox dispatcher and queue consumers; any number. */
async function main() {
  const booted = await boot({ waitForSchema: true });
  const worker = await startWorker(booted);
  booted.platform.logger.info('worker started');
  const shutdown = async () => {
    await worker.stop();
    await booted.platform.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

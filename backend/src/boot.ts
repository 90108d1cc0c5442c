import { createPlatform, type Platform } from './platform';
import type { Config } from './config';
import type { MallModule } from './platform/module';
import { migrateUp } from './platform/db/migrate';
import { ensureMysqlDatabase } from './platform/db/sequelize';
import { buildModules } from './modules';
import { OutboxDispatcher } from './platform/outbox/dispatcher';
import { CronRunner, CronScheduler, platformCronJobs, type CronJobDef } from './platform/cron';

export interface Booted {
  platform: Platform;
  modules: MallModule[];
}

/**
 * Builds the platform and the modules. `migrate` is for the api and embedded processes; workers and cron
 * expect the schema to be there already.
 */
export async function boot(opts: { config?: Config; migrate?: boolean } = {}): Promise<Booted> {
  const platform = await createPlatform({ config: opts.config });
  if (opts.migrate) {
    if (platform.config.database.url?.startsWith('mysql'))
      await ensureMysqlDatabase(platform.config.database.url);
    const applied = await migrateUp(platform.sequelize, platform.logger);
    if (applied.length) platform.logger.info({ applied }, 'migrations applied');
  }
  const modules = buildModules(platform);
  for (const m of modules) await m.init?.();
  return { platform, modules };
}

/** The worker role: the outbox dispatcher and every module's queue consumers. */
export async function startWorker({ platform, modules }: Booted): Promise<{ stop(): Promise<void> }> {
  const dispatcher = new OutboxDispatcher({
    sequelize: platform.sequelize,
    handlers: modules.flatMap((m) => m.eventHandlers ?? []),
    logger: platform.logger,
    clock: platform.clock,
  });
  dispatcher.start();
  const unsubscribe = platform.outbox.onCommit(() => dispatcher.notify());
  for (const m of modules) {
    for (const q of m.queues ?? []) {
      await platform.drivers.queue.process(q.queue, q.handler, { concurrency: q.concurrency });
    }
  }
  return {
    async stop() {
      unsubscribe();
      await dispatcher.stop();
    },
  };
}

/** Every scheduled job: the platform's and every module's. */
export function allCronJobs({ platform, modules }: Booted): CronJobDef[] {
  return [...platformCronJobs(platform), ...modules.flatMap((m) => m.cronJobs ?? [])];
}

/** The cron role: schedules every job in the shop's time zone; each run is locked and recorded. */
export function startCron(booted: Booted): CronScheduler {
  const { platform } = booted;
  const runner = new CronRunner({
    sequelize: platform.sequelize,
    lock: platform.drivers.lock,
    logger: platform.logger,
    clock: platform.clock,
    timezone: platform.config.shopTimezone,
  });
  const scheduler = new CronScheduler(runner, allCronJobs(booted), platform.config.shopTimezone);
  scheduler.start();
  return scheduler;
}

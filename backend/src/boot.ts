import { createPlatform, type Platform } from './platform';
import { loadConfig, type Config } from './config';
import type { Logger } from './platform/logger';
import type { MallModule } from './platform/module';
import { migrateUp } from './platform/db/migrate';
import { ensureMysqlDatabase } from './platform/db/sequelize';
import { waitForSchema } from './platform/db/schema';
import { buildModules } from './modules';
import { OutboxDispatcher } from './platform/outbox/dispatcher';
import { CronRunner, CronScheduler, platformCronJobs, type CronJobDef } from './platform/cron';

export interface Booted {
  platform: Platform;
  modules: MallModule[];
}

/**
 * Builds the platform and the modules. The api and embedded processes `migrate`; workers and cron
 * `waitForSchema` (timeoutMs 0 checks once, for commands run by hand).
 */
export async function boot(
  opts: {
    config?: Config;
    logger?: Logger;
    migrate?: boolean;
    waitForSchema?: boolean | { timeoutMs: number };
  } = {},
): Promise<Booted> {
  const config = opts.config ?? loadConfig();
  if (opts.waitForSchema && opts.logger) {
    await waitForSchema(config, opts.logger, opts.waitForSchema === true ? {} : opts.waitForSchema);
  }
  const platform = await createPlatform({ config, logger: opts.logger });
  try {
    if (opts.waitForSchema && !opts.logger) {
      await waitForSchema(config, platform.logger, opts.waitForSchema === true ? {} : opts.waitForSchema);
    }
    if (opts.migrate) {
      if (config.database.url?.startsWith('mysql')) await ensureMysqlDatabase(config.database.url);
      const applied = await migrateUp(platform.sequelize, platform.logger);
      if (applied.length) platform.logger.info({ applied }, 'migrations applied');
    }
    const modules = buildModules(platform);
    for (const m of modules) await m.init?.();
    return { platform, modules };
  } catch (e) {
    await platform.close();
    throw e;
  }
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

/** The cron role's scheduler over every job, in the shop's time zone; each run is locked and recorded. */
export function createCronScheduler({ platform, modules }: Booted): CronScheduler {
  const runner = new CronRunner({
    sequelize: platform.sequelize,
    lock: platform.drivers.lock,
    logger: platform.logger,
    clock: platform.clock,
    timezone: platform.config.shopTimezone,
  });
  return new CronScheduler(runner, allCronJobs({ platform, modules }), platform.config.shopTimezone);
}

export function startCron(booted: Booted): CronScheduler {
  const scheduler = createCronScheduler(booted);
  scheduler.start();
  return scheduler;
}

/** What the other workspaces (cron, bench) use of the backend. */
export { loadConfig, type Config } from './config';
export { createPlatform, type Platform } from './platform';
export { buildModules } from './modules';
export { boot, startWorker, startCron, createCronScheduler, allCronJobs, type Booted } from './boot';
export { createLogger, type Logger } from './platform/logger';
export type { CronJobDef, CronRunResult, CronScheduler } from './platform/cron';
export { createApp, collectRoutes, openApiDocument } from './app';
export { allocate, roundHalfUp } from './platform/money';

import type { RouteDef } from './http/route';
import type { EventHandlerDef } from './outbox/types';
import type { CronJobDef } from './cron/types';
import type { JobHandler } from './drivers/types';

/**
 * What a domain module contributes. Modules are built by a factory that receives the Platform; they touch
 * other modules only through those modules' services or through outbox events.
 */
export interface MallModule {
  name: string;
  routes?: RouteDef[];
  eventHandlers?: EventHandlerDef[];
  cronJobs?: CronJobDef[];
  /** queue consumers, started in the worker process (in process in embedded mode) */
  queues?: { queue: string; handler: JobHandler; concurrency?: number }[];
  /** runs once at boot after migrations (registering lookups, validating tables) */
  init?(): Promise<void>;
}

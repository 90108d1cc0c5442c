import type { Config } from '../../config';
import type { Logger } from '../logger';
import { createMemoryDrivers } from './memory';
import { createRedisDrivers } from './redis';
import type { Drivers } from './types';

export { createMemoryDrivers } from './memory';
export { createRedisDrivers } from './redis';
export type * from './types';

/** Redis drivers when REDIS_URL is set; otherwise everything in this process (embedded mode). */
export function createDrivers(config: Config, logger: Logger): Promise<Drivers> {
  return config.redisUrl
    ? createRedisDrivers(config.redisUrl, logger)
    : Promise.resolve(createMemoryDrivers(logger));
}

import { z } from 'zod';
import type { Platform } from '..';
import { AppError } from '../errors';
import { access } from './access';
import { defineRoute } from './route';

/** 200 when the database and the drivers answer; 503 otherwise (load balancers and the embedded starter poll it). */
export function healthRoute(platform: Platform) {
  return defineRoute({
    method: 'get',
    path: '/api/health',
    access: access.public,
    summary: 'Readiness: database and drivers answer',
    tags: ['platform'],
    response: z.object({
      status: z.literal('ok'),
      database: z.string(),
      drivers: z.enum(['memory', 'redis']),
      time: z.string(),
    }),
    handler: async () => {
      try {
        await platform.sequelize.query('SELECT 1');
        await platform.drivers.cache.set('health:ping', 1, 5);
      } catch {
        throw new AppError('DEPENDENCY_UNAVAILABLE', 'Database or drivers unavailable');
      }
      return {
        status: 'ok' as const,
        database: platform.sequelize.getDialect(),
        drivers: platform.drivers.kind,
        time: platform.clock.now().toISOString(),
      };
    },
  });
}

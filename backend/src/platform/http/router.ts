import Router from '@koa/router';
import type { Context } from 'koa';
import { AppError } from '../errors';
import type { RateLimitDriver } from '../drivers/types';
import { allows, type Principal } from './access';
import type { Auth } from './auth';
import type { RequestInfo, RouteDef } from './route';

export interface RouterDeps {
  auth: Auth;
  rateLimit: RateLimitDriver;
}

function bearer(ctx: Context): string | undefined {
  const h = ctx.get('authorization');
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m?.[1];
}

/**
 * Mounts route definitions: authenticate → authorize → rate limit → validate → handler → envelope.
 * Authorization runs before validation so that a caller without access learns nothing about the input.
 */
export function buildRouter(routes: RouteDef[], deps: RouterDeps): Router {
  const router = new Router();
  assertUniqueRoutes(routes);
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      const req: RequestInfo = {
        requestId: ctx.state.requestId as string,
        ip: ctx.state.clientIp as string,
        principal: undefined,
        koa: ctx,
      };
      const token = bearer(ctx);
      if (route.access.kind !== 'public' || token) {
        if (!token) throw new AppError('UNAUTHENTICATED', 'Login required');
        const { principal, account } = await deps.auth.authenticate(token);
        req.principal = principal;
        if (
          route.access.kind === 'shopper' &&
          principal.kind === 'shopper' &&
          !route.access.allowWithoutPrivacy &&
          account.privacyAccepted === false
        ) {
          throw new AppError('PRIVACY_NOT_ACCEPTED', 'Accept the privacy guide first');
        }
      }
      if (!allows(route.access, req.principal)) throw new AppError('FORBIDDEN', 'Not allowed');
      for (const rule of route.rateLimit ?? [])
        await enforceRateLimit(deps.rateLimit, rule, req.ip, req.principal);

      const params = route.params ? route.params.parse(ctx.params) : undefined;
      const query = route.query ? route.query.parse(ctx.query) : undefined;
      const body = route.body ? route.body.parse((ctx.request as { body?: unknown }).body ?? {}) : undefined;
      const result = await route.handler({ body, query, params, req } as Parameters<RouteDef['handler']>[0]);
      if (route.raw) return;
      ctx.status = route.successStatus ?? 200;
      if (ctx.status === 204) return;
      if (route.paged) {
        const p = result as { items: unknown[]; total: number; page: number; pageSize: number };
        ctx.body = { data: p.items, meta: { page: p.page, pageSize: p.pageSize, total: p.total } };
      } else {
        ctx.body = { data: result ?? null };
      }
    });
  }
  return router;
}

async function enforceRateLimit(
  driver: RateLimitDriver,
  rule: NonNullable<RouteDef['rateLimit']>[number],
  ip: string,
  principal: Principal | undefined,
): Promise<void> {
  const key = rule.by === 'ip' ? `ip:${ip}` : principal ? `${principal.kind}:${principal.id}` : `ip:${ip}`;
  const r = await driver.consume(rule.name, key, rule.points, rule.durationSeconds);
  if (!r.allowed) {
    throw new AppError('RATE_LIMITED', 'Too many requests, try again later', {
      retryAfterMs: r.retryAfterMs,
    });
  }
}

function assertUniqueRoutes(routes: RouteDef[]): void {
  const seen = new Set<string>();
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) throw new Error(`Route defined twice: ${key}`);
    if (!r.path.startsWith('/api/')) throw new Error(`Route outside /api: ${key}`);
    seen.add(key);
  }
}

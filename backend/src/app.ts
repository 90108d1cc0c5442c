import crypto from 'node:crypto';
import path from 'node:path';
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import helmet from 'koa-helmet';
import type { Platform } from './platform';
import type { MallModule } from './platform/module';
import type { RouteDef } from './platform/http/route';
import { buildRouter } from './platform/http/router';
import { errorMiddleware } from './platform/http/errors-middleware';
import { clientIpResolver } from './platform/http/client-ip';
import { buildOpenApiDocument } from './platform/http/openapi';
import { docsMiddleware } from './platform/http/docs';
import { healthRoute } from './platform/http/health';
import { serveFiles, serveSpa } from './platform/http/static';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const APP_DIRS = {
  shop: path.join(REPO_ROOT, 'taro-app/dist-h5'),
  admin: path.join(REPO_ROOT, 'admin/dist'),
};

/** All routes of the running system: the platform's and every module's. Matrices and OpenAPI read this. */
export function collectRoutes(platform: Platform, modules: MallModule[]): RouteDef[] {
  return [healthRoute(platform), ...modules.flatMap((m) => m.routes ?? [])];
}

export function openApiDocument(routes: RouteDef[]) {
  return buildOpenApiDocument(routes, { title: 'Mall API', version: '0.1.0' });
}

/** Builds the Koa app (no listen): used by the api process, the embedded process and the tests. */
export function createApp(platform: Platform, modules: MallModule[]): Koa {
  const app = new Koa({ proxy: false });
  const routes = collectRoutes(platform, modules);
  const openapi = openApiDocument(routes);
  const clientIp = clientIpResolver(platform.config.trustedProxies);
  const router = buildRouter(routes, { auth: platform.auth, rateLimit: platform.drivers.rateLimit });

  app.use(async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = /^[A-Za-z0-9-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    ctx.state.clientIp = clientIp(ctx.req);
    ctx.set('X-Request-Id', ctx.state.requestId);
    const started = process.hrtime.bigint();
    await next();
    platform.logger.debug(
      {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      },
      'request',
    );
  });
  // the API answers JSON only; the shop and admin bundles are static files built by this repo
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.use(
    cors({
      origin: (ctx) => ctx.get('origin') || '*',
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    }),
  );
  app.use(errorMiddleware(platform.logger));
  app.use(async (ctx, next) => {
    if (ctx.path === '/api/openapi.json') {
      ctx.body = openapi;
      return;
    }
    await next();
  });
  app.use(docsMiddleware());
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  if (platform.config.storage.driver === 'local')
    app.use(serveFiles('/uploads/', platform.config.storage.localDir));
  if (platform.config.serveApps) {
    app.use(serveSpa('/admin/', APP_DIRS.admin));
    app.use(serveSpa('/', APP_DIRS.shop));
  }
  return app;
}

import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const page = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Mall API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui', deepLinking: true });</script>
</body></html>`;

/** The API docs page, served offline from swagger-ui-dist (no CDN). */
export function docsMiddleware(): Middleware {
  const assets = path.resolve(getAbsoluteFSPath());
  return async (ctx, next) => {
    if (ctx.path === '/api/docs' || ctx.path === '/api/docs/') {
      ctx.type = 'html';
      ctx.body = page;
      return;
    }
    if (ctx.path.startsWith('/api/docs/assets/')) {
      await send(ctx, ctx.path.slice('/api/docs/assets/'.length), { root: assets });
      return;
    }
    await next();
  };
}

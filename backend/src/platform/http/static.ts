import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';

/**
 * Serves a built single-page app from `dir` under `prefix` (GET/HEAD only, never under /api): a file if it
 * exists, otherwise the app's index.html so client-side routes survive a reload.
 */
export function serveSpa(prefix: string, dir: string): Middleware {
  const root = path.resolve(dir);
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api')) return next();
    if (prefix !== '/' && ctx.path === prefix.replace(/\/$/, '')) return ctx.redirect(prefix);
    if (!ctx.path.startsWith(prefix)) return next();
    const rel = ctx.path.slice(prefix.length) || 'index.html';
    const file = path.join(root, rel);
    const isAsset = file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile();
    if (!isAsset && path.extname(rel) && rel !== 'index.html') return next();
    const target = isAsset ? rel : 'index.html';
    ctx.set('Cache-Control', target === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
    await send(ctx, target, { root });
  };
}

/** Files under `dir` at `prefix` (uploads in embedded mode), no index fallback. */
export function serveFiles(prefix: string, dir: string): Middleware {
  const root = path.resolve(dir);
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith(prefix)) return next();
    const rel = ctx.path.slice(prefix.length);
    if (!rel || rel.includes('..')) return next();
    try {
      await send(ctx, rel, { root });
    } catch {
      await next();
    }
  };
}

import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors';
import type { Logger } from '../logger';

export function errorEnvelope(code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Turns every failure into `{ error: { code, message, details } }` with the code's status. */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api')) {
        ctx.status = 404;
        ctx.body = errorEnvelope('ROUTE_NOT_FOUND', `No route ${ctx.method} ${ctx.path}`);
      }
    } catch (e) {
      const err = toAppError(e);
      if (err.status >= 500) {
        logger.error({ err: e, requestId: ctx.state.requestId, path: ctx.path }, 'request failed');
      }
      ctx.status = err.status;
      ctx.body = errorEnvelope(
        err.code,
        err.status >= 500 && err.code === 'INTERNAL' ? 'Internal error' : err.message,
        err.status >= 500 && err.code === 'INTERNAL' ? { requestId: ctx.state.requestId } : err.details,
      );
      if (
        err.code === 'RATE_LIMITED' &&
        typeof (err.details as { retryAfterMs?: number })?.retryAfterMs === 'number'
      ) {
        ctx.set(
          'Retry-After',
          String(Math.ceil((err.details as { retryAfterMs: number }).retryAfterMs / 1000)),
        );
      }
    }
  };
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof ZodError) {
    return new AppError(
      'VALIDATION_FAILED',
      'Invalid input',
      e.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
    );
  }
  const status =
    (e as { status?: number; statusCode?: number })?.status ?? (e as { statusCode?: number })?.statusCode;
  const type = (e as { type?: string })?.type;
  if (status === 413 || type === 'entity.too.large')
    return new AppError('PAYLOAD_TOO_LARGE', 'Request body too large');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type');
  if (status === 400 && (type === 'entity.parse.failed' || e instanceof SyntaxError)) {
    return new AppError('MALFORMED_JSON', 'Request body is not valid JSON');
  }
  if (status && status >= 400 && status < 500) {
    const code = (Object.entries(ERROR_CODES).find(([, s]) => s === status)?.[0] ??
      'VALIDATION_FAILED') as ErrorCode;
    return new AppError(code, (e as Error).message);
  }
  return new AppError('INTERNAL', 'Internal error');
}

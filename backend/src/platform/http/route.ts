import type { Context } from 'koa';
import type { ZodType, z } from 'zod';
import type { Access, Principal } from './access';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RateLimitRule {
  /** a name shared by routes that count together, e.g. 'login' */
  name: string;
  points: number;
  durationSeconds: number;
  by: 'ip' | 'principal';
}

export interface RequestInfo {
  requestId: string;
  ip: string;
  principal: Principal | undefined;
  koa: Context;
}

type Infer<T> = T extends ZodType ? z.output<T> : undefined;

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RouteDef<
  B extends ZodType | undefined = ZodType | undefined,
  Q extends ZodType | undefined = ZodType | undefined,
  P extends ZodType | undefined = ZodType | undefined,
> {
  method: HttpMethod;
  /** Koa path with `:param` segments, starting with /api/ */
  path: string;
  access: Access;
  summary: string;
  tags: string[];
  body?: B;
  query?: Q;
  params?: P;
  /** schema of `data` in the success envelope, for the OpenAPI document */
  response?: ZodType;
  /** the handler returns Paged<T>; the envelope is { data: items, meta } */
  paged?: boolean;
  successStatus?: 200 | 201 | 202 | 204;
  rateLimit?: RateLimitRule[];
  /** the handler writes ctx.body itself (provider callbacks, files); no envelope */
  raw?: boolean;
  handler(input: { body: Infer<B>; query: Infer<Q>; params: Infer<P>; req: RequestInfo }): Promise<unknown>;
}

/** Identity function that keeps the zod types flowing into the handler. */
export function defineRoute<
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  P extends ZodType | undefined = undefined,
>(def: RouteDef<B, Q, P>): RouteDef {
  return def as unknown as RouteDef;
}

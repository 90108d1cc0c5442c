import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitResult } from './types';
import { assertPositiveInt } from './validate';

/** `name`, `points` and `duration` together name one limiter, so two rules never share a counter. */
export function limiterPrefix(name: string, points: number, durationSeconds: number): string {
  return `rl:${name}:${points}:${durationSeconds}`;
}

export function assertLimit(points: number, durationSeconds: number): void {
  assertPositiveInt('points', points);
  // RateLimiterRedis floors durations to whole seconds, and below 1 s keys would never expire.
  assertPositiveInt('durationSeconds', durationSeconds);
}

/** Turns rate-limiter-flexible's resolve/reject protocol into a result. */
export async function consumeOne(
  limiter: { consume(key: string, points: number): Promise<RateLimiterRes> },
  key: string,
): Promise<RateLimitResult> {
  try {
    const res = await limiter.consume(key, 1);
    return { allowed: true, remaining: res.remainingPoints, retryAfterMs: 0 };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, rejection.msBeforeNext) };
  }
}

import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { RateLimitDriver, RateLimitResult } from '../types';
import { assertLimit, consumeOne, limiterPrefix } from '../rate-limit-result';

export class MemoryRateLimit implements RateLimitDriver {
  private readonly limiters = new Map<string, RateLimiterMemory>();

  async consume(
    name: string,
    key: string,
    points: number,
    durationSeconds: number,
  ): Promise<RateLimitResult> {
    assertLimit(points, durationSeconds);
    const prefix = limiterPrefix(name, points, durationSeconds);
    let limiter = this.limiters.get(prefix);
    if (!limiter) {
      limiter = new RateLimiterMemory({ keyPrefix: prefix, points, duration: durationSeconds });
      this.limiters.set(prefix, limiter);
    }
    return consumeOne(limiter, key);
  }
}

import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { assertLimit, consumeOne, limiterPrefix } from '../rate-limit-result';
import type { RateLimitDriver, RateLimitResult } from '../types';

/**
 * One RateLimiterRedis per (name, points, duration). A key over its limit is then refused from memory for
 * the rest of its window without a Redis call (inMemoryBlockOnConsumed), and while Redis is unreachable each
 * process limits on its own (the insurance RateLimiterMemory) rather than failing or letting everyone in.
 */
export class RedisRateLimit implements RateLimitDriver {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(private readonly redis: Redis) {}

  async consume(
    name: string,
    key: string,
    points: number,
    durationSeconds: number,
  ): Promise<RateLimitResult> {
    assertLimit(points, durationSeconds);
    const keyPrefix = limiterPrefix(name, points, durationSeconds);
    let limiter = this.limiters.get(keyPrefix);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix,
        points,
        duration: durationSeconds,
        inMemoryBlockOnConsumed: points + 1,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }),
      });
      this.limiters.set(keyPrefix, limiter);
    }
    return consumeOne(limiter, key);
  }
}

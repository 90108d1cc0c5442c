import type { ClientContext, Redis, Result } from 'ioredis';

/**
 * Lua scripts of the drivers, registered with `defineCommand` (EVALSHA, reloaded after a restart). Each
 * touches one caller key, so it runs unchanged on Redis Cluster.
 */

/** INCRBY, plus PEXPIRE when this call created the key (ARGV[2] = TTL in ms, 0 = none) */
const CACHE_INCR = `
local created = redis.call('EXISTS', KEYS[1]) == 0
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if created and tonumber(ARGV[2]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return value
`;

/** DECRBY only when at least ARGV[1] is left; nil when the key is missing or too little is left */
const STOCK_TAKE = `
local left = redis.call('GET', KEYS[1])
if not left then
  return false
end
local n = tonumber(ARGV[1])
if tonumber(left) < n then
  return false
end
return redis.call('DECRBY', KEYS[1], n)
`;

declare module 'ioredis' {
  interface RedisCommander<Context extends ClientContext = { type: 'default' }> {
    mallCacheIncr(key: string, by: number, ttlMs: number): Result<number, Context>;
    mallStockTake(key: string, n: number): Result<number | null, Context>;
  }
}

export function defineDriverScripts(redis: Redis): void {
  redis.defineCommand('mallCacheIncr', { numberOfKeys: 1, lua: CACHE_INCR });
  redis.defineCommand('mallStockTake', { numberOfKeys: 1, lua: STOCK_TAKE });
}

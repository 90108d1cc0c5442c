/**
 * One contract, two implementations: every test here runs against the memory drivers and against Redis.
 * Timings are short (TTLs of a few hundred ms) and every wait polls for a condition with a deadline.
 */
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { createDrivers, createMemoryDrivers, createRedisDrivers } from '../../src/platform/drivers';
import type { Drivers, QueueJob } from '../../src/platform/drivers/types';

const redisUrl = process.env.REDIS_URL!;
const logger = createLogger('silent');
// Per-run names: another checkout's run of this suite on the same Redis database must not share keys or queues.
const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

beforeAll(async () => {
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  await redis.quit();
});

test('createDrivers picks memory without REDIS_URL and Redis with it', async () => {
  const memory = await createDrivers(loadConfig({ NODE_ENV: 'test' }), logger);
  const redis = await createDrivers(loadConfig({ NODE_ENV: 'test', REDIS_URL: redisUrl }), logger);
  try {
    expect(memory.kind).toBe('memory');
    expect(memory.redis).toBeUndefined();
    expect(redis.kind).toBe('redis');
    expect(await redis.redis!.ping()).toBe('PONG');
  } finally {
    await Promise.all([memory.close(), redis.close()]);
  }
});

test('redis: while Redis is unreachable, rate limits fall back to this process and commands fail fast', async () => {
  const drivers = await createRedisDrivers(redisUrl, logger);
  try {
    drivers.redis!.disconnect(); // as if Redis went away: no reconnect, status 'end'
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await drivers.rateLimit.consume('outage', `${run}:ip`, 2, 60));
    expect(results.map((r) => r.allowed)).toEqual([true, true, false]);
    await expect(drivers.cache.get(`${run}:outage`)).rejects.toThrow();
  } finally {
    await drivers.close();
  }
});

describe.each([
  ['memory', async () => createMemoryDrivers(logger)],
  ['redis', () => createRedisDrivers(redisUrl, logger)],
] as const)('%s drivers', (kind, create) => {
  let drivers: Drivers;
  beforeAll(async () => {
    drivers = await create();
  });
  afterAll(async () => {
    await drivers.close();
  });
  const k = (name: string) => `${kind}:${run}:${name}`;
  const q = (name: string) => `${kind}-${run}-${name}`;

  describe('cache', () => {
    test('get, set, del', async () => {
      const { cache } = drivers;
      expect(await cache.get(k('missing'))).toBeUndefined();
      await cache.set(k('a'), { n: 1, s: 'x', at: new Date(0) });
      await cache.set(k('b'), 0);
      expect(await cache.get(k('a'))).toEqual({ n: 1, s: 'x', at: '1970-01-01T00:00:00.000Z' });
      expect(await cache.get(k('b'))).toBe(0);
      await cache.del(k('a'), k('b'), k('missing'));
      expect(await cache.get(k('a'))).toBeUndefined();
      expect(await cache.get(k('b'))).toBeUndefined();
      await expect(cache.set(k('u'), undefined)).rejects.toThrow(TypeError);
    });

    test('a value expires after its TTL', async () => {
      const { cache } = drivers;
      await cache.set(k('ttl'), 'v', 0.25);
      await cache.set(k('forever'), 'v');
      expect(await cache.get(k('ttl'))).toBe('v');
      await sleep(400);
      expect(await cache.get(k('ttl'))).toBeUndefined();
      expect(await cache.get(k('forever'))).toBe('v');
    });

    test('setIfAbsent: exactly one of 50 concurrent callers sets it, until it expires', async () => {
      const { cache } = drivers;
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => cache.setIfAbsent(k('nx'), { winner: i }, 0.25)),
      );
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(await cache.get(k('nx'))).toEqual({ winner: winners[0] });
      await sleep(400);
      expect(await cache.setIfAbsent(k('nx'), 'again', 1)).toBe(true);
    });

    test('incr counts atomically and applies the TTL only when it creates the key', async () => {
      const { cache } = drivers;
      expect(await cache.incr(k('n'))).toBe(1);
      expect(await cache.incr(k('n'), 5)).toBe(6);
      expect(await cache.incr(k('n'), -2)).toBe(4);
      const all = await Promise.all(Array.from({ length: 40 }, () => cache.incr(k('n'))));
      expect(new Set(all).size).toBe(40);
      expect(await cache.get(k('n'))).toBe(44);

      expect(await cache.incr(k('n-ttl'), 1, 0.25)).toBe(1);
      expect(await cache.incr(k('n-ttl'), 1, 60)).toBe(2); // the key exists: its TTL is not replaced
      await sleep(400);
      expect(await cache.get(k('n-ttl'))).toBeUndefined();
      expect(await cache.incr(k('n-ttl'), 1, 60)).toBe(1);

      await cache.set(k('not-a-number'), 'x');
      await expect(cache.incr(k('not-a-number'))).rejects.toThrow();
    });
  });

  describe('lock', () => {
    test('20 concurrent withLock callers on one key run strictly one at a time', async () => {
      const { lock } = drivers;
      let inside = 0;
      let maxInside = 0;
      let runs = 0;
      const caller = async () => {
        for (;;) {
          const r = await lock.withLock(k('mutex'), 2000, async () => {
            inside += 1;
            maxInside = Math.max(maxInside, inside);
            await sleep(3);
            inside -= 1;
            runs += 1;
            return runs;
          });
          if (r.acquired) return r.value;
          await sleep(1 + Math.random() * 3);
        }
      };
      const values = await Promise.all(Array.from({ length: 20 }, caller));
      expect(maxInside).toBe(1);
      expect(runs).toBe(20);
      expect(new Set(values).size).toBe(20);
    });

    test('withLock does not run fn while the key is held, and releases after fn throws', async () => {
      const { lock } = drivers;
      const held = await lock.tryAcquire(k('busy'), 2000);
      let ran = false;
      expect(await lock.withLock(k('busy'), 1000, async () => (ran = true))).toEqual({ acquired: false });
      expect(ran).toBe(false);
      await held!.release();
      await expect(
        lock.withLock(k('busy'), 1000, async () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await lock.withLock(k('busy'), 1000, async () => 'free')).toEqual({
        acquired: true,
        value: 'free',
      });
    });

    test('tryAcquire on a held key gives undefined; expiry frees it', async () => {
      const { lock } = drivers;
      const first = await lock.tryAcquire(k('expiring'), 200);
      expect(first?.key).toBe(k('expiring'));
      expect(await lock.tryAcquire(k('expiring'), 200)).toBeUndefined();
      await sleep(300);
      const second = await lock.tryAcquire(k('expiring'), 1000);
      expect(second).toBeDefined();
      await second!.release();
    });

    test('extend keeps the lock past its first TTL', async () => {
      const { lock } = drivers;
      const handle = (await lock.tryAcquire(k('extend'), 200))!;
      await sleep(100);
      expect(await handle.extend(500)).toBe(true);
      await sleep(200); // past the first TTL
      expect(await lock.tryAcquire(k('extend'), 200)).toBeUndefined();
      await handle.release();
      const next = await lock.tryAcquire(k('extend'), 200);
      expect(next).toBeDefined();
      await next!.release();
    });

    test('a stale handle can neither release nor extend the lock of a newer holder', async () => {
      const { lock } = drivers;
      const stale = (await lock.tryAcquire(k('stale'), 100))!;
      await sleep(200);
      const holder = (await lock.tryAcquire(k('stale'), 2000))!;
      expect(holder).toBeDefined();
      await stale.release();
      expect(await stale.extend(2000)).toBe(false);
      expect(await lock.tryAcquire(k('stale'), 200)).toBeUndefined();
      await holder.release();
      expect(await lock.tryAcquire(k('stale'), 200)).toBeDefined();
    });
  });

  describe('queue', () => {
    test('process receives the jobs added, with their data', async () => {
      const { queue } = drivers;
      const seen: QueueJob<{ n: number }>[] = [];
      await queue.process<{ n: number }>(q('recv'), async (job) => {
        seen.push(job);
      });
      const ids = await Promise.all([1, 2, 3].map((n) => queue.add(q('recv'), 'count', { n })));
      await waitFor('3 jobs', () => seen.length === 3);
      expect(seen.map((j) => j.data.n).sort()).toEqual([1, 2, 3]);
      expect(seen.map((j) => j.id).sort()).toEqual([...ids].sort());
      expect(seen.every((j) => j.name === 'count' && j.attemptsMade === 0)).toBe(true);
      await waitFor('empty queue', async () => (await queue.depth(q('recv'))) === 0);
    });

    test('a jobId is added once while its job exists, and is free again once it completed', async () => {
      const { queue } = drivers;
      expect(await queue.add(q('dedup'), 'x', { n: 1 }, { jobId: `order-7-${run}` })).toBe(`order-7-${run}`);
      expect(await queue.add(q('dedup'), 'x', { n: 2 }, { jobId: `order-7-${run}` })).toBe(`order-7-${run}`);
      expect(await queue.depth(q('dedup'))).toBe(1);
      const seen: number[] = [];
      await queue.process<{ n: number }>(q('dedup'), async (job) => {
        seen.push(job.data.n);
      });
      await waitFor('first run', async () => seen.length === 1 && (await queue.depth(q('dedup'))) === 0);
      await queue.add(q('dedup'), 'x', { n: 3 }, { jobId: `order-7-${run}` });
      await waitFor('second run', () => seen.length === 2);
      expect(seen).toEqual([1, 3]);
      await expect(queue.add(q('dedup'), 'x', {}, { jobId: 'a:b' })).rejects.toThrow(RangeError);
      await expect(queue.add(q('dedup'), 'x', {}, { jobId: '42' })).rejects.toThrow(RangeError);
      await expect(queue.add(`${q('dedup')}:x`, 'x', {})).rejects.toThrow(RangeError);
    });

    test('a delayed job waits for its delay and counts in depth meanwhile', async () => {
      const { queue } = drivers;
      const ranAt: number[] = [];
      await queue.process(q('delayed'), async () => {
        ranAt.push(Date.now());
      });
      const addedAt = Date.now();
      await queue.add(q('delayed'), 'later', {}, { delayMs: 300 });
      expect(await queue.depth(q('delayed'))).toBe(1);
      await sleep(150);
      expect(ranAt).toHaveLength(0);
      await waitFor('delayed run', () => ranAt.length === 1);
      expect(ranAt[0]! - addedAt).toBeGreaterThanOrEqual(290);
    });

    test('a failing job is retried until its attempts are used up, then given up', async () => {
      const { queue } = drivers;
      const attempts: number[] = [];
      const flaky: number[] = [];
      await queue.process<{ kind: string }>(
        q('failing'),
        async (job) => {
          if (job.data.kind === 'always') {
            attempts.push(job.attemptsMade);
            throw new Error('always fails');
          }
          flaky.push(job.attemptsMade);
          if (job.attemptsMade === 0) throw new Error('fails once');
        },
        { concurrency: 2 },
      );
      await queue.add(q('failing'), 'x', { kind: 'always' }, { attempts: 3, backoffMs: 50 });
      await queue.add(q('failing'), 'x', { kind: 'flaky' }, { attempts: 5, backoffMs: 50 });
      await waitFor('three attempts', () => attempts.length === 3);
      await waitFor('flaky job done', () => flaky.length === 2);
      await waitFor('empty queue', async () => (await queue.depth(q('failing'))) === 0);
      await sleep(300);
      expect(attempts).toEqual([0, 1, 2]);
      expect(flaky).toEqual([0, 1]);
    });

    test('depth counts waiting and delayed jobs; concurrency caps the jobs running at once', async () => {
      const { queue } = drivers;
      for (let i = 0; i < 6; i++) await queue.add(q('depth'), 'x', { i });
      await queue.add(q('depth'), 'x', { i: 6 }, { delayMs: 200 });
      expect(await queue.depth(q('depth'))).toBe(7);
      let running = 0;
      let maxRunning = 0;
      let done = 0;
      await queue.process(
        q('depth'),
        async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await sleep(30);
          running -= 1;
          done += 1;
        },
        { concurrency: 2 },
      );
      await waitFor('all done', async () => done === 7 && (await queue.depth(q('depth'))) === 0);
      expect(maxRunning).toBe(2);
    });
  });

  describe('rate limit', () => {
    test('N hits allowed, then refused with retryAfterMs > 0', async () => {
      const { rateLimit } = drivers;
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await rateLimit.consume('login', k('ip-1'), 3, 2));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      expect(results[3]!.retryAfterMs).toBeGreaterThan(0);
      expect(results[3]!.retryAfterMs).toBeLessThanOrEqual(2000);
    });

    test('refused hits count too: N of 30 concurrent hits pass, and retrying while refused does not help', async () => {
      const { rateLimit } = drivers;
      const results = await Promise.all(
        Array.from({ length: 30 }, () => rateLimit.consume('claim', k('user-1'), 5, 1)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(5);
      const refused = results.filter((r) => !r.allowed);
      expect(refused.every((r) => r.retryAfterMs > 0 && r.remaining === 0)).toBe(true);
      for (let i = 0; i < 5; i++) {
        const again = await rateLimit.consume('claim', k('user-1'), 5, 1);
        expect(again.allowed).toBe(false);
        await sleep(20);
      }
      const last = await rateLimit.consume('claim', k('user-1'), 5, 1);
      await sleep(last.retryAfterMs + 50);
      expect((await rateLimit.consume('claim', k('user-1'), 5, 1)).allowed).toBe(true);
    });

    test('keys, names and limits are independent', async () => {
      const { rateLimit } = drivers;
      expect((await rateLimit.consume('order', k('a'), 1, 60)).allowed).toBe(true);
      expect((await rateLimit.consume('order', k('a'), 1, 60)).allowed).toBe(false);
      expect((await rateLimit.consume('order', k('b'), 1, 60)).allowed).toBe(true);
      expect((await rateLimit.consume('search', k('a'), 1, 60)).allowed).toBe(true);
      expect((await rateLimit.consume('order', k('a'), 2, 60)).allowed).toBe(true);
      await expect(rateLimit.consume('order', k('a'), 1, 0.5)).rejects.toThrow(RangeError);
    });
  });

  describe('stock counter', () => {
    test('300 concurrent take(1) on 57: exactly 57 succeed and it ends at 0', async () => {
      const { stock } = drivers;
      const key = `{flash:${kind}-${run}-1}:stock`;
      await stock.set(key, 57);
      const results = await Promise.all(Array.from({ length: 300 }, () => stock.take(key, 1)));
      const taken = results.filter((r): r is number => r !== undefined);
      expect(taken).toHaveLength(57);
      expect(new Set(taken)).toEqual(new Set(Array.from({ length: 57 }, (_, i) => i)));
      expect(await stock.get(key)).toBe(0);
      expect(await stock.take(key, 1)).toBeUndefined();
      expect(await stock.get(key)).toBe(0);
    });

    test('take(n) larger than what is left fails without change; give returns units', async () => {
      const { stock } = drivers;
      const key = `{flash:${kind}-${run}-2}:stock`;
      expect(await stock.get(key)).toBeUndefined();
      expect(await stock.take(key, 1)).toBeUndefined();
      await stock.set(key, 5);
      expect(await stock.take(key, 6)).toBeUndefined();
      expect(await stock.get(key)).toBe(5);
      expect(await stock.take(key, 5)).toBe(0);
      expect(await stock.give(key, 3)).toBe(3);
      expect(await stock.take(key, 2)).toBe(1);
      await expect(stock.take(key, 0)).rejects.toThrow(RangeError);
      await expect(stock.give(key, 1.5)).rejects.toThrow(RangeError);
      await expect(stock.set(key, -1)).rejects.toThrow(RangeError);
      await stock.del(key);
      expect(await stock.get(key)).toBeUndefined();
    });
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { prepareTestDatabase } from '../support/db';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { createSequelize } from '../../src/platform/db/sequelize';
import { createRedisDrivers } from '../../src/platform/drivers';
import type { Drivers } from '../../src/platform/drivers/types';
import { CronRunner, CronScheduler, type CronJobDef, type CronRunContext } from '../../src/platform/cron';

const TZ = 'Asia/Shanghai';
const logger = createLogger('silent');
const clock = { now: () => new Date() };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SHOP_DAY = new Date('2026-11-25T16:30:00Z'); // already 2026-11-26 in Shanghai

let sequelize: Sequelize;
let driversA: Drivers;
let driversB: Drivers;

beforeAll(async () => {
  sequelize = await prepareTestDatabase();
  await sequelize.query(
    'CREATE TABLE IF NOT EXISTS cron_test_effects (subject VARCHAR(96) NOT NULL, period VARCHAR(32) NOT NULL)',
  );
  driversA = await createRedisDrivers(process.env.REDIS_URL!, logger);
  driversB = await createRedisDrivers(process.env.REDIS_URL!, logger);
});

afterAll(async () => {
  await driversA?.close();
  await driversB?.close();
  await sequelize?.query('DROP TABLE IF EXISTS cron_test_effects');
  await sequelize?.close();
});

beforeEach(async () => {
  for (const t of ['cron_runs', 'cron_keys', 'cron_test_effects']) await sequelize.query(`DELETE FROM ${t}`);
});

const runner = (drivers: Drivers, host = 'test-host') =>
  new CronRunner({ sequelize, lock: drivers.lock, logger, clock, timezone: TZ, host });

function job(
  name: string,
  run: (ctx: CronRunContext) => Promise<void>,
  over: Partial<CronJobDef> = {},
): CronJobDef {
  return { name, schedule: '0 3 * * *', period: 'day', description: `test ${name}`, run, ...over };
}

interface RunRow {
  period: string;
  status: string;
  host: string;
  counts: string | null;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}
const runRows = (name: string) =>
  sequelize.query<RunRow>('SELECT * FROM cron_runs WHERE job = ? ORDER BY period', {
    replacements: [name],
    type: QueryTypes.SELECT,
  });

const effects = async () =>
  (
    await sequelize.query<{ subject: string }>('SELECT subject FROM cron_test_effects ORDER BY subject', {
      type: QueryTypes.SELECT,
    })
  ).map((r) => r.subject);

/** once(subject) writes one effect row in the key's transaction; `failOn` subjects throw after writing it */
async function issue(ctx: CronRunContext, subjects: string[], failOn: string[] = []): Promise<void> {
  await Promise.all(
    subjects.map(async (subject) => {
      const first = await ctx.once(subject, async (tx) => {
        await sequelize.query('INSERT INTO cron_test_effects (subject, period) VALUES (?, ?)', {
          replacements: [subject, ctx.period],
          transaction: tx,
        });
        if (failOn.includes(subject)) throw new Error(`cannot issue ${subject}`);
      });
      ctx.count(first ? 'issued' : 'already');
    }),
  );
}

describe('CronRunner on MariaDB and Redis', () => {
  it('runs a job once per period when ten runs race on two runners', async () => {
    let bodies = 0;
    const racy = job('race-once', async (ctx) => {
      bodies++;
      await sleep(100);
      ctx.count('ran');
    });
    const [a, b] = [runner(driversA, 'host-a'), runner(driversB, 'host-b')];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).run(racy, { now: SHOP_DAY })),
    );
    expect(results.filter((r) => r.status === 'done')).toEqual([
      { status: 'done', period: '2026-11-26', counts: { ran: 1 } },
    ]);
    for (const r of results.filter((x) => x.status !== 'done')) {
      expect(['skipped_locked', 'skipped_done']).toContain(r.status);
    }
    expect(bodies).toBe(1);

    // later in the same shop day: already done; the next shop day is a new period
    expect((await a.run(racy, { now: new Date('2026-11-26T15:59:00Z') })).status).toBe('skipped_done');
    expect(await b.run(racy, { now: new Date('2026-11-26T16:00:00Z') })).toEqual({
      status: 'done',
      period: '2026-11-27',
      counts: { ran: 1 },
    });
    const rows = await runRows('race-once');
    expect(rows.map((r) => [r.period, r.status, JSON.parse(r.counts!)])).toEqual([
      ['2026-11-26', 'done', { ran: 1 }],
      ['2026-11-27', 'done', { ran: 1 }],
    ]);
    expect(rows.every((r) => r.finished_at !== null && r.error === null)).toBe(true);
  });

  it('does each subject once per period across forced reruns', async () => {
    let subjects = ['s1', 's2'];
    const coupons = job('issue-once', (ctx) => issue(ctx, subjects));
    const r = runner(driversA);

    expect(await r.run(coupons, { now: SHOP_DAY })).toMatchObject({ status: 'done', counts: { issued: 2 } });
    subjects = ['s1', 's2', 's3'];
    expect((await r.run(coupons, { now: SHOP_DAY })).status).toBe('skipped_done');
    expect(await r.run(coupons, { now: SHOP_DAY, force: true })).toMatchObject({
      status: 'done',
      counts: { issued: 1, already: 2 },
    });
    expect(await effects()).toEqual(['s1', 's2', 's3']);
    // one record per period, showing the last run
    const rows = await runRows('issue-once');
    expect(rows.map((x) => [x.status, JSON.parse(x.counts!)])).toEqual([['done', { issued: 1, already: 2 }]]);

    // a new period does every subject again
    expect(await r.run(coupons, { now: new Date('2026-11-27T01:00:00Z') })).toMatchObject({
      period: '2026-11-27',
      counts: { issued: 3 },
    });
  });

  it('records a failed run, rolls back the failed subject, and retries in the same period', async () => {
    let failOn = ['b'];
    const flaky = job('flaky', (ctx) => issue(ctx, ['a', 'b', 'c'], failOn));
    const r = runner(driversA);

    const failed = await r.run(flaky, { now: SHOP_DAY });
    expect(failed).toMatchObject({ status: 'failed', period: '2026-11-26', error: 'cannot issue b' });
    const [record] = await runRows('flaky');
    expect(record).toMatchObject({ status: 'failed', error: 'cannot issue b' });
    expect(record.finished_at).not.toBeNull();
    expect(await effects()).toEqual(['a', 'c']); // b's effect rolled back with its key

    failOn = [];
    expect(await r.run(flaky, { now: SHOP_DAY })).toEqual({
      status: 'done',
      period: '2026-11-26',
      counts: { issued: 1, already: 2 },
    });
    expect(await effects()).toEqual(['a', 'b', 'c']);
    const rows = await runRows('flaky');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'done', error: null });
    expect((await r.run(flaky, { now: SHOP_DAY })).status).toBe('skipped_done');
  });

  it('skips while another process holds the job lock', async () => {
    let bodies = 0;
    const locked = job('locked-job', async () => {
      bodies++;
    });
    const held = await driversB.lock.tryAcquire('cron:locked-job', 10_000);
    expect(held).toBeDefined();
    expect(await runner(driversA).run(locked, { now: SHOP_DAY })).toEqual({
      status: 'skipped_locked',
      period: '2026-11-26',
      counts: {},
    });
    expect(bodies).toBe(0);
    expect(await runRows('locked-job')).toEqual([]);
    await held!.release();
    expect((await runner(driversA).run(locked, { now: SHOP_DAY })).status).toBe('done');
    expect(bodies).toBe(1);
  });

  it('extends the lock while a job outlives its TTL', async () => {
    const long = job(
      'long-job',
      async () => {
        await sleep(1600);
      },
      { lockTtlMs: 1000 },
    );
    const other = runner(driversB);
    const running = runner(driversA).run(long, { now: SHOP_DAY });
    await sleep(1300); // past the first TTL: without extension the lock would be free now
    const lateTry = (await other.run(long, { now: new Date('2026-11-27T01:00:00Z') })).status;
    expect((await running).status).toBe('done');
    expect(lateTry).toBe('skipped_locked');
  });

  it('takes over a run record left running by a process that died', async () => {
    await sequelize.query(
      "INSERT INTO cron_runs (job, period, status, host, started_at) VALUES ('orphan', '2026-11-26', 'running', 'dead-host', ?)",
      { replacements: [new Date(Date.now() - 3600_000)] },
    );
    const orphan = job('orphan', async (ctx) => ctx.count('ran'));
    expect(await runner(driversA, 'live-host').run(orphan, { now: SHOP_DAY })).toMatchObject({
      status: 'done',
    });
    expect(await runRows('orphan')).toMatchObject([
      { status: 'done', host: 'live-host', counts: '{"ran":1}' },
    ]);
  });

  it('fails a job whose subject does not fit the key column', async () => {
    const tooLong = job('bad-subject', async (ctx) => {
      await ctx.once('x'.repeat(97), async () => {});
    });
    expect(await runner(driversA).run(tooLong, { now: SHOP_DAY })).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('1..96 characters'),
    });
    expect(await runRows('bad-subject')).toMatchObject([{ status: 'failed' }]);
  });

  it('returns a failed result, without throwing, when the database is unreachable', async () => {
    const closed = createSequelize(loadConfig(), logger);
    await closed.close();
    const r = new CronRunner({ sequelize: closed, lock: driversA.lock, logger, clock, timezone: TZ });
    let bodies = 0;
    const result = await r.run(
      job('no-database', async () => {
        bodies++;
      }),
      { now: SHOP_DAY },
    );
    expect(result).toMatchObject({ status: 'failed', period: '2026-11-26', counts: {} });
    expect(result.error).toBeTruthy();
    expect(bodies).toBe(0);
    // the lock was released: a healthy runner runs it at once
    expect(
      (
        await runner(driversA).run(
          job('no-database', async () => {}),
          { now: SHOP_DAY },
        )
      ).status,
    ).toBe('done');
  });
});

describe('CronScheduler', () => {
  it('refuses duplicate names and invalid expressions at construction', () => {
    const r = runner(driversA);
    const ok = job('ok-job', async () => {});
    expect(() => new CronScheduler(r, [ok, ok], TZ)).toThrow("'ok-job': name used twice");
    expect(() => new CronScheduler(r, [job('bad', async () => {}, { schedule: 'every day' })], TZ)).toThrow(
      "invalid cron expression 'every day'",
    );
    expect(() => new CronScheduler(r, [ok], 'Mars/Olympus')).toThrow(RangeError);
  });

  it('runs scheduled jobs and stop() waits for the run in progress', async () => {
    let started = 0;
    let finished = 0;
    const tick = job(
      'tick',
      async () => {
        started++;
        await sleep(700);
        finished++;
      },
      { schedule: '* * * * * *', period: 'minute' },
    );
    const scheduler = new CronScheduler(runner(driversA), [tick], TZ);
    scheduler.start();
    while (started === 0) await sleep(50);
    await scheduler.stop();
    expect(finished).toBe(started);
    const rows = await runRows('tick');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    const after = started;
    await sleep(1200);
    expect(started).toBe(after); // stopped: no more fires
  });
});

const SRC = path.resolve(__dirname, '../../src');

/** A process with its own connections running a scheduler with one every-second job of period 'minute'. */
const CHILD = `
const fs = require('node:fs');
const { loadConfig } = require(${JSON.stringify(`${SRC}/config.ts`)});
const { createLogger } = require(${JSON.stringify(`${SRC}/platform/logger.ts`)});
const { createSequelize } = require(${JSON.stringify(`${SRC}/platform/db/sequelize.ts`)});
const { createRedisDrivers } = require(${JSON.stringify(`${SRC}/platform/drivers/index.ts`)});
const { CronRunner, CronScheduler } = require(${JSON.stringify(`${SRC}/platform/cron/index.ts`)});
(async () => {
  const config = loadConfig();
  const logger = createLogger('silent');
  const sequelize = createSequelize(config, logger);
  const drivers = await createRedisDrivers(config.redisUrl, logger);
  const runner = new CronRunner({ sequelize, lock: drivers.lock, logger, clock: { now: () => new Date() }, timezone: config.shopTimezone });
  const statuses = [];
  const run = runner.run.bind(runner);
  runner.run = async (...args) => { const r = await run(...args); statuses.push(r.status); return r; };
  const job = {
    name: 'two-processes', schedule: '* * * * * *', period: 'minute', description: 'test',
    async run(ctx) {
      fs.appendFileSync(process.env.CRON_TEST_FILE, ctx.period + ' ' + process.pid + '\\n');
      await new Promise((r) => setTimeout(r, 300));
    },
  };
  const scheduler = new CronScheduler(runner, [job], config.shopTimezone);
  await sequelize.authenticate();
  process.send('ready');
  const { stopAt } = await new Promise((resolve) => process.once('message', resolve));
  scheduler.start();
  await new Promise((r) => setTimeout(r, stopAt - Date.now()));
  await scheduler.stop();
  await drivers.close();
  await sequelize.close();
  process.send({ statuses });
  process.disconnect();
})().catch((e) => { console.error(e); process.exit(1); });
`;

function spawnChild(file: string): {
  child: ChildProcess;
  messages: unknown[];
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', CHILD], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, CRON_TEST_FILE: file },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: unknown[] = [];
  child.on('message', (m) => messages.push(m));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, messages, exited };
}

describe('two cron processes started at once on real Redis', () => {
  it('run a job once per period', async () => {
    const file = path.join(os.tmpdir(), `cron-two-processes-${process.pid}-${Date.now()}.log`);
    fs.writeFileSync(file, '');
    const children = [spawnChild(file), spawnChild(file)];
    try {
      while (!children.every((c) => c.messages.includes('ready'))) await sleep(50);
      const stopAt = Date.now() + 3500;
      for (const c of children) c.child.send({ stopAt });
      expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);

      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      const periods = lines.map((l) => l.split(' ')[0]);
      expect(periods.length).toBeGreaterThanOrEqual(1);
      expect(new Set(periods).size).toBe(periods.length); // the body ran once per period
      const rows = await runRows('two-processes');
      expect(rows.map((r) => r.period)).toEqual([...periods].sort());
      expect(rows.every((r) => r.status === 'done')).toBe(true);

      // both schedulers fired every second: the lock and the run record refused all but one fire per period
      const statuses = children.flatMap((c) => (c.messages[1] as { statuses: string[] }).statuses);
      expect(statuses.length).toBeGreaterThanOrEqual(4);
      expect(statuses.filter((s) => s === 'done')).toHaveLength(periods.length);
      expect(statuses.filter((s) => s === 'skipped_locked' || s === 'skipped_done').length).toBe(
        statuses.length - periods.length,
      );
    } finally {
      for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
      fs.rmSync(file, { force: true });
    }
  });
});

const CRON_DIR = path.resolve(__dirname, '../../../cron');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: CRON_DIR,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run cron -- (the CLI, on the sources)', () => {
  it('runs cron-runs-prune once, refuses an unknown job, lists the jobs', async () => {
    const daysAgo = (d: number) => new Date(Date.now() - d * 24 * 3600_000);
    for (const [period, d] of [
      ['old', 91],
      ['recent', 89],
    ] as const) {
      await sequelize.query(
        "INSERT INTO cron_runs (job, period, status, host, started_at) VALUES ('some-job', ?, 'done', 'h', ?)",
        { replacements: [period, daysAgo(d)] },
      );
      await sequelize.query(
        "INSERT INTO cron_keys (job, subject, period, created_at) VALUES ('some-job', 's', ?, ?)",
        {
          replacements: [period, daysAgo(d)],
        },
      );
    }

    const [run, unknown, list] = await Promise.all([
      cli(['run', 'cron-runs-prune']),
      cli(['run', 'no-such-job']),
      cli(['list']),
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout.trim());
    expect(result).toMatchObject({ job: 'cron-runs-prune', status: 'done', counts: { runs: 1, keys: 1 } });
    const left = await sequelize.query<{ job: string; period: string }>(
      'SELECT job, period FROM cron_runs ORDER BY job',
      {
        type: QueryTypes.SELECT,
      },
    );
    expect(left).toEqual([
      { job: 'cron-runs-prune', period: result.period },
      { job: 'some-job', period: 'recent' },
    ]);
    expect(await sequelize.query('SELECT period FROM cron_keys', { type: QueryTypes.SELECT })).toEqual([
      { period: 'recent' },
    ]);

    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown cron job 'no-such-job'");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^cron-runs-prune\s+30 3 \* \* \*\s+day\s+Deletes cron run records/m);

    const again = await cli(['run', 'cron-runs-prune']);
    expect([again.code, JSON.parse(again.stdout.trim()).status]).toEqual([0, 'skipped_done']);
    const forced = await cli(['run', 'cron-runs-prune', '--force']);
    expect([forced.code, JSON.parse(forced.stdout.trim())]).toEqual([
      0,
      { job: 'cron-runs-prune', status: 'done', period: result.period, counts: { runs: 0, keys: 0 } },
    ]);
  });
});

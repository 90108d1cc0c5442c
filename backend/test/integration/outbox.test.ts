import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { loadConfig } from '../../src/config';
import { systemClock, type Clock } from '../../src/platform/clock';
import { createSequelize } from '../../src/platform/db/sequelize';
import { withTransaction } from '../../src/platform/db/tx';
import { isAppError } from '../../src/platform/errors';
import { createLogger } from '../../src/platform/logger';
import { OutboxDispatcher, type OutboxDispatcherOptions } from '../../src/platform/outbox/dispatcher';
import { SqlOutbox } from '../../src/platform/outbox/outbox';
import { readOutboxStats } from '../../src/platform/outbox/stats';
import { outboxPruneJob } from '../../src/platform/outbox/prune-job';
import { readTime } from '../../src/platform/db/time';
import type { EventHandlerDef } from '../../src/platform/outbox/types';
import { prepareTestDatabase } from '../support/db';
import { countEffects, createEffectsTable, effectHandler, EFFECTS_TABLE } from '../support/outbox-effects';

const logger = createLogger('silent');
let sequelize: Sequelize;

class TestClock implements Clock {
  constructor(private t: number) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

beforeAll(async () => {
  sequelize = await prepareTestDatabase();
  await createEffectsTable(sequelize);
});

beforeEach(async () => {
  for (const table of ['outbox_events', 'outbox_receipts', EFFECTS_TABLE])
    await sequelize.query(`DELETE FROM ${table}`);
});

afterAll(async () => {
  await sequelize.getQueryInterface().dropTable(EFFECTS_TABLE);
  await sequelize.close();
});

function dispatcher(opts: Partial<OutboxDispatcherOptions> & { handlers: EventHandlerDef[] }) {
  return new OutboxDispatcher({ sequelize, logger, clock: systemClock, pollMs: 5, ...opts });
}

async function emitPings(outbox: SqlOutbox, count: number, perTransaction = count): Promise<number[]> {
  const ids: number[] = [];
  for (let from = 0; from < count; from += perTransaction) {
    await withTransaction(sequelize, async (tx) => {
      for (let n = from; n < Math.min(count, from + perTransaction); n++) {
        ids.push(await outbox.emit(tx, 'platform.ping', { n }));
      }
    });
  }
  return ids;
}

async function selectOne<T extends object>(
  sql: string,
  replacements: Record<string, unknown> = {},
): Promise<T> {
  const [row] = await sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  return row;
}

async function eventRow(id: number) {
  const row = await selectOne<Record<string, unknown>>('SELECT * FROM outbox_events WHERE id = :id', { id });
  return {
    attempts: Number(row.attempts),
    lastError: row.last_error as string | null,
    availableAt: readTime(row.available_at),
    lockedBy: row.locked_by as string | null,
    dispatchedAt: row.dispatched_at == null ? null : readTime(row.dispatched_at),
  };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function tally(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

describe('SqlOutbox.emit', () => {
  it('writes nothing when the business transaction rolls back', async () => {
    const outbox = new SqlOutbox(sequelize, systemClock);
    const commits: number[] = [];
    outbox.onCommit(() => commits.push(1));
    await expect(
      withTransaction(sequelize, async (tx) => {
        await outbox.emit(tx, 'platform.ping', { n: 1 });
        throw new Error('business rule refused');
      }),
    ).rejects.toThrow('business rule refused');

    const calls: number[] = [];
    const d = dispatcher({
      handlers: [
        effectHandler({ sequelize, name: 'test.a', appliedBy: 'd', onCall: (id) => calls.push(id) }),
      ],
    });
    expect(await d.runOnce()).toBe(0);
    expect(await selectOne<{ n: number }>('SELECT COUNT(*) AS n FROM outbox_events')).toEqual({ n: 0 });
    expect(calls).toEqual([]);
    expect(commits).toEqual([]);
  });

  it('refuses a payload that does not match the catalog with a plain Error', async () => {
    const outbox = new SqlOutbox(sequelize, systemClock);
    const attempt = withTransaction(sequelize, (tx) => outbox.emit(tx, 'platform.ping', { n: 1.5 }));
    await expect(attempt).rejects.toThrow(/invalid payload for 'platform.ping'/);
    await attempt.catch((e: unknown) => expect(isAppError(e)).toBe(false));
    await expect(
      withTransaction(sequelize, (tx) => outbox.emit(tx, 'no.such.event' as 'platform.ping', { n: 1 })),
    ).rejects.toThrow(/unknown event/);
    expect(await selectOne<{ n: number }>('SELECT COUNT(*) AS n FROM outbox_events')).toEqual({ n: 0 });
  });
});

describe('OutboxDispatcher', () => {
  it('refuses duplicate handler names and events missing from the catalog', () => {
    const a = effectHandler({ sequelize, name: 'test.a', appliedBy: 'd' });
    expect(() => dispatcher({ handlers: [a, { ...a }] })).toThrow(/duplicate handler name 'test.a'/);
    expect(() => dispatcher({ handlers: [{ ...a, event: 'order.exploded' as 'platform.ping' }] })).toThrow(
      /not in the event catalog/,
    );
  });

  it('applies each subscribed handler once per committed event, in id order, and never again', async () => {
    const outbox = new SqlOutbox(sequelize, systemClock);
    const commits: number[] = [];
    outbox.onCommit(() => commits.push(1));
    const ids = await emitPings(outbox, 3);
    expect(commits).toHaveLength(3);

    const calls = new Map<string, number>();
    const order: number[] = [];
    const handlers: EventHandlerDef[] = [
      effectHandler({
        sequelize,
        name: 'test.a',
        appliedBy: 'd1',
        onCall: (id) => {
          tally(calls, `a:${id}`);
          order.push(id);
        },
      }),
      effectHandler({ sequelize, name: 'test.b', appliedBy: 'd1', onCall: (id) => tally(calls, `b:${id}`) }),
      { name: 'test.paidOnly', event: 'order.paid', handle: async () => tally(calls, 'paid') },
    ];
    expect(await dispatcher({ handlers }).runOnce()).toBe(3);
    expect(order).toEqual(ids);
    expect((await countEffects(sequelize)).map((e) => [e.handler, e.eventId, e.count])).toEqual(
      ids.flatMap((id) => [
        ['test.a', id, 1],
        ['test.b', id, 1],
      ]),
    );
    for (const id of ids) expect((await eventRow(id)).dispatchedAt).toBeInstanceOf(Date);

    // a dispatcher that died after the handlers committed but before marking the event: delivered again,
    // the receipts make every handler skip it
    await sequelize.query('UPDATE outbox_events SET dispatched_at = NULL WHERE id = :id', {
      replacements: { id: ids[1] },
    });
    expect(await dispatcher({ handlers }).runOnce()).toBe(1);
    expect(await dispatcher({ handlers }).runOnce()).toBe(0);
    expect([...calls.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(calls.has('paid')).toBe(false);
    expect(await selectOne<{ n: number }>(`SELECT COUNT(*) AS n FROM ${EFFECTS_TABLE}`)).toEqual({ n: 6 });
    expect(await readOutboxStats(sequelize, systemClock)).toEqual({
      pending: 0,
      failing: 0,
      oldestPendingAgeMs: null,
    });
  });

  it('retries a failing handler with capped exponential backoff and never re-applies its sibling', async () => {
    const clock = new TestClock(Date.parse('2026-11-26T02:00:00.000Z'));
    const outbox = new SqlOutbox(sequelize, clock);
    const [id] = await withTransaction(sequelize, async (tx) => [
      await outbox.emit(tx, 'platform.ping', { n: 7 }),
    ]);

    let flakyFailuresLeft = 2;
    const calls = new Map<string, number>();
    const d = dispatcher({
      clock,
      backoff: { baseMs: 1_000, maxMs: 1_500 },
      handlers: [
        effectHandler({
          sequelize,
          name: 'test.flaky',
          appliedBy: 'd',
          onCall: () => tally(calls, 'flaky'),
          shouldFail: () => flakyFailuresLeft-- > 0,
        }),
        effectHandler({
          sequelize,
          name: 'test.steady',
          appliedBy: 'd',
          onCall: () => tally(calls, 'steady'),
        }),
      ],
    });

    expect(await d.runOnce()).toBe(0);
    let row = await eventRow(id);
    expect(row).toMatchObject({ attempts: 1, lockedBy: null, dispatchedAt: null });
    expect(row.lastError).toContain('test.flaky: test.flaky refused event');
    expect(row.availableAt.toISOString()).toBe('2026-11-26T02:00:01.000Z');
    // the failed handler's own write was rolled back with its receipt; the sibling's stands
    expect((await countEffects(sequelize)).map((e) => e.handler)).toEqual(['test.steady']);

    clock.advance(999);
    expect(await d.runOnce()).toBe(0);
    expect(calls.get('flaky')).toBe(1);
    expect(await d.stats()).toEqual({ pending: 1, failing: 1, oldestPendingAgeMs: 999 });

    clock.advance(1);
    expect(await d.runOnce()).toBe(0);
    row = await eventRow(id);
    expect(row.attempts).toBe(2);
    expect(row.availableAt.toISOString()).toBe('2026-11-26T02:00:02.500Z'); // 2 000 ms capped at 1 500

    clock.advance(1_500);
    expect(await d.runOnce()).toBe(1);
    row = await eventRow(id);
    expect(row.attempts).toBe(2);
    expect(row.dispatchedAt?.toISOString()).toBe('2026-11-26T02:00:02.500Z');
    expect(Object.fromEntries(calls)).toEqual({ flaky: 3, steady: 1 });
    expect((await countEffects(sequelize)).map((e) => [e.handler, e.count])).toEqual([
      ['test.flaky', 1],
      ['test.steady', 1],
    ]);
    expect(await d.stats()).toEqual({ pending: 0, failing: 0, oldestPendingAgeMs: null });
  });

  it('wakes on notify() after a commit instead of waiting for its next poll, and stops at once', async () => {
    const outbox = new SqlOutbox(sequelize, systemClock);
    const d = dispatcher({
      pollMs: 60_000,
      handlers: [effectHandler({ sequelize, name: 'test.a', appliedBy: 'd' })],
    });
    outbox.onCommit(() => d.notify());
    d.start();
    try {
      await new Promise((r) => setTimeout(r, 200)); // its first, empty poll is done: it now sleeps for a minute
      await emitPings(outbox, 1);
      await waitFor(
        'the event to be applied',
        async () => (await countEffects(sequelize)).length === 1,
        5_000,
      );
    } finally {
      const stopping = Date.now();
      await d.stop();
      expect(Date.now() - stopping).toBeLessThan(5_000);
    }
  });

  it('two dispatchers over 300 events apply every handler exactly once per event', async () => {
    const outbox = new SqlOutbox(sequelize, systemClock);
    const ids = await emitPings(outbox, 300, 30);
    const second = createSequelize(loadConfig(), logger);
    const committed = new Map<string, number>();
    const make = (label: string, db: Sequelize) =>
      new OutboxDispatcher({
        sequelize: db,
        logger,
        clock: systemClock,
        workerId: label,
        batchSize: 10,
        pollMs: 5,
        handlers: ['test.a', 'test.b'].map((name) =>
          effectHandler({
            sequelize: db,
            name,
            appliedBy: label,
            onCommitted: (id) => tally(committed, `${name}:${id}`),
          }),
        ),
      });
    const dispatchers = [make('one', sequelize), make('two', second)];
    try {
      dispatchers.forEach((d) => d.start());
      await waitFor(
        'the outbox to drain',
        async () => (await readOutboxStats(sequelize, systemClock)).pending === 0,
      );
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await second.close();
    }

    const effects = await countEffects(sequelize);
    const perEvent = new Map<string, number>();
    for (const e of effects)
      perEvent.set(`${e.handler}:${e.eventId}`, (perEvent.get(`${e.handler}:${e.eventId}`) ?? 0) + e.count);
    expect(perEvent.size).toBe(600);
    expect([...perEvent.values()].every((n) => n === 1)).toBe(true);
    expect(committed.size).toBe(600);
    expect([...committed.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(effects.map((e) => e.eventId))).toEqual(new Set(ids));
    // both really worked
    expect(new Set(effects.map((e) => e.appliedBy))).toEqual(new Set(['one', 'two']));
    expect(await selectOne<{ n: number }>('SELECT COUNT(*) AS n FROM outbox_receipts')).toEqual({ n: 600 });
  });

  it('claims lapsing in the middle of slow deliveries still apply each handler once', async () => {
    const outbox = new SqlOutbox(sequelize, systemClock);
    await emitPings(outbox, 30);
    const committed = new Map<string, number>();
    // a batch takes ~10 x 15 ms against a 40 ms claim: the other dispatcher takes over events in flight
    const dispatchers = ['one', 'two'].map((label) =>
      dispatcher({
        workerId: label,
        batchSize: 10,
        lockMs: 40,
        handlers: [
          effectHandler({
            sequelize,
            name: 'test.slow',
            appliedBy: label,
            delayMs: 15,
            onCommitted: (id) => tally(committed, String(id)),
          }),
        ],
      }),
    );
    try {
      dispatchers.forEach((d) => d.start());
      await waitFor(
        'the outbox to drain',
        async () => (await readOutboxStats(sequelize, systemClock)).pending === 0,
      );
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
    }
    expect((await countEffects(sequelize)).reduce((sum, e) => sum + e.count, 0)).toBe(30);
    expect(committed.size).toBe(30);
    expect([...committed.values()].every((n) => n === 1)).toBe(true);
  });

  it('a dispatcher SIGKILLed mid-batch loses nothing and applies nothing twice', async () => {
    const outbox = new SqlOutbox(sequelize, systemClock);
    const ids = await emitPings(outbox, 20);
    const child = spawnChildDispatcher({ workerId: 'doomed', batchSize: 10, lockMs: 1_500, delayMs: 100 });
    let childOutput = '';
    let childExit: string | undefined;
    child.stdout.on('data', (chunk) => (childOutput += chunk));
    child.stderr.on('data', (chunk) => (childOutput += chunk));
    child.on('exit', (code, signal) => (childExit = signal ?? String(code)));
    try {
      await waitFor('the child to apply 3 events', () => {
        if (childExit) throw new Error(`child exited (${childExit}): ${childOutput}`);
        return (childOutput.match(/^applied /gm) ?? []).length >= 3;
      });
      const held = await selectOne<{ n: number }>(
        "SELECT COUNT(*) AS n FROM outbox_events WHERE locked_by = 'doomed' AND dispatched_at IS NULL",
      );
      expect(Number(held.n)).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
      await waitFor('the child to die', () => childExit !== undefined);
    }
    expect(childExit).toBe('SIGKILL');

    const committed = new Map<string, number>();
    const fresh = dispatcher({
      workerId: 'fresh',
      batchSize: 50,
      handlers: [
        effectHandler({
          sequelize,
          name: 'test.effect',
          appliedBy: 'fresh',
          onCommitted: (id) => tally(committed, String(id)),
        }),
      ],
    });
    // while the dead dispatcher's claim lasts, only the events it had not claimed are delivered
    expect(await fresh.runOnce()).toBe(10);
    const { until } = await selectOne<{ until: unknown }>(
      'SELECT MAX(locked_until) AS until FROM outbox_events',
    );
    await new Promise((r) => setTimeout(r, Math.max(0, readTime(until).getTime() - Date.now() + 10)));
    await fresh.runOnce();
    expect(await fresh.stats()).toMatchObject({ pending: 0 });

    const effects = await countEffects(sequelize);
    expect(effects.every((e) => e.count === 1)).toBe(true);
    expect(effects.map((e) => e.eventId)).toEqual(ids);
    const byChild = effects.filter((e) => e.appliedBy === 'child').length;
    expect(byChild).toBeGreaterThanOrEqual(3);
    expect(byChild).toBeLessThan(10);
    expect(committed.size).toBe(20 - byChild);
    expect([...committed.values()].every((n) => n === 1)).toBe(true);
    expect(await selectOne<{ n: number }>('SELECT COUNT(*) AS n FROM outbox_receipts')).toEqual({ n: 20 });
  });
});

function spawnChildDispatcher(opts: {
  workerId: string;
  batchSize: number;
  lockMs: number;
  delayMs: number;
}) {
  const backendDir = path.resolve(__dirname, '../..');
  const script = path.join(backendDir, 'test/support/outbox-child.ts');
  const args = [opts.workerId, opts.batchSize, opts.lockMs, opts.delayMs].map(String);
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: backendDir,
    env: process.env,
    stdio: 'pipe',
  }) as ChildProcessWithoutNullStreams;
}

describe('outbox-prune job', () => {
  it('deletes old dispatched events with their receipts and keeps pending and recent ones', async () => {
    const clock = new TestClock(Date.parse('2026-01-01T00:00:00Z'));
    const outbox = new SqlOutbox(sequelize, clock);
    const [oldDone, oldPending] = await emitPings(outbox, 2, 1);
    await dispatcher({
      clock,
      handlers: [effectHandler({ name: 'prune.a', sequelize, appliedBy: 'prune' })],
    }).runOnce();
    await sequelize.query('UPDATE outbox_events SET dispatched_at = NULL WHERE id = :id', {
      replacements: { id: oldPending },
    });
    clock.advance(40 * 24 * 3600 * 1000);
    const [recent] = await emitPings(new SqlOutbox(sequelize, clock), 1);
    await dispatcher({
      clock,
      handlers: [effectHandler({ name: 'prune.a', sequelize, appliedBy: 'prune' })],
    }).runOnce();
    const counts: Record<string, number> = {};
    const job = outboxPruneJob(sequelize);
    await job.run({
      period: '2026-02-10',
      now: clock.now(),
      timezone: 'Asia/Shanghai',
      logger,
      once: async () => false,
      count: (name, by = 1) => (counts[name] = (counts[name] ?? 0) + by),
    });
    const left = await sequelize.query<{ id: number }>('SELECT id FROM outbox_events ORDER BY id', {
      type: QueryTypes.SELECT,
    });
    expect(left.map((r) => Number(r.id))).toEqual([oldPending, recent]);
    expect(counts).toEqual({ receipts: 1, events: 1 });
    const receipts = await selectOne<{ n: number }>(
      'SELECT COUNT(*) AS n FROM outbox_receipts WHERE event_id = :id',
      {
        id: oldDone,
      },
    );
    expect(Number(receipts.n)).toBe(0);
  });
});

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { z } from 'zod';
import type { Clock } from '../clock';
import { guardedUpdate, isUniqueViolation, withTransaction, type Tx } from '../db/tx';
import { eventCatalog, type EventName, type EventPayload } from '../events/catalog';
import type { Logger } from '../logger';
import { defaultBackoff, retryDelayMs, type Backoff } from './backoff';
import { readTime, sqlTime } from '../db/time';
import { readOutboxStats, type OutboxStats } from './stats';
import type { EventHandlerDef, OutboxEvent } from './types';

export interface OutboxDispatcherOptions {
  sequelize: Sequelize;
  handlers: EventHandlerDef[];
  logger: Logger;
  clock: Clock;
  /** written into `locked_by`; must differ between dispatchers (default: pid, random, host) */
  workerId?: string;
  batchSize?: number;
  /**
   * How long a claim holds a batch. Keep it above the time a batch takes: past it another dispatcher may
   * deliver the same events again (receipts make that harmless, but it is wasted work).
   */
  lockMs?: number;
  pollMs?: number;
  backoff?: Backoff;
}

interface ClaimedRow {
  id: number;
  name: string;
  payload: string;
  attempts: number;
  createdAt: Date;
}

interface Claim {
  lockedUntil: Date;
  rows: ClaimedRow[];
}

const RECEIPT_HANDLER_MAX = 96; // outbox_receipts.handler
const LOCKED_BY_MAX = 64; // outbox_events.locked_by
const LAST_ERROR_MAX = 2_000;

// a row may be claimed when it is pending, due, and nobody holds a live claim on it
const CLAIMABLE =
  'dispatched_at IS NULL AND available_at <= :now AND (locked_until IS NULL OR locked_until < :now)';

/**
 * Delivers outbox events at least once to every subscribed handler, and each handler applies each event
 * exactly once: the receipt (handler, event id) is inserted in the handler's own transaction, so a repeated
 * delivery finds the receipt and skips. Any number of dispatchers may run against one database.
 */
export class OutboxDispatcher {
  readonly workerId: string;
  private readonly sequelize: Sequelize;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly handlersByEvent: Map<string, EventHandlerDef[]>;
  private readonly batchSize: number;
  private readonly lockMs: number;
  private readonly pollMs: number;
  private readonly backoff: Backoff;

  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeRequested = false;
  private wake: (() => void) | undefined;

  constructor(opts: OutboxDispatcherOptions) {
    this.sequelize = opts.sequelize;
    this.logger = opts.logger;
    this.clock = opts.clock;
    this.handlersByEvent = indexHandlers(opts.handlers);
    this.workerId = opts.workerId ?? defaultWorkerId();
    if (this.workerId.length > LOCKED_BY_MAX)
      throw new Error(`outbox: workerId longer than ${LOCKED_BY_MAX}`);
    this.batchSize = positiveInt('batchSize', opts.batchSize ?? 20);
    this.lockMs = positiveInt('lockMs', opts.lockMs ?? 60_000);
    this.pollMs = positiveInt('pollMs', opts.pollMs ?? 1_000);
    this.backoff = opts.backoff ?? defaultBackoff;
  }

  /** Claims one batch and delivers it; answers how many events this call completed. */
  async runOnce(): Promise<number> {
    return (await this.dispatchBatch()).completed;
  }

  /** Polls until stop(): batches back to back while they come full, else every pollMs or on notify(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.pollLoop();
  }

  /** Wake the poll loop now (e.g. after a commit that emitted events). */
  notify(): void {
    this.wakeRequested = true;
    this.wake?.();
  }

  /** Stops polling; resolves once the batch in flight has been delivered. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  stats(): Promise<OutboxStats> {
    return readOutboxStats(this.sequelize, this.clock);
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopping) {
      this.wakeRequested = false;
      let full = false;
      try {
        full = (await this.dispatchBatch()).claimed === this.batchSize;
      } catch (err) {
        this.logger.error({ err, workerId: this.workerId }, 'outbox: dispatch failed');
      }
      if (!full && !this.stopping) await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.wakeRequested) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      this.wake = done;
    });
  }

  private async dispatchBatch(): Promise<{ claimed: number; completed: number }> {
    const claim = await this.claim();
    let completed = 0;
    for (const row of claim.rows) {
      // past the claim another dispatcher may take the rest: leave it to it rather than deliver twice
      if (this.clock.now() >= claim.lockedUntil) break;
      if (await this.deliver(row, claim)) completed++;
    }
    return { claimed: claim.rows.length, completed };
  }

  /**
   * Select due candidates, then claim them with one guarded UPDATE: a row another dispatcher claimed in
   * between no longer matches the guard, so each row goes to exactly one claimant until its lock expires.
   */
  private async claim(): Promise<Claim> {
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + this.lockMs);
    const times = { now: this.sqlTime(now), until: this.sqlTime(lockedUntil) };
    const candidates = await this.sequelize.query<{ id: unknown }>(
      `SELECT id FROM outbox_events WHERE ${CLAIMABLE} ORDER BY id LIMIT :limit`,
      { replacements: { ...times, limit: this.batchSize }, type: QueryTypes.SELECT },
    );
    if (candidates.length === 0) return { lockedUntil, rows: [] };
    const ids = candidates.map((c) => Number(c.id));
    const mine = { ...times, ids, workerId: this.workerId };
    const claimed = await guardedUpdate(
      this.sequelize,
      `UPDATE outbox_events SET locked_by = :workerId, locked_until = :until WHERE id IN (:ids) AND ${CLAIMABLE}`,
      mine,
    );
    if (claimed === 0) return { lockedUntil, rows: [] };
    const rows = await this.sequelize.query<Record<string, unknown>>(
      `SELECT id, name, payload, attempts, created_at FROM outbox_events
       WHERE id IN (:ids) AND locked_by = :workerId AND locked_until = :until ORDER BY id`,
      { replacements: mine, type: QueryTypes.SELECT },
    );
    return {
      lockedUntil,
      rows: rows.map((r) => ({
        id: Number(r.id),
        name: String(r.name),
        payload: String(r.payload),
        attempts: Number(r.attempts),
        createdAt: readTime(r.created_at),
      })),
    };
  }

  /** Runs every subscribed handler; answers whether this call marked the event dispatched. */
  private async deliver(row: ClaimedRow, claim: Claim): Promise<boolean> {
    const handlers = this.handlersByEvent.get(row.name) ?? [];
    if (handlers.length === 0) return this.markDispatched(row.id);
    let event: OutboxEvent;
    try {
      event = toEvent(row);
    } catch (err) {
      this.logger.error({ err, eventId: row.id, event: row.name }, 'outbox: unreadable event');
      await this.recordFailure(row, claim, [`payload: ${errorText(err)}`]);
      return false;
    }
    const failures: string[] = [];
    for (const handler of handlers) {
      try {
        const applied = await this.applyOnce(handler, event);
        this.logger.debug({ eventId: row.id, handler: handler.name, applied }, 'outbox: handled');
      } catch (err) {
        // this handler rolled back alone: its siblings' receipts stand, so a retry re-runs only the failed ones
        failures.push(`${handler.name}: ${errorText(err)}`);
        this.logger.error(
          { err, eventId: row.id, event: row.name, handler: handler.name, attempt: row.attempts + 1 },
          'outbox: handler failed',
        );
      }
    }
    if (failures.length > 0) {
      await this.recordFailure(row, claim, failures);
      return false;
    }
    return this.markDispatched(row.id);
  }

  /** The receipt and the handler's writes commit together or not at all. False: applied before. */
  private applyOnce(handler: EventHandlerDef, event: OutboxEvent): Promise<boolean> {
    return withTransaction(this.sequelize, async (tx) => {
      if (!(await this.writeReceipt(handler.name, event.id, tx))) return false;
      await handler.handle(event, tx);
      return true;
    });
  }

  private async writeReceipt(handler: string, eventId: number, tx: Tx): Promise<boolean> {
    try {
      await this.sequelize.query(
        'INSERT INTO outbox_receipts (handler, event_id, created_at) VALUES (:handler, :eventId, :now)',
        {
          replacements: { handler, eventId, now: this.sqlTime(this.clock.now()) },
          transaction: tx,
          type: QueryTypes.INSERT,
        },
      );
      return true;
    } catch (err) {
      // on MySQL a receipt still uncommitted in another dispatcher's transaction makes this insert wait for it
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  private async markDispatched(id: number): Promise<boolean> {
    // every handler holds a receipt now, so the event is done even if our claim has lapsed meanwhile
    const moved = await guardedUpdate(
      this.sequelize,
      `UPDATE outbox_events SET dispatched_at = :now, locked_by = NULL, locked_until = NULL
       WHERE id = :id AND dispatched_at IS NULL`,
      { id, now: this.sqlTime(this.clock.now()) },
    );
    return moved === 1;
  }

  private async recordFailure(row: ClaimedRow, claim: Claim, failures: string[]): Promise<void> {
    const retryAt = new Date(this.clock.now().getTime() + retryDelayMs(row.attempts + 1, this.backoff));
    // guarded by our claim: if it lapsed and someone else holds the event, its outcome is theirs to record
    await guardedUpdate(
      this.sequelize,
      `UPDATE outbox_events
       SET attempts = attempts + 1, last_error = :error, available_at = :retryAt, locked_by = NULL, locked_until = NULL
       WHERE id = :id AND dispatched_at IS NULL AND locked_by = :workerId AND locked_until = :until`,
      {
        id: row.id,
        error: failures.join('\n').slice(0, LAST_ERROR_MAX),
        retryAt: this.sqlTime(retryAt),
        workerId: this.workerId,
        until: this.sqlTime(claim.lockedUntil),
      },
    );
  }

  private sqlTime(date: Date): string {
    return sqlTime(this.sequelize, date);
  }
}

function indexHandlers(handlers: EventHandlerDef[]): Map<string, EventHandlerDef[]> {
  const byEvent = new Map<string, EventHandlerDef[]>();
  const names = new Set<string>();
  for (const handler of handlers) {
    if (!handler.name || handler.name.length > RECEIPT_HANDLER_MAX) {
      throw new Error(
        `outbox: handler name must be 1 to ${RECEIPT_HANDLER_MAX} characters: '${handler.name}'`,
      );
    }
    if (names.has(handler.name)) throw new Error(`outbox: duplicate handler name '${handler.name}'`);
    if (!Object.hasOwn(eventCatalog, handler.event)) {
      throw new Error(
        `outbox: handler '${handler.name}' listens to '${handler.event}', not in the event catalog`,
      );
    }
    names.add(handler.name);
    byEvent.set(handler.event, [...(byEvent.get(handler.event) ?? []), handler]);
  }
  return byEvent;
}

function toEvent(row: ClaimedRow): OutboxEvent {
  const schema = eventCatalog[row.name as EventName] as z.ZodType | undefined;
  if (!schema) throw new Error(`event '${row.name}' is not in the catalog`);
  const payload = schema.parse(JSON.parse(row.payload)) as EventPayload<EventName>;
  return { id: row.id, name: row.name as EventName, payload, createdAt: row.createdAt };
}

function defaultWorkerId(): string {
  return `${process.pid}:${randomBytes(3).toString('hex')}@${os.hostname()}`.slice(0, LOCKED_BY_MAX);
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`outbox: ${name} must be a positive integer`);
  return value;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

import type { Platform } from '../../platform';
import { guardedUpdate, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { EventName, EventPayload } from '../../platform/events/catalog';
import type { Principal } from '../../platform/http/access';
import type { AccountsPort, CatalogPort, PaymentPort, PricingPort } from './ports';
import { OrderLog } from './models';
import { afterSaleMachine, orderMachine, type AfterSaleEvent, type OrderEvent } from './state';

/** Who did something: a shopper, a merchant account, store staff, or the system (jobs, notifications). */
export type Actor = Principal | { kind: 'system'; id?: undefined; name?: string };
export const SYSTEM: Actor = { kind: 'system', name: 'system' };

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

/** Everything the order services share. */
export interface OrderContext {
  platform: Platform;
  catalog: CatalogPort;
  payment: PaymentPort;
  accounts: AccountsPort;
  pricing: PricingPort;
}

type SqlValue = string | number | boolean | null | Date;

/**
 * `UPDATE <table> SET status = <target>, … WHERE id = :id AND status IN (<sources of event>) [AND guard]`.
 * Column names come from this module's code, never from input; values are replacements. Dates are written
 * with milliseconds. Returns whether the row moved (0 rows: another request moved it first, or it never could).
 */
async function moveRow(
  platform: Platform,
  tx: Tx,
  table: 'orders' | 'after_sales',
  id: number,
  sources: readonly string[],
  target: string,
  set: Record<string, SqlValue>,
  guard?: { sql: string; replacements?: Record<string, unknown> },
): Promise<boolean> {
  const { sequelize, clock } = platform;
  const assignments = Object.keys(set).map((col) => `${col} = :set_${col}`);
  const replacements: Record<string, unknown> = {
    id,
    sources,
    target,
    now: sqlTime(sequelize, clock.now()),
    ...guard?.replacements,
  };
  for (const [col, value] of Object.entries(set)) {
    replacements[`set_${col}`] = value instanceof Date ? sqlTime(sequelize, value) : value;
  }
  const sql = `UPDATE ${table} SET status = :target, ${[...assignments, 'updated_at = :now'].join(', ')}
     WHERE id = :id AND status IN (:sources)${guard ? ` AND ${guard.sql}` : ''}`;
  return (await guardedUpdate(sequelize, sql, replacements, tx)) === 1;
}

export async function moveOrder(
  ctx: OrderContext,
  tx: Tx,
  orderId: number,
  event: OrderEvent,
  opts: {
    actor: Actor;
    set?: Record<string, SqlValue>;
    guard?: { sql: string; replacements?: Record<string, unknown> };
    note?: string;
  },
): Promise<boolean> {
  const sources = orderMachine.sourcesOf(event);
  const target = orderMachine.transitions[event].to;
  const moved = await moveRow(
    ctx.platform,
    tx,
    'orders',
    orderId,
    sources,
    target,
    opts.set ?? {},
    opts.guard,
  );
  if (moved) {
    await logOrder(ctx, tx, orderId, {
      action: event,
      fromStatus: sources.length === 1 ? sources[0] : null,
      toStatus: target,
      actor: opts.actor,
      note: opts.note,
    });
  }
  return moved;
}

export async function moveAfterSale(
  ctx: OrderContext,
  tx: Tx,
  afterSale: { id: number; orderId: number; afterSaleNo: string },
  event: AfterSaleEvent,
  opts: {
    actor: Actor;
    set?: Record<string, SqlValue>;
    guard?: { sql: string; replacements?: Record<string, unknown> };
    note?: string;
  },
): Promise<boolean> {
  const sources = afterSaleMachine.sourcesOf(event);
  const target = afterSaleMachine.transitions[event].to;
  const set = { ...opts.set };
  // leaving the open states frees the line for another after-sale (the unique index on open_line_id)
  if (afterSaleMachine.terminal.includes(target)) {
    set.open_line_id = null;
    set.closed_at = ctx.platform.clock.now();
  }
  const moved = await moveRow(
    ctx.platform,
    tx,
    'after_sales',
    afterSale.id,
    sources,
    target,
    set,
    opts.guard,
  );
  if (moved) {
    await logOrder(ctx, tx, afterSale.orderId, {
      action: `aftersale.${event}`,
      fromStatus: null,
      toStatus: null,
      actor: opts.actor,
      note: [afterSale.afterSaleNo, opts.note].filter(Boolean).join(' '),
    });
  }
  return moved;
}

/** One row of an order's timeline. */
export async function logOrder(
  ctx: OrderContext,
  tx: Tx,
  orderId: number,
  entry: {
    action: string;
    fromStatus?: string | null;
    toStatus?: string | null;
    actor: Actor;
    note?: string;
  },
): Promise<void> {
  await OrderLog.create(
    {
      orderId,
      action: entry.action,
      fromStatus: entry.fromStatus ?? null,
      toStatus: entry.toStatus ?? null,
      actorKind: entry.actor.kind,
      actorId: entry.actor.id ?? null,
      note: entry.note ? entry.note.slice(0, 500) : null,
      createdAt: ctx.platform.clock.now(),
    },
    { transaction: tx },
  );
}

/** An order event in the caller's transaction, keyed by the order so its events can be found together. */
export function emitOrderEvent<N extends EventName>(
  ctx: OrderContext,
  tx: Tx,
  name: N,
  payload: EventPayload<N> & { orderId: number },
): Promise<number> {
  return ctx.platform.outbox.emit(tx, name, payload, { aggregateId: `order:${payload.orderId}` });
}

export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
export const addMinutes = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);

import { QueryTypes, type Sequelize } from 'sequelize';
import type { Tx } from './db/tx';
import type { Clock } from './clock';
import { readTime, sqlTime } from './db/time';
import type { Principal } from './http/access';

export interface AuditEntry {
  id: number;
  actorKind: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
  createdAt: string;
}

export interface AuditWrite {
  actor: Principal | { kind: 'system'; id?: undefined; name?: string };
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  before?: unknown;
  after?: unknown;
  ip?: string;
  requestId?: string;
}

const SECRET_KEYS = /password|secret|token|privateKey/i;

/** Never store secrets in the audit log, whatever object a module hands in. */
function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEYS.test(k) ? '[redacted]' : scrub(v),
      ]),
    );
  }
  return value;
}

/** Every admin write goes through `record`, in the same transaction as the write it describes. */
export class AuditLog {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditWrite, tx?: Tx): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO audit_logs (actor_kind, actor_id, actor_name, action, subject_type, subject_id, before_json,
         after_json, ip, request_id, created_at)
       VALUES (:actorKind, :actorId, :actorName, :action, :subjectType, :subjectId, :before, :after, :ip, :requestId, :now)`,
      {
        transaction: tx,
        replacements: {
          actorKind: entry.actor.kind,
          actorId: entry.actor.id ?? null,
          actorName: entry.actor.name ?? null,
          action: entry.action,
          subjectType: entry.subjectType ?? null,
          subjectId: entry.subjectId === undefined ? null : String(entry.subjectId),
          before: entry.before === undefined ? null : JSON.stringify(scrub(entry.before)),
          after: entry.after === undefined ? null : JSON.stringify(scrub(entry.after)),
          ip: entry.ip ?? null,
          requestId: entry.requestId ?? null,
          now: sqlTime(this.sequelize, this.clock.now()),
        },
      },
    );
  }

  async list(filter: {
    page: number;
    pageSize: number;
    action?: string;
    actorId?: number;
    subjectType?: string;
  }): Promise<{ items: AuditEntry[]; total: number }> {
    const where: string[] = [];
    const replacements: Record<string, unknown> = {};
    if (filter.action) {
      where.push('action LIKE :action');
      replacements.action = `${filter.action}%`;
    }
    if (filter.actorId !== undefined) {
      where.push('actor_id = :actorId');
      replacements.actorId = filter.actorId;
    }
    if (filter.subjectType) {
      where.push('subject_type = :subjectType');
      replacements.subjectType = filter.subjectType;
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.sequelize.query<{ total: number }>(
      `SELECT COUNT(*) AS total FROM audit_logs ${whereSql}`,
      { replacements, type: QueryTypes.SELECT },
    );
    const rows = await this.sequelize.query<Record<string, unknown>>(
      `SELECT * FROM audit_logs ${whereSql} ORDER BY id DESC LIMIT :limit OFFSET :offset`,
      {
        replacements: {
          ...replacements,
          limit: filter.pageSize,
          offset: (filter.page - 1) * filter.pageSize,
        },
        type: QueryTypes.SELECT,
      },
    );
    return {
      total: Number(total),
      items: rows.map((r) => ({
        id: Number(r.id),
        actorKind: String(r.actor_kind),
        actorId: r.actor_id === null ? null : Number(r.actor_id),
        actorName: (r.actor_name as string | null) ?? null,
        action: String(r.action),
        subjectType: (r.subject_type as string | null) ?? null,
        subjectId: (r.subject_id as string | null) ?? null,
        before: r.before_json ? JSON.parse(String(r.before_json)) : null,
        after: r.after_json ? JSON.parse(String(r.after_json)) : null,
        ip: (r.ip as string | null) ?? null,
        requestId: (r.request_id as string | null) ?? null,
        createdAt: readTime(r.created_at).toISOString(),
      })),
    };
  }
}

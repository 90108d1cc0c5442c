import type { AuditLogEntry } from '../../api/models';

const ACTOR_KINDS: Record<string, string> = {
  admin: '管理员',
  staff: '店员',
  shopper: '顾客',
  system: '系统',
};

/** e.g. `管理员 店主账号 #1`; the actor kind stays raw when the backend adds one not named here. */
export function actorLabel(entry: Pick<AuditLogEntry, 'actorKind' | 'actorId' | 'actorName'>): string {
  const kind = ACTOR_KINDS[entry.actorKind] ?? entry.actorKind;
  return [kind, entry.actorName, entry.actorId === null ? null : `#${entry.actorId}`]
    .filter(Boolean)
    .join(' ');
}

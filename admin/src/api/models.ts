import type { components, paths } from './schema';

/** The JSON body of an operation's 200 response, as the backend's OpenAPI document declares it. */
type SuccessBody<Operation> = Operation extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

type AuditLogsBody = SuccessBody<paths['/api/admin/audit-logs']['get']>;

export type ErrorCode = components['schemas']['ErrorEnvelope']['error']['code'];
export type AdminProfile = SuccessBody<paths['/api/admin/me']['get']>['data'];
export type AdminRole = AdminProfile['role'];
export type AuditLogEntry = AuditLogsBody['data'][number];
export type AuditLogQuery = NonNullable<paths['/api/admin/audit-logs']['get']['parameters']['query']>;
export type PageMeta = AuditLogsBody['meta'];

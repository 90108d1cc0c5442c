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

type OrdersBody = SuccessBody<paths['/api/admin/orders']['get']>;
export type OrderRow = OrdersBody['data'][number];
export type OrderStatus = OrderRow['status'];
export type OrdersQuery = NonNullable<paths['/api/admin/orders']['get']['parameters']['query']>;
export type OrderDetail = SuccessBody<paths['/api/admin/orders/{id}']['get']>['data'];
export type OrderLine = OrderDetail['lines'][number];
export type AfterSale = SuccessBody<paths['/api/admin/after-sales/{id}']['get']>['data'];
export type AfterSaleStatus = AfterSale['status'];
export type AfterSalesQuery = NonNullable<paths['/api/admin/after-sales']['get']['parameters']['query']>;
export type ReconciliationList = SuccessBody<paths['/api/admin/reconciliation']['get']>['data'];
export type ReconciliationRun = ReconciliationList['runs'][number];
export type ProductRow = SuccessBody<paths['/api/admin/products']['get']>['data'][number];
export type ProductsQuery = NonNullable<paths['/api/admin/products']['get']['parameters']['query']>;

import { AuditOutlined, DashboardOutlined } from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { AdminRole } from './api/models';
import { ALL_ROLES } from './auth/roles';

/** One page of the admin: where it lives, its menu entry and who may see it (RULES §14). */
export interface AdminRoute {
  /** path under /admin/ */
  path: string;
  title: string;
  icon: ReactNode;
  roles: readonly AdminRole[];
  page: LazyExoticComponent<ComponentType>;
}

/** The single route table: the menu, the router and the 403 check are all built from it. */
export const adminRoutes: AdminRoute[] = [
  {
    path: '/dashboard',
    title: '概览',
    icon: <DashboardOutlined />,
    roles: ALL_ROLES,
    page: lazy(() => import('./pages/DashboardPage')),
  },
  {
    path: '/audit-logs',
    title: '审计日志',
    icon: <AuditOutlined />,
    roles: ['owner', 'finance'],
    page: lazy(() => import('./pages/audit-logs/AuditLogsPage')),
  },
];

export const HOME_PATH = '/dashboard';

export function canAccess(route: AdminRoute, role: AdminRole): boolean {
  return route.roles.includes(role);
}

export function routesFor(role: AdminRole): AdminRoute[] {
  return adminRoutes.filter((route) => canAccess(route, role));
}

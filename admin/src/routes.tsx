import {
  AccountBookOutlined,
  AuditOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  ProfileOutlined,
  ShoppingOutlined,
} from '@ant-design/icons';
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
  /** a page reached from another one (a detail page), not from the menu */
  hideInMenu?: boolean;
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
    path: '/products',
    title: '商品',
    icon: <ShoppingOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/products/ProductsPage')),
  },
  {
    path: '/orders',
    title: '订单',
    icon: <ProfileOutlined />,
    roles: ALL_ROLES,
    page: lazy(() => import('./pages/orders/OrdersPage')),
  },
  {
    path: '/orders/:id',
    title: '订单详情',
    icon: <ProfileOutlined />,
    roles: ALL_ROLES,
    page: lazy(() => import('./pages/orders/OrderDetailPage')),
    hideInMenu: true,
  },
  {
    path: '/after-sales',
    title: '售后',
    icon: <CustomerServiceOutlined />,
    roles: ALL_ROLES,
    page: lazy(() => import('./pages/after-sales/AfterSalesPage')),
  },
  {
    path: '/reconciliation',
    title: '对账',
    icon: <AccountBookOutlined />,
    roles: ['owner', 'finance'],
    page: lazy(() => import('./pages/reconciliation/ReconciliationPage')),
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

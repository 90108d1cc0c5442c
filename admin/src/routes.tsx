import {
  AccountBookOutlined,
  AuditOutlined,
  ApartmentOutlined,
  CarOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileTextOutlined,
  GiftOutlined,
  ProfileOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
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
    path: '/products/new',
    title: '新建商品',
    icon: <ShoppingOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/product-form/ProductFormPage')),
    hideInMenu: true,
  },
  {
    path: '/products/:id/edit',
    title: '编辑商品',
    icon: <ShoppingOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/product-form/ProductFormPage')),
    hideInMenu: true,
  },
  {
    path: '/categories',
    title: '分类',
    icon: <ApartmentOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/categories/CategoriesPage')),
  },
  {
    path: '/freight-templates',
    title: '运费模板',
    icon: <CarOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/freight-templates/FreightTemplatesPage')),
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
    path: '/invoices',
    title: '发票',
    icon: <FileTextOutlined />,
    roles: ['owner', 'operator', 'finance'],
    page: lazy(() => import('./pages/invoices/InvoicesPage')),
  },
  {
    path: '/shoppers',
    title: '买家',
    icon: <UserOutlined />,
    roles: ['owner', 'operator', 'service'],
    page: lazy(() => import('./pages/shoppers/ShoppersPage')),
  },
  {
    path: '/stores',
    title: '门店',
    icon: <ShopOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/stores/StoresPage')),
  },
  {
    path: '/campaigns',
    title: '营销活动',
    icon: <GiftOutlined />,
    roles: ALL_ROLES,
    page: lazy(() => import('./pages/marketing/CampaignsPage')),
  },
  {
    path: '/campaigns/new',
    title: '新建活动',
    icon: <GiftOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/marketing/CampaignFormPage')),
    hideInMenu: true,
  },
  {
    path: '/campaigns/:id/edit',
    title: '编辑活动',
    icon: <GiftOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/marketing/CampaignFormPage')),
    hideInMenu: true,
  },
  {
    path: '/coupons',
    title: '优惠券',
    icon: <TagsOutlined />,
    roles: ALL_ROLES,
    page: lazy(() => import('./pages/marketing/coupons/CouponTemplatesPage')),
  },
  {
    path: '/coupons/new',
    title: '新建优惠券',
    icon: <TagsOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/marketing/coupons/CouponTemplateFormPage')),
    hideInMenu: true,
  },
  {
    path: '/coupons/:id/edit',
    title: '编辑优惠券',
    icon: <TagsOutlined />,
    roles: ['owner', 'operator'],
    page: lazy(() => import('./pages/marketing/coupons/CouponTemplateFormPage')),
    hideInMenu: true,
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
  {
    path: '/staff',
    title: '员工与角色',
    icon: <TeamOutlined />,
    roles: ['owner'],
    page: lazy(() => import('./pages/staff/StaffPage')),
  },
  {
    path: '/settings',
    title: '设置',
    icon: <SettingOutlined />,
    roles: ['owner'],
    page: lazy(() => import('./pages/settings/SettingsPage')),
  },
];

export const HOME_PATH = '/dashboard';

export function canAccess(route: AdminRoute, role: AdminRole): boolean {
  return route.roles.includes(role);
}

export function routesFor(role: AdminRole): AdminRoute[] {
  return adminRoutes.filter((route) => canAccess(route, role));
}

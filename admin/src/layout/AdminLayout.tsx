import { LogoutOutlined, ShopOutlined } from '@ant-design/icons';
import { ProLayout } from '@ant-design/pro-components';
import { Dropdown } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { ROLE_LABELS } from '../auth/roles';
import { routesFor } from '../routes';
import { FullPageSpin } from './FullPageSpin';

/** The shell around every page behind login: menu filtered by role, account menu, page outlet. */
export default function AdminLayout() {
  const { admin, logout } = useAuth();
  const location = useLocation();
  if (!admin) return null;

  const menu = routesFor(admin.role)
    .filter((route) => !route.hideInMenu)
    .map((route) => ({
      path: route.path,
      name: route.title,
      icon: route.icon,
    }));
  return (
    <ProLayout
      title="商城管理后台"
      logo={<ShopOutlined style={{ fontSize: 24, color: '#1677ff' }} />}
      layout="mix"
      fixSiderbar
      route={{ path: '/', routes: menu }}
      location={{ pathname: location.pathname }}
      menu={{ locale: false }}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      avatarProps={{
        title: `${admin.displayName}（${ROLE_LABELS[admin.role]}）`,
        size: 'small',
        render: (_, dom) => (
          <Dropdown
            menu={{
              items: [{ key: 'logout', icon: <LogoutOutlined />, label: '退出登录' }],
              onClick: ({ key }) => key === 'logout' && logout(),
            }}
          >
            {dom}
          </Dropdown>
        ),
      }}
    >
      <Suspense fallback={<FullPageSpin />}>
        <Outlet />
      </Suspense>
    </ProLayout>
  );
}

import { Button, Result } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, useLocation } from 'react-router';
import { FullPageSpin } from '../layout/FullPageSpin';
import { loginPath, useAuth } from './AuthProvider';

const AdminLayout = lazy(() => import('../layout/AdminLayout'));

/** Pages behind login: sends strangers to the login page and waits for the admin's profile. */
export function RequireAuth() {
  const { loggedIn, admin, profileLoading, profileError } = useAuth();
  const location = useLocation();
  if (!loggedIn) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  if (profileLoading) return <FullPageSpin />;
  if (!admin) {
    return (
      <Result
        status="error"
        title="无法加载账号信息"
        subTitle={profileError?.message}
        extra={<Button onClick={() => window.location.reload()}>重试</Button>}
      />
    );
  }
  return (
    <Suspense fallback={<FullPageSpin />}>
      <AdminLayout />
    </Suspense>
  );
}

import { lazy } from 'react';
import { canAccess, type AdminRoute } from '../routes';
import { useAuth } from './AuthProvider';

const ForbiddenPage = lazy(() => import('../pages/ForbiddenPage'));

/** Renders the route's page, or the 403 page when the admin's role may not see it. */
export function RoleGate({ route }: { route: AdminRoute }) {
  const { admin } = useAuth();
  if (!admin || !canAccess(route, admin.role)) return <ForbiddenPage />;
  const Page = route.page;
  return <Page />;
}

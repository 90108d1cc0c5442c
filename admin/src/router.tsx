import { lazy } from 'react';
import { Navigate, Outlet, createBrowserRouter } from 'react-router';
import { AuthProvider } from './auth/AuthProvider';
import { RequireAuth } from './auth/RequireAuth';
import { RoleGate } from './auth/RoleGate';
import { HOME_PATH, adminRoutes } from './routes';

import LoginPage from './pages/LoginPage';
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

export const router = createBrowserRouter(
  [
    {
      element: (
        <AuthProvider>
          <Outlet />
        </AuthProvider>
      ),
      children: [
        { path: '/login', element: <LoginPage /> },
        {
          element: <RequireAuth />,
          children: [
            { index: true, element: <Navigate to={HOME_PATH} replace /> },
            ...adminRoutes.map((route) => ({ path: route.path, element: <RoleGate route={route} /> })),
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: '/admin' },
);

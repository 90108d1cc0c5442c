import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { ApiError } from '../api/api-error';
import { api, fetchData } from '../api/client';
import type { AdminProfile } from '../api/models';
import { onSessionEnded, sessionToken } from './session';

export const ME_QUERY_KEY = ['admin', 'me'] as const;

interface AuthState {
  /** undefined while the profile loads or when nobody is logged in */
  admin: AdminProfile | undefined;
  loggedIn: boolean;
  profileLoading: boolean;
  profileError: ApiError | null;
  login(username: string, password: string): Promise<void>;
  logout(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** `/login?redirect=…` for the page the person was on. */
export function loginPath(from?: string): string {
  return from && from !== '/' ? `/login?redirect=${encodeURIComponent(from)}` : '/login';
}

/**
 * Holds the token and the logged-in admin. The role always comes from `GET /api/admin/me`, never from the
 * token, so a role change on the server applies on the next load.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const [token, setToken] = useState(sessionToken.get);

  const me = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: () => fetchData(api.GET('/api/admin/me')),
    enabled: token !== null,
    staleTime: 5 * 60_000,
  });

  const endSession = useCallback(() => {
    sessionToken.clear();
    setToken(null);
    queryClient.clear();
  }, [queryClient]);

  const login = useCallback(
    async (username: string, password: string) => {
      endSession(); // a stale token would make the public login route answer 401
      const session = await fetchData(api.POST('/api/admin/auth/login', { body: { username, password } }));
      sessionToken.set(session.token);
      queryClient.setQueryData(ME_QUERY_KEY, session.admin);
      setToken(session.token);
    },
    [endSession, queryClient],
  );

  const logout = useCallback(() => {
    endSession();
    navigate('/login', { replace: true });
  }, [endSession, navigate]);

  const currentPath = location.pathname + location.search;
  useEffect(
    () =>
      onSessionEnded((reason) => {
        endSession();
        message.warning(reason.message);
        if (!currentPath.startsWith('/login')) navigate(loginPath(currentPath), { replace: true });
      }),
    [endSession, message, navigate, currentPath],
  );

  const value = useMemo<AuthState>(
    () => ({
      admin: token ? me.data : undefined,
      loggedIn: token !== null,
      profileLoading: token !== null && me.isPending,
      profileError: (me.error as ApiError | null) ?? null,
      login,
      logout,
    }),
    [token, me.data, me.isPending, me.error, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

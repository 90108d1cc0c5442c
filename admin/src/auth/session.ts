import type { ApiError } from '../api/api-error';

const TOKEN_KEY = 'mall.admin.token';

/** The admin's bearer token, kept across reloads. */
export const sessionToken = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

type SessionEndedListener = (reason: ApiError) => void;
let sessionEndedListener: SessionEndedListener | undefined;

/** The API client reports a refused token here; the auth provider sends the person back to login. */
export function onSessionEnded(listener: SessionEndedListener): () => void {
  sessionEndedListener = listener;
  return () => {
    if (sessionEndedListener === listener) sessionEndedListener = undefined;
  };
}

export function reportSessionEnded(reason: ApiError): void {
  sessionEndedListener?.(reason);
}

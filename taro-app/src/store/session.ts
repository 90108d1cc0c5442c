import { useSyncExternalStore } from 'react';
import type { ApiError } from '../services/api-error';
import type { Shopper } from '../services/api-types';

/**
 * Where the shopper stands. `needs-privacy` opens the privacy page; `browsing-only` is a shopper who
 * declined it and sees public pages only.
 */
export type SessionState =
  | { status: 'starting' }
  | { status: 'needs-privacy' }
  | { status: 'browsing-only' }
  | { status: 'ready'; shopper: Shopper }
  | { status: 'frozen'; message: string }
  | { status: 'failed'; error: ApiError };

let state: SessionState = { status: 'starting' };
const listeners = new Set<() => void>();

export function getSession(): SessionState {
  return state;
}

export function setSession(next: SessionState): void {
  state = next;
  listeners.forEach((notify) => notify());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession, getSession);
}

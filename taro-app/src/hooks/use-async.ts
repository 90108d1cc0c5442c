import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isApiError } from '../services/api-error';

export type AsyncState<T> =
  { status: 'loading' } | { status: 'success'; data: T } | { status: 'error'; error: ApiError };

/**
 * Runs `load` when `enabled` and whenever `deps` change; `reload` runs it again.
 * A result that arrives after a newer run started is dropped.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  enabled = true,
): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const run = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const start = useCallback(() => {
    const id = ++run.current;
    setState({ status: 'loading' });
    loadRef.current().then(
      (data) => {
        if (id === run.current) setState({ status: 'success', data });
      },
      (e: unknown) => {
        if (id === run.current) setState({ status: 'error', error: toApiError(e) });
      },
    );
  }, []);

  useEffect(() => {
    if (enabled) start();
    // The caller lists what `load` depends on, as with useEffect.
  }, [enabled, start, ...deps]);

  return { ...state, reload: start };
}

function toApiError(e: unknown): ApiError {
  return isApiError(e) ? e : new ApiError('INTERNAL', 0, e instanceof Error ? e.message : String(e));
}

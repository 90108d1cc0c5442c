import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isApiError } from '../services/api-error';
import type { Page } from '../services/api-types';

export type PagedState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | {
      status: 'success';
      items: T[];
      total: number;
      hasMore: boolean;
      /** a next page is on its way */
      loadingMore: boolean;
      /** the last next page failed; `loadMore` tries it again */
      moreError: ApiError | undefined;
    };

/**
 * A paged list for infinite scroll: the first page like `useAsync` (loading / success / error), then
 * `loadMore()` appends the next page. One page at a time; a page that arrives after a newer `reload` started
 * is dropped. `hasMore` comes from the server's `meta.total`.
 */
export function usePaged<T>(
  loadPage: (page: number) => Promise<Page<T>>,
  deps: readonly unknown[],
  enabled = true,
): PagedState<T> & { loadMore: () => void; reload: () => void } {
  const [state, setState] = useState<PagedState<T>>({ status: 'loading' });
  const run = useRef(0);
  const busy = useRef(false);
  const nextPage = useRef(1);
  const loadRef = useRef(loadPage);
  loadRef.current = loadPage;
  const stateRef = useRef(state);
  stateRef.current = state;

  const reload = useCallback(() => {
    const id = ++run.current;
    busy.current = true;
    nextPage.current = 1;
    setState({ status: 'loading' });
    loadRef.current(1).then(
      (page) => {
        if (id !== run.current) return;
        busy.current = false;
        nextPage.current = 2;
        setState({
          status: 'success',
          items: page.items,
          total: page.meta.total,
          hasMore: page.items.length > 0 && page.items.length < page.meta.total,
          loadingMore: false,
          moreError: undefined,
        });
      },
      (e: unknown) => {
        if (id !== run.current) return;
        busy.current = false;
        setState({ status: 'error', error: toApiError(e) });
      },
    );
  }, []);

  const loadMore = useCallback(() => {
    const current = stateRef.current;
    if (busy.current || current.status !== 'success' || !current.hasMore) return;
    const id = run.current;
    const page = nextPage.current;
    busy.current = true;
    setState({ ...current, loadingMore: true, moreError: undefined });
    loadRef.current(page).then(
      (next) => {
        if (id !== run.current) return;
        busy.current = false;
        nextPage.current = page + 1;
        setState((s) => {
          if (s.status !== 'success') return s;
          const items = [...s.items, ...next.items];
          return {
            status: 'success',
            items,
            total: next.meta.total,
            hasMore: next.items.length > 0 && items.length < next.meta.total,
            loadingMore: false,
            moreError: undefined,
          };
        });
      },
      (e: unknown) => {
        if (id !== run.current) return;
        busy.current = false;
        setState((s) =>
          s.status === 'success' ? { ...s, loadingMore: false, moreError: toApiError(e) } : s,
        );
      },
    );
  }, []);

  useEffect(() => {
    if (enabled) reload();
    // The caller lists what `loadPage` depends on, as with useEffect.
  }, [enabled, reload, ...deps]);

  return { ...state, loadMore, reload };
}

function toApiError(e: unknown): ApiError {
  return isApiError(e) ? e : new ApiError('INTERNAL', 0, e instanceof Error ? e.message : String(e));
}

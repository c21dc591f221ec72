/** Reading the API from components: the answer, the failure, and a way to read it again. */
import { useCallback, useEffect, useState } from 'react';
import { api, type RequestOptions } from './api.js';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload(): void;
}

/** GETs `path` (null: nothing yet) whenever it or the query changes, and on `reload()`. */
export function useApi<T>(path: string | null, query?: RequestOptions['query']): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: path !== null });
  const [round, setRound] = useState(0);
  const queryKey = JSON.stringify(query ?? {});
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api<T>(path, { query: JSON.parse(queryKey) as RequestOptions['query'], signal: abort.signal }).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (!abort.signal.aborted) setState({ data: null, error: error as Error, loading: false });
      },
    );
    return () => abort.abort();
  }, [path, queryKey, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

/** Calls `tick` every `ms` while the page is visible (live lists without a server push). */
export function usePolling(tick: () => void, ms: number): void {
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') tick();
    }, ms);
    return () => window.clearInterval(timer);
  }, [tick, ms]);
}

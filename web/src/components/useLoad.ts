import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

/** Loads data for a page; keeps the error so the page can show 无权访问 / 未找到. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  // biome-ignore lint: deps are the caller's
  const load = useCallback(fn, deps);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const d = await load();
      if (mine === seq.current) {
        setData(d);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(err instanceof ApiError ? err : new ApiError(0, 'ERROR', String(err)));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Screen state that must survive a reload and the back button lives in the URL's query string.
 * `set` pushes a history entry (a filter change is a step back), unless `replace` (typing).
 */
export function useQueryParams(): {
  get: (name: string) => string;
  /** The named parameters as an object ('' when absent): a screen's filters. */
  pick: <K extends string>(...names: K[]) => Record<K, string>;
  set: (patch: Record<string, string | undefined>, options?: { replace?: boolean }) => void;
} {
  const [params, setParams] = useSearchParams();
  const get = useCallback((name: string) => params.get(name) ?? '', [params]);
  const set = useCallback(
    (patch: Record<string, string | undefined>, options?: { replace?: boolean }) => {
      const next = patched(params, patch);
      // No navigation when nothing changes: a needless one would cancel a navigation under way
      // (a click on a link while its screen's chunk loads).
      if (next.toString() === params.toString()) return;
      setParams(next, { replace: options?.replace ?? false });
    },
    [params, setParams],
  );
  const pick = useCallback(
    <K extends string>(...names: K[]) =>
      Object.fromEntries(names.map((n) => [n, params.get(n) ?? ''])) as Record<K, string>,
    [params],
  );
  return { get, pick, set };
}

/** `params` with `patch` applied: empty or undefined values removed. */
export function patched(params: URLSearchParams, patch: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, v);
  }
  return next;
}

/**
 * Runs `run` in the browser's next idle moment (`requestIdleCallback`), at the latest after
 * `timeoutMs`; where there is no idle callback, after `fallbackMs`. Returns the cancel, for an
 * effect's cleanup. For work that must not land between a cashier's tap and what it shows.
 */
export function whenIdle(run: () => void, timeoutMs: number, fallbackMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, fallbackMs);
  return () => clearTimeout(id);
}

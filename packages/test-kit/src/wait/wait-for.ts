export interface WaitOptions {
  /** Give up after this long (default 30 s). */
  readonly timeout?: number;
  /** Between two looks (default 20 ms). */
  readonly interval?: number;
  /** What is awaited, for the error: a text, or a function called at the timeout (for details). */
  readonly message?: string | (() => string);
}

/**
 * Polls `predicate` until it holds. Throws `timed out after <timeout> ms waiting for <message>`
 * when it does not in time; an error thrown by the predicate ends the wait at once.
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  options: WaitOptions = {},
): Promise<void> {
  const timeout = options.timeout ?? 30_000;
  const interval = options.interval ?? 20;
  const end = performance.now() + timeout;
  for (;;) {
    if (await predicate()) return;
    if (performance.now() > end) {
      const what =
        typeof options.message === 'function' ? options.message() : (options.message ?? 'a condition');
      throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    }
    await sleep(interval);
  }
}

/** Resolves after `ms` milliseconds (at once for 0 or less). */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

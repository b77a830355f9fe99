/**
 * Time and timers are injected (no globals) so that tests drive them by hand and the simulator can
 * run many devices in one process. Device time is only recorded, never used to order changes (S4).
 */

/** Wall clock in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** Opaque handle of a scheduled timer. */
export type TimerHandle = { readonly timer: unknown };

/** One-shot timers, as `setTimeout`/`clearTimeout`. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The platform clock (`Date.now`). */
export function systemClock(): Clock {
  return { now: () => Date.now() };
}

/** The platform timers (`globalThis.setTimeout`), wrapped so handles are opaque. */
export function systemTimers(): Timers {
  return {
    setTimeout: (fn, ms) => ({ timer: setTimeout(fn, ms) }),
    clearTimeout: (h) => clearTimeout(h.timer as ReturnType<typeof setTimeout>),
  };
}

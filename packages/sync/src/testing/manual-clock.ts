import type { Clock, TimerHandle, Timers } from '../deps/clock.ts';

interface Scheduled {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** A clock and timers that move only when the test says so. */
export interface ManualClock extends Clock, Timers {
  /** Moves time forward, running due timers in order and letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Timers still scheduled. */
  pending(): number;
}

/** Lets every queued promise continuation run (a few macrotask turns, no real waiting). */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

export function createManualClock(start = Date.UTC(2025, 0, 1, 3, 0, 0)): ManualClock {
  let now = start;
  let nextId = 1;
  let timers: Scheduled[] = [];
  return {
    now: () => now,
    setTimeout: (fn, ms): TimerHandle => {
      const t = { id: nextId++, at: now + Math.max(0, ms), fn };
      timers.push(t);
      return { timer: t.id };
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t.id !== h.timer);
    },
    advance: async (ms) => {
      const end = now + ms;
      await settle();
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers = timers.filter((t) => t.id !== due.id);
        now = Math.max(now, due.at);
        due.fn();
        await settle();
      }
      now = end;
    },
    pending: () => timers.length,
  };
}

/** Settles until `done()` holds (real I/O such as fake-indexeddb needs more turns), or throws. */
export async function settleUntil(done: () => boolean | Promise<boolean>, turns = 5_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await done()) return;
    await new Promise<void>((r) => setImmediate(r));
  }
  throw new Error('settleUntil: condition not reached');
}

/**
 * What a test started, to stop afterwards: `defer` each stop as the thing starts, `run` them all
 * in `afterEach`/`afterAll`. They run last-started first; every one runs even if another fails,
 * and the first failure is thrown at the end.
 */
export interface Cleanup {
  defer(stop: () => unknown): void;
  run(): Promise<void>;
}

export function createCleanup(): Cleanup {
  let stops: (() => unknown)[] = [];
  return {
    defer(stop) {
      stops.push(stop);
    },
    async run() {
      const pending = stops.reverse();
      stops = [];
      const failures: unknown[] = [];
      for (const stop of pending) {
        try {
          await stop();
        } catch (e) {
          failures.push(e);
        }
      }
      if (failures.length > 0) throw failures[0];
    },
  };
}

import type { Clock, TimerHandle, Timers } from '../deps/clock.ts';
import type { Logger } from '../deps/logger.ts';
import type { DeviceStore } from '../store/device-store.ts';
import type { LeaderElector } from './leader-elector.ts';

export interface LeaseElectorOptions {
  readonly store: DeviceStore;
  readonly owner: string;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  /** A leader that stops renewing loses the lease after this long. */
  readonly ttlMs?: number;
}

/**
 * Fallback leader election where Web Locks are absent (older WebViews, Node): a lease record in the
 * shared store, taken by atomic test-and-set and renewed at a third of its lifetime. A crashed
 * leader's lease runs out and another instance takes over.
 */
export function leaseElector(options: LeaseElectorOptions): LeaderElector {
  const ttl = options.ttlMs ?? 10_000;
  let timer: TimerHandle | null = null;
  let leader = false;
  let stopped = false;
  return {
    start(onChange) {
      const tick = async (): Promise<void> => {
        const got = await options.store.tryAcquireLease(options.owner, options.clock.now(), ttl);
        if (stopped) return;
        if (got !== leader) {
          leader = got;
          onChange(got);
        }
        timer = options.timers.setTimeout(run, Math.floor(ttl / 3));
      };
      const run = (): void => {
        tick().catch((e: unknown) => {
          options.logger.warn('lease renewal failed', { error: String(e) });
          if (!stopped) timer = options.timers.setTimeout(run, Math.floor(ttl / 3));
        });
      };
      run();
    },
    async stop() {
      stopped = true;
      if (timer) options.timers.clearTimeout(timer);
      if (leader) await options.store.releaseLease(options.owner);
      leader = false;
    },
  };
}

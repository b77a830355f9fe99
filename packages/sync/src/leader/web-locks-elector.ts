import type { Logger } from '../deps/logger.ts';
import type { LeaderElector, LockManagerLike } from './leader-elector.ts';

/**
 * Leader election with Web Locks: every tab asks for the same exclusive lock; the browser grants it
 * to one and hands it to the next waiting tab when the holder stops or its tab closes (even on a
 * crash), so there is no lease to expire.
 */
export function webLocksElector(locks: LockManagerLike, name: string, logger: Logger): LeaderElector {
  const controller = new AbortController();
  let release: (() => void) | null = null;
  let stopped = false;
  return {
    start(onChange) {
      locks
        .request(name, { signal: controller.signal }, async () => {
          if (stopped) return;
          onChange(true);
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        })
        .catch((e: unknown) => {
          // AbortError when stopped while still waiting: expected.
          if (!stopped) logger.warn('web lock request failed', { error: String(e) });
        });
    },
    stop() {
      stopped = true;
      controller.abort();
      release?.();
      return Promise.resolve();
    },
  };
}

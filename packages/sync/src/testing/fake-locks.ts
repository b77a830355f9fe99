import type { LockManagerLike } from '../leader/leader-elector.ts';

/** Exclusive Web Locks in memory: one holder per name, waiters served in order, abortable. */
export function createFakeLocks(): LockManagerLike {
  const queues = new Map<string, (() => void)[]>();
  const held = new Set<string>();
  const grantNext = (name: string): void => {
    const next = queues.get(name)?.shift();
    if (next) next();
    else held.delete(name);
  };
  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        const run = (): void => {
          callback(null).then(
            (v) => {
              grantNext(name);
              resolve(v);
            },
            (e: unknown) => {
              grantNext(name);
              reject(e instanceof Error ? e : new Error(String(e)));
            },
          );
        };
        if (!held.has(name)) {
          held.add(name);
          run();
          return;
        }
        const queue = queues.get(name) ?? [];
        queue.push(run);
        queues.set(name, queue);
        options.signal?.addEventListener('abort', () => {
          const i = queue.indexOf(run);
          if (i >= 0) {
            queue.splice(i, 1);
            reject(new DOMException('aborted', 'AbortError'));
          }
        });
      });
    },
  };
}

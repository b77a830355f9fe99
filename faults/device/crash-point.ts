import type { DeviceStore, FetchFn } from '@kasir/sync';

/**
 * How the process dies at its crash point. `before`: the operation after the k-th never starts.
 * `during`: it runs to its end (the store commits, the server answers) but the process is gone
 * before it hears the result, the case of a kill between a commit and what follows it.
 */
export type CrashMode = 'before' | 'during';

/** One await point of the old process: a store call or an HTTP request. */
export interface CrashOp {
  readonly no: number;
  readonly name: string;
}

/**
 * Simulates the death of a device process at its k-th await point. Every store call and every
 * fetch of the old engine goes through `store` / `fetch`; once `k` of them have completed, all
 * later ones hang forever (the process is dead: nothing it does reaches the disk or the network
 * again), while the underlying store keeps exactly what was committed.
 */
export interface CrashSwitch {
  readonly store: DeviceStore;
  readonly fetch: FetchFn;
  /** Resolves when the process died, with the operation it died at. */
  readonly died: Promise<CrashOp>;
  /** Operations started so far, in order (the last one is where it died). */
  readonly ops: readonly CrashOp[];
  isDead(): boolean;
  /** Kills the process now (k = the operations done so far). */
  kill(): void;
  /** Operations started and not finished yet (of a live process). */
  busy(): number;
  /** Waits until the operation the process died during (mode `during`) has really finished. */
  settled(): Promise<void>;
}

const never = new Promise<never>(() => undefined);

/** Wraps `store` and `fetch` so that the process dies after `k` operations (see CrashSwitch). */
export function crashAfter(k: number, mode: CrashMode, store: DeviceStore, fetchFn: FetchFn): CrashSwitch {
  const ops: CrashOp[] = [];
  let dead = false;
  let onDeath: (op: CrashOp) => void = () => undefined;
  const died = new Promise<CrashOp>((resolve) => {
    onDeath = resolve;
  });
  const running: Promise<unknown>[] = [];
  let busy = 0;

  function step<T>(name: string, run: () => Promise<T>): Promise<T> {
    if (dead) return never;
    const op = { no: ops.length + 1, name };
    ops.push(op);
    if (op.no <= k) {
      busy++;
      return run().finally(() => busy--);
    }
    dead = true;
    onDeath(op);
    if (mode === 'during') running.push(run().catch(() => undefined));
    return never;
  }

  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => step(`store.${String(prop)}`, () => fn.apply(target, args));
    },
  });
  return {
    store: wrapped,
    fetch: (url, init) =>
      step(`fetch ${init?.method ?? 'GET'} ${new URL(url).pathname}`, () => fetchFn(url, init)),
    died,
    ops,
    isDead: () => dead,
    kill() {
      if (dead) return;
      dead = true;
      onDeath({ no: ops.length + 1, name: 'kill' });
    },
    busy: () => busy,
    async settled() {
      await Promise.all(running);
    },
  };
}

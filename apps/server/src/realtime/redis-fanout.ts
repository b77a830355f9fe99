import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';

/** Whether fan-out to the other processes works now. */
export type FanoutState = 'up' | 'down';

/** Realtime fan-out between several server processes through Redis (Socket.IO's own adapter). */
export interface RedisFanout {
  configure(io: Server): void;
  /** Whether the Redis adapter is installed (after both clients first connected). */
  installed(): boolean;
  /** `up` while both clients are connected. */
  state(): FanoutState;
  /** Called on every change of `state()`, the first connection included. */
  onStateChange(listener: (state: FanoutState) => void): void;
  /** Connection failures seen so far (for /metrics). */
  errorCount(): number;
  close(): Promise<void>;
}

/** Longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * Connects the publish and subscribe clients without waiting for them: a process starts while
 * Redis is down (its readiness says so), and the clients reconnect by themselves. Every process
 * behind one address must use the same `key` (KASIR_REDIS_PREFIX, the channel prefix); two
 * deployments sharing one Redis use different keys so they never poke each other's devices.
 *
 * node-redis emits `error` on every failed attempt; without a listener that crashed the process
 * ("missing 'error' handler" flooded the log). The caller hears changes of state only
 * (`onStateChange`, logged once each); the count of failures goes to /metrics.
 */
export function connectRedisFanout(url: string, key = 'kasir'): RedisFanout {
  const reconnectStrategy = (retries: number) =>
    Math.min(100 * 2 ** Math.min(retries, 5), MAX_RECONNECT_DELAY_MS);
  const pub = createClient({ url, socket: { reconnectStrategy } });
  const sub = pub.duplicate();
  const ready = new Set<'pub' | 'sub'>();
  const listeners: ((s: FanoutState) => void)[] = [];
  let errors = 0;
  let current: FanoutState = 'down';
  let closed = false;
  let adapterInstalled = false;
  const update = () => {
    const next: FanoutState = ready.size === 2 ? 'up' : 'down';
    if (next === current || closed) return;
    current = next;
    for (const l of listeners) l(next);
  };
  for (const [name, client] of [
    ['pub', pub],
    ['sub', sub],
  ] as const) {
    client.on('ready', () => {
      ready.add(name);
      update();
    });
    client.on('error', () => {
      errors++;
      ready.delete(name);
      update();
    });
    client.on('end', () => {
      ready.delete(name);
      update();
    });
    client.on('reconnecting', () => {
      ready.delete(name);
      update();
    });
    // connect() rejects when the first attempt fails; the client keeps trying (reconnectStrategy).
    client.connect().catch(() => undefined);
  }
  return {
    configure(io) {
      const install = () => {
        io.adapter(createAdapter(pub, sub, { key }));
        adapterInstalled = true;
      };
      if (current === 'up') {
        install();
        return;
      }
      // The adapter subscribes as it is created. node-redis queues a subscription made before the
      // first connection and also replays it on connecting: Redis then answers it twice, and the
      // second answer, which nothing waits for, throws inside the client's socket handler (an
      // uncaught exception: found by scale-out.pg.test.ts starting a process while Redis is down).
      // So the adapter is installed once both clients are up. Sockets that connected meanwhile
      // were in rooms of the in-memory adapter, which the new one does not know: they are closed
      // and reconnect (the process was not ready, so a balancer sent it none).
      listeners.push((state) => {
        if (state !== 'up' || adapterInstalled) return;
        install();
        io.local.disconnectSockets(true);
      });
    },
    state: () => current,
    installed: () => adapterInstalled,
    onStateChange(listener) {
      listeners.push(listener);
    },
    errorCount: () => errors,
    async close() {
      closed = true;
      await Promise.allSettled(
        [pub, sub].map((c) => (c.isReady ? c.quit() : c.disconnect().catch(() => undefined))),
      );
    },
  };
}

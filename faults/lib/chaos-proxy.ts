import type { Random } from '@kasir/sync';
import { httpFaults, startFaultProxy } from '@kasir/test-kit';

/**
 * The kit's fault proxy between the devices and the server, with seeded random faults counted by
 * kind. Two faults, switchable at any time:
 * - **response loss**: a request is forwarded to the server whole, and when the first bytes of its
 *   response come back both sockets are destroyed. The server answered, so it committed; the
 *   device never hears it and must retry safely (S3).
 * - **offline**: every open connection is cut and new ones are refused until it comes back.
 */
export interface ChaosProxy {
  /** Base URL devices talk to instead of the server's. */
  readonly url: string;
  /** Whether connections pass; see `setOnline`. */
  readonly online: boolean;
  /**
   * Probability in [0, 1] that a request the proxy may break (by default, every `/api/` request)
   * loses its response. 0 heals.
   */
  setResponseLoss(probability: number): void;
  /** `false` cuts every open connection and refuses new ones; `true` lets them through again. */
  setOnline(online: boolean): void;
  /** Faults injected so far, by kind, e.g. `{ "response dropped: POST /api/sync/push": 12 }`. */
  faults(): Record<string, number>;
  /** Requests the proxy saw, injected or not, by `METHOD /path` (Socket.IO requests as one kind). */
  requests(): Record<string, number>;
  /** Requests that ran the risk of losing their response (loss above 0 when they were sent). */
  exposed(): Record<string, number>;
  close(): Promise<void>;
}

export interface ChaosProxyOptions {
  readonly target: { readonly host: string; readonly port: number };
  /** Decides which requests lose their response: seed it so a failing run replays. */
  readonly random: Random;
  /** Requests that may lose their response; default: the device API (`/api/...`), not Socket.IO. */
  readonly mayLose?: (method: string, path: string) => boolean;
}

/** A tally of counts by kind, reported sorted by kind. */
function tally(): { add(kind: string): void; sorted(): Record<string, number> } {
  const counts = new Map<string, number>();
  return {
    add: (kind) => void counts.set(kind, (counts.get(kind) ?? 0) + 1),
    sorted: () => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** Starts the proxy on a free port of 127.0.0.1, online, with no response loss. */
export async function startChaosProxy(options: ChaosProxyOptions): Promise<ChaosProxy> {
  const mayLose = options.mayLose ?? ((_m: string, path: string) => path.startsWith('/api/'));
  let loss = 0;
  const faults = tally();
  const requests = tally();
  const exposed = tally();
  /** Client sockets that carry Socket.IO (for the "connection cut" kind). */
  const realtime = new WeakSet<object>();
  const proxy = await startFaultProxy({
    target: options.target,
    onRefused: () => faults.add('connection refused'),
    hooks(client) {
      const route = (method: string, path: string): string => {
        if (path.startsWith('/socket.io/')) realtime.add(client);
        return realtime.has(client) ? 'realtime (Socket.IO)' : `${method} ${path}`;
      };
      return httpFaults({
        onRequest({ method, path }) {
          requests.add(route(method, path));
          if (loss === 0 || !mayLose(method, path)) return 'pass';
          exposed.add(route(method, path));
          return options.random() < loss ? 'lose-response' : 'pass';
        },
        onResponseLost: ({ method, path }) => faults.add(`response dropped: ${route(method, path)}`),
      });
    },
  });
  const online = (): boolean => proxy.isOnline();

  return {
    url: proxy.url,
    get online() {
      return online();
    },
    setResponseLoss(probability) {
      loss = Math.max(0, Math.min(1, probability));
    },
    setOnline(value) {
      if (online() && !value) faults.add('network down');
      if (!value)
        for (const c of proxy.connections())
          faults.add(realtime.has(c.client) ? 'connection cut: realtime' : 'connection cut: http');
      proxy.setOnline(value);
    },
    faults: () => faults.sorted(),
    requests: () => requests.sorted(),
    exposed: () => exposed.sorted(),
    close: () => proxy.close(),
  };
}

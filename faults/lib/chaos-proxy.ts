import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Random } from '@kasir/sync';

/**
 * A TCP proxy between the devices and the server that injects network faults and counts them.
 * Two faults, switchable at any time:
 * - **response loss**: a request is forwarded to the server whole, and when the first bytes of its
 *   response come back both sockets are destroyed. The server answered, so it committed; the
 *   device never hears it and must retry safely (S3).
 * - **offline**: every open connection is cut and new ones are refused until it comes back.
 *
 * Written on `node:net` rather than reused from `@kasir/sync/node` because the fault suite needs
 * seeded random loss over many requests and counts by kind, not one scripted loss.
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

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/;

/** Starts the proxy on a free port of 127.0.0.1, online, with no response loss. */
export async function startChaosProxy(options: ChaosProxyOptions): Promise<ChaosProxy> {
  const mayLose = options.mayLose ?? ((_m: string, path: string) => path.startsWith('/api/'));
  let online = true;
  let loss = 0;
  const requestCounts = new Map<string, number>();
  const exposedCounts = new Map<string, number>();
  const sorted = (m: Map<string, number>): Record<string, number> =>
    Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
  const counts = new Map<string, number>();
  const count = (kind: string): void => void counts.set(kind, (counts.get(kind) ?? 0) + 1);
  /** Client sockets open now, with what they carry (for the "connection cut" kind). */
  const open = new Map<Socket, { upstream: Socket; realtime: boolean }>();

  const server: Server = createServer((client) => {
    if (!online) {
      count('connection refused');
      client.destroy();
      return;
    }
    const upstream = connect(options.target.port, options.target.host);
    const conn = { upstream, realtime: false };
    open.set(client, conn);
    // After a WebSocket upgrade the stream is frames, not requests: stop reading request lines.
    let upgraded = false;
    // The request in flight on this connection is to lose its response (set per request).
    let losing: string | null = null;

    client.on('data', (chunk: Buffer) => {
      if (!upgraded) {
        // undici and Socket.IO send one request at a time per connection (no pipelining), so a
        // request line can only start a chunk.
        const line = REQUEST_LINE.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 2048)));
        if (line) {
          const method = line[1]!;
          const path = line[2]!.split('?')[0]!;
          if (path.startsWith('/socket.io/')) conn.realtime = true;
          const route = conn.realtime ? 'realtime (Socket.IO)' : `${method} ${path}`;
          requestCounts.set(route, (requestCounts.get(route) ?? 0) + 1);
          if (loss > 0 && mayLose(method, path)) {
            exposedCounts.set(route, (exposedCounts.get(route) ?? 0) + 1);
            if (options.random() < loss) losing = route;
          }
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (losing !== null) {
        // The server has answered, so it has committed: cut the device off before it hears it.
        count(`response dropped: ${losing}`);
        losing = null;
        end();
        return;
      }
      if (!upgraded && chunk.toString('latin1', 0, 12) === 'HTTP/1.1 101') upgraded = true;
      client.write(chunk);
    });
    const end = (): void => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    get online() {
      return online;
    },
    setResponseLoss(probability) {
      loss = Math.max(0, Math.min(1, probability));
    },
    setOnline(value) {
      if (online && !value) count('network down');
      online = value;
      if (value) return;
      for (const [client, conn] of [...open]) {
        count(conn.realtime ? 'connection cut: realtime' : 'connection cut: http');
        open.delete(client);
        client.destroy();
        conn.upstream.destroy();
      }
    },
    faults: () => sorted(counts),
    requests: () => sorted(requestCounts),
    exposed: () => sorted(exposedCounts),
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, conn] of open) {
          client.destroy();
          conn.upstream.destroy();
        }
        open.clear();
        server.close(() => resolve());
      }),
  };
}

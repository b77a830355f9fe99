import { decodeCursor, PROTOCOL_HEADER, type ErrorCode } from '@kasir/protocol';
import type { FetchFn } from '../transport/http-sync-api.ts';
import type { RealtimeFactory, RealtimeListener } from '../transport/realtime-socket.ts';
import { FakeBackend, type FakeBroadcast, type FakeDevice } from './fake-backend.ts';

interface HeldRequest {
  readonly run: () => void;
}

interface FakeSocketState {
  readonly token: string;
  readonly listener: RealtimeListener;
  device: FakeDevice | undefined;
  connected: boolean;
  readonly queue: { name: string; payload: unknown }[];
}

/** Switches and queues a test uses to break the network on purpose. */
export interface FakeNetwork {
  /** Offline: fetch rejects and sockets drop (and refuse to connect). */
  online: boolean;
  /** Hold requests until `flushRequests()`: for races between a push and other work. */
  holdRequests: boolean;
  /** The next N responses are lost after the server committed (the lost-response case of S3). */
  dropResponses: number;
  /** The next N requests fail with this status and code before reaching the backend. */
  failNext: { count: number; status: number; code: ErrorCode } | null;
  /** Deliver realtime events only on `flushRealtime()` (tldraw style) instead of at once. */
  holdRealtime: boolean;
  /** Sockets fail to connect while HTTP works (a proxy that does not pass websockets). */
  refuseSockets: boolean;
  /**
   * Offline, socket connect attempts neither connect nor fail until the network is back, as a
   * browser's websocket on a lost network waits for Socket.IO's timeout (20 s) before it errs.
   */
  hangSocketAttempts: boolean;
  /** Requests seen, as `METHOD /path`. */
  readonly log: string[];
}

/** A fake server: a `FakeBackend` behind a fake `fetch` and a fake realtime socket factory. */
export interface FakeServer {
  readonly backend: FakeBackend;
  readonly network: FakeNetwork;
  readonly fetch: FetchFn;
  readonly realtime: RealtimeFactory;
  /** Runs held requests (and any they queue meanwhile), in arrival order. */
  flushRequests(): void;
  /** Delivers queued realtime events to connected sockets. */
  flushRealtime(): void;
  /** Loses queued realtime events without disconnecting: the next event shows a gap (S6). */
  loseQueuedRealtime(): void;
  /** Drops every socket as a network loss would; devices must reconnect and pull (S6). */
  dropSockets(): void;
  /** Ends the sessions of a device: `session_ended` and a disconnect, as on revocation. */
  revoke(token: string): void;
  /** Goes offline (dropping sockets) or back online. */
  setOnline(online: boolean): void;
  readonly connectedSockets: () => number;
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const fail = (status: number, code: ErrorCode, message: string): Response =>
  json(status, { error: { code, message } });

/**
 * Creates the in-memory server used by the engine's unit tests. Everything resolves through
 * promises only (no timers), so a test that awaits a settle helper sees a deterministic order.
 */
export function createFakeServer(options: { now?: () => number; minProtocol?: number } = {}): FakeServer {
  const now = options.now ?? (() => Date.UTC(2025, 0, 1));
  const sockets = new Set<FakeSocketState>();
  const held: HeldRequest[] = [];
  const network: FakeNetwork = {
    online: true,
    holdRequests: false,
    dropResponses: 0,
    failNext: null,
    holdRealtime: false,
    refuseSockets: false,
    hangSocketAttempts: false,
    log: [],
  };

  const deliver = (s: FakeSocketState): void => {
    while (s.connected && s.queue.length > 0) {
      const e = s.queue.shift()!;
      s.listener.onEvent(e.name, e.payload);
    }
  };
  const send = (s: FakeSocketState, name: string, payload: unknown): void => {
    s.queue.push({ name, payload });
    if (!network.holdRealtime) queueMicrotask(() => deliver(s));
  };
  const broadcast = (b: FakeBroadcast): void => {
    for (const s of sockets) {
      if (s.connected && s.device && (b.branchId === null || b.branchId === s.device.branchId))
        send(s, b.name, b.payload);
    }
  };
  const backend = new FakeBackend(now, broadcast);

  async function handle(url: string, init: RequestInit): Promise<Response> {
    const u = new URL(url);
    const headers = new Headers(init.headers);
    const method = init.method ?? 'GET';
    network.log.push(`${method} ${u.pathname}`);
    if (network.failNext && network.failNext.count > 0) {
      network.failNext.count--;
      const { status, code } = network.failNext;
      return fail(status, code, 'injected failure');
    }
    const version = Number(headers.get(PROTOCOL_HEADER) ?? '0');
    if (version < (options.minProtocol ?? 1)) return fail(426, 'upgrade_required', 'update the app');
    const device = backend.deviceOf(headers.get('authorization')?.replace(/^Bearer /, ''));
    if (!device) return fail(401, 'unauthorized', 'unknown or revoked token');
    const branch = backend.branches.get(device.branchId)!;
    if (method === 'GET' && u.pathname === '/api/device') {
      return json(200, {
        device: {
          id: device.id,
          branchId: device.branchId,
          code: device.code,
          name: device.name,
          createdAt: new Date(now()).toISOString(),
          revokedAt: null,
          lastSeenAt: null,
          online: true,
        },
        branch,
      });
    }
    if (method === 'GET' && u.pathname === '/api/sync/pull') {
      const cursor = decodeCursor(u.searchParams.get('cursor') ?? undefined);
      if (!cursor) return fail(400, 'invalid_cursor', 'bad cursor');
      const limit = Number(u.searchParams.get('limit') ?? '500');
      return json(200, backend.pull(device.branchId, cursor, limit));
    }
    if (method === 'GET' && u.pathname === '/api/sync/state')
      return json(200, backend.state(device.branchId));
    if (method === 'POST' && u.pathname === '/api/sync/push') {
      const body = JSON.parse(await new Response(init.body).text()) as { mutations?: unknown };
      if (!Array.isArray(body.mutations) || body.mutations.length === 0 || body.mutations.length > 200) {
        return fail(400, 'validation_failed', 'mutations: 1..200');
      }
      return json(200, { results: body.mutations.map((m) => backend.apply(device, m)) });
    }
    return fail(404, 'not_found', u.pathname);
  }

  const fetch: FetchFn = (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const run = (): void => {
        if (!network.online) {
          reject(new TypeError('fetch failed: offline'));
          return;
        }
        handle(url, init).then((response) => {
          if (network.dropResponses > 0) {
            network.dropResponses--;
            reject(new TypeError('fetch failed: connection reset after commit'));
            return;
          }
          resolve(response);
        }, reject);
      };
      if (network.holdRequests) held.push({ run });
      else queueMicrotask(run);
    });

  /** Connect attempts hanging while offline (`hangSocketAttempts`), retried when back online. */
  const hanging = new Set<() => void>();

  const realtime: RealtimeFactory = (opts, listener) => {
    const state: FakeSocketState = {
      token: opts.auth.token,
      listener,
      device: undefined,
      connected: false,
      queue: [],
    };
    return {
      connect: () => {
        const attempt = (): void => {
          if (state.connected) return;
          if (!network.online && network.hangSocketAttempts) {
            hanging.add(attempt);
            return;
          }
          if (!network.online || network.refuseSockets) {
            listener.onConnectError({ message: 'xhr poll error' });
            return;
          }
          const device = backend.deviceOf(state.token);
          if (!device) {
            listener.onConnectError({
              message: 'unauthorized',
              data: { error: { code: 'unauthorized', message: 'revoked' } },
            });
            return;
          }
          state.device = device;
          state.connected = true;
          sockets.add(state);
          listener.onConnect();
          const cursor = backend.cursorOf(device.branchId);
          send(state, 'welcome', {
            deviceId: device.id,
            branchId: device.branchId,
            cursor: `${cursor.catalog}.${cursor.branch}`,
            protocolVersion: 1,
            serverTime: new Date(now()).toISOString(),
          });
        };
        queueMicrotask(attempt);
      },
      close: () => {
        state.connected = false;
        state.queue.length = 0;
        sockets.delete(state);
      },
    };
  };

  const drop = (s: FakeSocketState, reason: string): void => {
    s.connected = false;
    s.queue.length = 0;
    sockets.delete(s);
    s.listener.onDisconnect(reason);
  };

  return {
    backend,
    network,
    fetch,
    realtime,
    flushRequests: () => {
      while (held.length > 0) held.shift()!.run();
    },
    flushRealtime: () => {
      for (const s of sockets) deliver(s);
    },
    loseQueuedRealtime: () => {
      for (const s of sockets) s.queue.length = 0;
    },
    dropSockets: () => {
      for (const s of [...sockets]) drop(s, 'transport close');
    },
    revoke: (token) => {
      const d = backend.devices.get(token);
      if (d) d.revoked = true;
      for (const s of [...sockets]) {
        if (s.token !== token) continue;
        s.listener.onEvent('session_ended', { error: { code: 'unauthorized', message: 'device revoked' } });
        drop(s, 'io server disconnect');
      }
    },
    setOnline: (online) => {
      network.online = online;
      if (!online) for (const s of [...sockets]) drop(s, 'transport close');
      else {
        const waiting = [...hanging];
        hanging.clear();
        for (const attempt of waiting) queueMicrotask(attempt);
      }
    },
    connectedSockets: () => sockets.size,
  };
}

import { readFileSync } from 'node:fs';
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { TrustFunction } from './trust-proxy.ts';

/**
 * How long a connection may take and how many there may be (issue 17: one client held 21,000
 * connections open with bodies that never arrived and exhausted the open-file limit).
 *
 * A Socket.IO websocket is an upgraded HTTP request: once upgraded, none of the timeouts apply to
 * it (the `ws` library clears the socket's idle timeout, and requestTimeout covers only receiving
 * a request); Socket.IO's own ping (10 s interval, 8 s timeout) closes a dead one within about
 * 18 s. Long-polling requests are ordinary requests answered within the ping interval, well inside
 * `connectionTimeoutMs`. Websockets count against both connection caps for as long as they are open.
 */
export interface TransportLimits {
  /** Whole request (headers and body) must arrive within this (KASIR_REQUEST_TIMEOUT_MS). */
  readonly requestTimeoutMs: number;
  /** Headers must arrive within this (KASIR_HEADERS_TIMEOUT_MS); at most requestTimeoutMs. */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (KASIR_KEEP_ALIVE_TIMEOUT_MS). */
  readonly keepAliveTimeoutMs: number;
  /** A connection with no traffic either way is closed after this (KASIR_CONNECTION_TIMEOUT_MS). */
  readonly connectionTimeoutMs: number;
  /** Open connections in all (KASIR_MAX_CONNECTIONS); further ones are closed at once. */
  readonly maxConnections: number;
  /**
   * Open connections per socket address (KASIR_MAX_CONNECTIONS_PER_ADDRESS); 0 turns the cap off.
   * Counted by the TCP peer, never by `x-forwarded-for` (unknown when the connection opens, and
   * forgeable): a peer that TRUST_PROXY trusts is a proxy carrying many clients and is exempt,
   * so the proxy must cap its clients itself.
   */
  readonly maxConnectionsPerAddress: number;
}

/** The open-file limit of this process (Linux: /proc/self/limits), or undefined when unknown. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m?.[1] === undefined ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

/**
 * Connections in all: below the open-file limit with room for the database, files and logs, so a
 * flood is refused by the cap and never by EMFILE (which would also refuse /healthz); at most 10,000.
 */
export function defaultMaxConnections(limit = openFileLimit()): number {
  if (limit === undefined) return 1_000;
  return Math.max(64, Math.min(10_000, limit - 256));
}

export const DEFAULT_TRANSPORT_LIMITS: Omit<TransportLimits, 'maxConnections'> = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 10_000,
  connectionTimeoutMs: 60_000,
  maxConnectionsPerAddress: 256,
};

/** Fills in the defaults. */
export function transportLimits(given: Partial<TransportLimits> = {}): TransportLimits {
  return { ...DEFAULT_TRANSPORT_LIMITS, maxConnections: defaultMaxConnections(), ...given };
}

/**
 * The Fastify options for the timeouts. Node checks request and header deadlines on a timer
 * (30 s by default); it runs here at a fraction of the shorter deadline so a stalled body is cut
 * close to its deadline, not up to 30 s after it.
 */
export function fastifyTimeouts(limits: TransportLimits): {
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionTimeout: number;
  http: ServerOptions;
} {
  const shortest = Math.min(limits.requestTimeoutMs || Infinity, limits.headersTimeoutMs || Infinity);
  const checkEvery = Number.isFinite(shortest)
    ? Math.max(100, Math.min(5_000, Math.floor(shortest / 4)))
    : 30_000;
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: checkEvery },
  };
}

/** What the connection caps refused so far (for logs and the abuse report). */
export interface ConnectionCaps {
  /** Open connections of an address as counted now. */
  openFrom(address: string): number;
  refusedTotal(): number;
  refusedPerAddress(): number;
}

const REFUSAL_LOG_INTERVAL_MS = 60_000;

/**
 * The total cap (`server.maxConnections`: Node closes the socket before any parsing) and the
 * per-address cap (a counter on 'connection'; over the cap the socket is destroyed at once).
 * Refusals are logged at most once a minute, with counts, so a flood cannot flood the log.
 */
export function installConnectionCaps(
  server: Server,
  limits: TransportLimits,
  trusted: TrustFunction,
  log: FastifyBaseLogger,
): ConnectionCaps {
  server.maxConnections = limits.maxConnections;
  const open = new Map<string, number>();
  let refusedTotal = 0;
  let refusedPerAddress = 0;
  let lastLog = 0;
  let unlogged = 0;
  const noteRefusal = (address: string, why: string) => {
    unlogged++;
    const now = Date.now();
    if (now - lastLog < REFUSAL_LOG_INTERVAL_MS) return;
    log.warn({ address, refused: unlogged, why }, 'connections refused');
    lastLog = now;
    unlogged = 0;
  };
  server.on('drop', (data?: { remoteAddress?: string }) => {
    refusedTotal++;
    noteRefusal(data?.remoteAddress ?? 'unknown', `over KASIR_MAX_CONNECTIONS (${limits.maxConnections})`);
  });
  if (limits.maxConnectionsPerAddress > 0) {
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress;
      if (address === undefined || trusted(address, 0)) return;
      const n = (open.get(address) ?? 0) + 1;
      if (n > limits.maxConnectionsPerAddress) {
        refusedPerAddress++;
        noteRefusal(address, `over KASIR_MAX_CONNECTIONS_PER_ADDRESS (${limits.maxConnectionsPerAddress})`);
        socket.destroy();
        return;
      }
      open.set(address, n);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left <= 0) open.delete(address);
        else open.set(address, left);
      });
    });
  }
  return {
    openFrom: (address) => open.get(address) ?? 0,
    refusedTotal: () => refusedTotal,
    refusedPerAddress: () => refusedPerAddress,
  };
}

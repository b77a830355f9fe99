import type { Server as HttpServer } from 'node:http';
import {
  DeviceHealthReport,
  encodeCursor,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  RealtimeAuth,
  type ClientToServerEvents,
  type ProductUpdatedEvent,
  type ServerToClientEvents,
} from '@kasir/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { newerClientEnvelope } from '../auth/auth-hooks.ts';
import { authenticateDevice, tokenCacheOf, type DevicePrincipal } from '../auth/principal.ts';
import type { Db } from '../db/open-database.ts';
import { markDisconnected, markSeen, PRESENCE_WINDOW_MS } from '../devices/device-service.ts';
import { headCursor } from '../feed/feed.ts';
import type { Clock, CorsOrigin, RealtimePokes } from '../http/app-types.ts';
import type { DeviceLimiter } from '../http/device-limits.ts';
import { envelope } from '../http/http-error.ts';
import { recordDeviceHealth } from '../monitoring/device-health.ts';
import { takePendingCommands } from '../devices/device-commands.ts';

interface SocketData {
  device: DevicePrincipal;
}
/** What processes tell each other through the broker (Socket.IO's serverSideEmit). */
interface ServerSideEvents {
  /** Forget the cached token of this device (auth/token-cache.ts). */
  invalidate_device: (deviceId: string) => void;
}
type KasirSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

const ALL_DEVICES = 'devices';
const branchRoom = (id: string) => `branch:${id}`;
const deviceRoom = (id: string) => `device:${id}`;

/** A bulk catalog import pokes with its last change only; devices see the gap and pull (S6). */
const MAX_PRODUCT_EVENTS = 50;

/**
 * Bulk catalog pokes within this long become one: an import sent in many requests poked every
 * device once per request, and each device pulled each time (issue 18: a 5,000-product import with
 * 300 devices online made 1,500 pulls). One trailing poke carries the newest cursor, so each device
 * pulls the whole import once.
 */
export const BULK_CATALOG_POKE_MS = 1_000;

/**
 * A connection that has not passed the handshake (token checked, namespace joined) by then is
 * closed (Socket.IO's `connectTimeout`, 45 s by default): unauthenticated sessions cost memory
 * (issue 17). A real device's handshake is one token lookup.
 */
export const HANDSHAKE_TIMEOUT_MS = 5_000;

/** A device is marked seen on connect at most this often; the heartbeat keeps presence meanwhile. */
const SEEN_ON_CONNECT_EVERY_MS = 10_000;

/**
 * The heartbeat writes a device's presence only when its last write is this old: at a 20 s
 * heartbeat each connected device's row is written every 40 s instead of every 20 s, still well
 * inside the 60 s presence window (issue 18: 30,000 row updates a minute at 10,000 devices).
 */
const PRESENCE_WRITE_EVERY_MS = PRESENCE_WINDOW_MS / 2;

export interface RealtimeHubOptions {
  readonly db: Db;
  readonly logger: FastifyBaseLogger;
  readonly now: () => string;
  /** How often connected devices are marked as seen (presence). */
  readonly heartbeatMs?: number;
  /** Origins whose pages may use long-polling (KASIR_CORS_ORIGINS); none by default. */
  readonly corsOrigins?: readonly CorsOrigin[];
  /**
   * Hook to install a broker adapter (Redis / Postgres) when running several processes; with it,
   * token invalidations are sent to the other processes too.
   */
  readonly configure?: (io: Server) => void;
  /** Whether the broker is installed now; invalidations are sent to other processes only then. */
  readonly crossProcess?: () => boolean;
  /** Handshakes count against the device's request rate; sockets per device are capped. */
  readonly limiter: DeviceLimiter;
  readonly clock: Clock;
}

/** Realtime pokes to devices, rooms per branch (S6, S13), presence, and cutting revoked devices. */
export interface RealtimeHub extends RealtimePokes {
  connectedCount(): number;
  /**
   * Re-sends `welcome` (with the branch's head cursor) to this process's sockets, so that devices
   * that missed pokes pull (S6): called when fan-out between processes comes back after an outage.
   */
  resync(): Promise<void>;
  /**
   * Shutdown: closes this process's sockets a batch at a time, each told why first (a `replaced`
   * event with code `unavailable`, which a device answers by reconnecting with backoff, through
   * the balancer to another process), so that the fleet's reconnections are spread out.
   */
  drain(opts?: { readonly batch?: number; readonly everyMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export function createRealtimeHub(server: HttpServer, opts: RealtimeHubOptions): RealtimeHub {
  const { db, logger, now } = opts;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>(server, {
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    maxHttpBufferSize: 64 * 1024,
    cors: {
      origin: opts.corsOrigins === undefined || opts.corsOrigins.length === 0 ? false : [...opts.corsOrigins],
    },
    connectTimeout: HANDSHAKE_TIMEOUT_MS,
  });
  const { limiter, clock } = opts;
  /** This process's sockets of each device, oldest first. */
  const socketsOf = new Map<string, KasirSocket[]>();
  const seenAt = new Map<string, number>();
  const crossProcess = opts.crossProcess ?? (() => opts.configure !== undefined);
  opts.configure?.(io);
  const tokens = tokenCacheOf(db);
  io.on('invalidate_device', (deviceId: string) => tokens.invalidate(deviceId));
  const invalidate = (deviceId: string) => {
    tokens.invalidate(deviceId);
    if (crossProcess()) io.serverSideEmit('invalidate_device', deviceId);
  };

  io.use((socket, next) => {
    const auth = RealtimeAuth.safeParse(socket.handshake.auth);
    const fail = (e: ReturnType<typeof envelope>) => {
      const err = new Error(e.error.message) as Error & { data: unknown };
      err.data = e;
      next(err);
    };
    if (!auth.success) return fail(envelope('unauthorized', 'auth.token is required'));
    if (auth.data.protocolVersion !== undefined && auth.data.protocolVersion < MIN_PROTOCOL_VERSION) {
      return fail(envelope('upgrade_required', `protocol ${auth.data.protocolVersion} is too old`));
    }
    const version = auth.data.protocolVersion;
    authenticateDevice(db, auth.data.token).then(
      (device) => {
        if (device === undefined) return fail(envelope('unauthorized', 'a valid device token is required'));
        // A till newer than this process (a rolling upgrade), known and not revoked: retried, as on
        // the device routes (auth-hooks.ts).
        if (version !== undefined && version > PROTOCOL_VERSION) return fail(newerClientEnvelope(version));
        const taken = limiter.take(device.deviceId, clock.now());
        if (!taken.ok) {
          return fail(envelope('rate_limited', 'too many connections from this device; retry later', taken));
        }
        socket.data.device = device;
        next();
      },
      (err: unknown) => {
        logger.warn({ err }, 'realtime auth failed');
        fail(envelope('unavailable', 'cannot check the token now; retry'));
      },
    );
  });

  io.on('connection', (socket: KasirSocket) => {
    const d = socket.data.device;
    void socket.join([ALL_DEVICES, branchRoom(d.branchId), deviceRoom(d.deviceId)]);
    // Sockets per device: the newest wins (a device that reconnects is the one that is there now);
    // the oldest are told why and closed, without blocking the device (it is not revoked).
    const mine = [...(socketsOf.get(d.deviceId) ?? []), socket];
    while (mine.length > limiter.limits.socketsPerDevice) {
      const oldest = mine.shift()!;
      oldest.emit(
        'replaced',
        envelope('rate_limited', 'a newer connection of this device replaced this one'),
      );
      oldest.disconnect(true);
    }
    socketsOf.set(d.deviceId, mine);
    const sendWelcome = async () => {
      // A revocation between the handshake's token check and joining the rooms would have missed
      // this socket: check again now that it is in its device room (S13).
      if (!(await stillValid(d.deviceId))) {
        socket.emit('session_ended', envelope('unauthorized', 'this device was revoked'));
        socket.disconnect(true);
        return;
      }
      const nowMs = clock.now();
      if (nowMs - (seenAt.get(d.deviceId) ?? -Infinity) >= SEEN_ON_CONNECT_EVERY_MS) {
        seenAt.set(d.deviceId, nowMs);
        await markSeen(db, [d.deviceId], now());
      }
      await welcome([socket]);
      // Commands sent while the device was offline (devices/device-commands.ts).
      for (const c of await takePendingCommands(db, d.deviceId)) socket.emit('device_command', c);
    };
    sendWelcome().catch((err: unknown) => logger.warn({ err }, 'realtime welcome failed'));
    socket.on('device_health', (payload: unknown) => {
      const report = DeviceHealthReport.safeParse(payload);
      if (!report.success) return;
      recordDeviceHealth(db, d.deviceId, report.data, now()).catch((err: unknown) =>
        logger.warn({ err }, 'device health not recorded'),
      );
    });
    socket.on('disconnect', () => {
      const left = (socketsOf.get(d.deviceId) ?? []).filter((s) => s !== socket);
      if (left.length > 0) {
        socketsOf.set(d.deviceId, left);
        return; // the device is still connected here: no presence write
      }
      socketsOf.delete(d.deviceId);
      seenAt.delete(d.deviceId);
      markDisconnected(db, d.deviceId, now()).catch((err: unknown) =>
        logger.warn({ err }, 'presence update failed'),
      );
    });
  });

  /** Sends `welcome` with the head cursor of their branch to sockets (one query per branch). */
  const welcome = async (sockets: readonly KasirSocket[]) => {
    const byBranch = new Map<string, KasirSocket[]>();
    for (const s of sockets) {
      const list = byBranch.get(s.data.device.branchId) ?? [];
      list.push(s);
      byBranch.set(s.data.device.branchId, list);
    }
    for (const [branchId, list] of byBranch) {
      const cursor = await db.reader.transaction().execute((trx) => headCursor(trx, branchId));
      for (const s of list) {
        s.emit('welcome', {
          deviceId: s.data.device.deviceId,
          branchId,
          cursor: encodeCursor(cursor),
          protocolVersion: PROTOCOL_VERSION,
          serverTime: now(),
        });
      }
    }
  };

  const stillValid = async (deviceId: string) =>
    (await db.reader
      .selectFrom('devices')
      .select('id')
      .where('id', '=', deviceId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst()) !== undefined;

  /** The newest bulk catalog change not yet poked, sent when the coalescing window ends. */
  let bulkPoke: { cursor: number; product: ProductUpdatedEvent['product'] } | undefined;
  let bulkTimer: NodeJS.Timeout | undefined;
  const pokeBulk = (c: { seq: number; data: ProductUpdatedEvent['product'] }) => {
    bulkPoke = { cursor: c.seq, product: c.data };
    bulkTimer ??= setTimeout(() => {
      bulkTimer = undefined;
      const p = bulkPoke;
      bulkPoke = undefined;
      if (p !== undefined) {
        io.to(ALL_DEVICES).emit('product_updated', {
          scope: 'catalog',
          cursor: p.cursor,
          product: p.product,
        });
      }
    }, BULK_CATALOG_POKE_MS);
  };

  // Presence, and a second line of defence for revocation: sockets of revoked devices are cut.
  const heartbeat = setInterval(() => {
    const sockets = [...io.of('/').sockets.values()];
    const ids = [...new Set(sockets.map((s) => s.data.device.deviceId))];
    const beat = async () => {
      if (ids.length === 0) return;
      const revoked = await db.reader
        .selectFrom('devices')
        .select('id')
        .where('id', 'in', ids)
        .where('revokedAt', 'is not', null)
        .execute();
      const gone = new Set(revoked.map((r) => r.id));
      for (const s of sockets) if (gone.has(s.data.device.deviceId)) s.disconnect(true);
      const nowMs = clock.now();
      const due = ids.filter(
        (id) => !gone.has(id) && nowMs - (seenAt.get(id) ?? -Infinity) >= PRESENCE_WRITE_EVERY_MS,
      );
      for (const id of due) seenAt.set(id, nowMs);
      await markSeen(db, due, now());
    };
    beat().catch((err: unknown) => logger.warn({ err }, 'presence heartbeat failed'));
  }, opts.heartbeatMs ?? 20_000);
  heartbeat.unref();

  return {
    publish(changes, branchId) {
      const products = changes.filter((c) => c.kind === 'product');
      if (products.length > MAX_PRODUCT_EVENTS) pokeBulk(products[products.length - 1]!);
      else {
        for (const c of products) {
          io.to(ALL_DEVICES).emit('product_updated', { scope: 'catalog', cursor: c.seq, product: c.data });
        }
      }
      if (branchId === undefined) return;
      for (const c of changes) {
        // A position in another branch's scope (a transfer's other leg) pokes that branch's room.
        const room = io.to(branchRoom(c.branchId ?? branchId));
        if (c.kind === 'stock') room.emit('stock_changed', { scope: 'branch', cursor: c.seq, ...c.data });
        else if (c.kind === 'sale') room.emit('new_sale', { scope: 'branch', cursor: c.seq, sale: c.data });
        else if (c.kind === 'stocktake')
          room.emit('stocktake_changed', { scope: 'branch', cursor: c.seq, stocktake: c.data });
        else if (c.kind === 'transfer')
          room.emit('transfer_changed', { scope: 'branch', cursor: c.seq, transfer: c.data });
        else if (c.kind === 'branch_settings')
          room.emit('branch_settings_changed', { scope: 'branch', cursor: c.seq, settings: c.data });
        else if (c.kind === 'staff')
          room.emit('staff_changed', { scope: 'branch', cursor: c.seq, staff: c.data });
        else if (c.kind === 'refund')
          room.emit('refund_recorded', { scope: 'branch', cursor: c.seq, refund: c.data });
        else if (c.kind === 'customer')
          room.emit('customer_changed', { scope: 'branch', cursor: c.seq, customer: c.data });
      }
    },
    async sendCommand(deviceId, command) {
      const sockets = await io.in(deviceRoom(deviceId)).fetchSockets();
      io.to(deviceRoom(deviceId)).emit('device_command', command);
      return sockets.length > 0;
    },
    disconnectDevice(deviceId, message = 'this device was revoked') {
      invalidate(deviceId);
      io.to(deviceRoom(deviceId)).emit('session_ended', envelope('unauthorized', message));
      io.in(deviceRoom(deviceId)).disconnectSockets(true);
    },
    invalidateDevice: invalidate,
    connectedCount: () => io.of('/').sockets.size,
    resync: () => welcome([...io.of('/').sockets.values()]),
    async drain({ batch = 50, everyMs = 100 } = {}) {
      const sockets = [...io.of('/').sockets.values()];
      for (let i = 0; i < sockets.length; i += batch) {
        if (i > 0) await new Promise((r) => setTimeout(r, everyMs));
        for (const s of sockets.slice(i, i + batch)) {
          s.emit('replaced', envelope('unavailable', 'this server is restarting; reconnecting to another'));
          s.disconnect(true);
        }
      }
    },
    close() {
      clearInterval(heartbeat);
      clearTimeout(bulkTimer);
      // The HTTP server belongs to Fastify, which closes it; here only the sessions end.
      io.local.disconnectSockets(true);
      return Promise.resolve();
    },
  };
}

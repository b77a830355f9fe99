import type { DeviceCommandEvent } from '@kasir/protocol';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/open-database.ts';
import type { Positioned } from '../feed/feed.ts';
import type { ApplyMutation, Writes } from '../feed/mutation-handler.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { DeviceLimiter } from './device-limits.ts';
import type { GuessThrottle } from './guess-throttle.ts';

/** The Fastify instance with zod schemas as its type provider. */
export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Time source, injected so tests can move it. */
export interface Clock {
  now(): number;
}

/** What routes ask of the realtime hub (realtime/realtime-hub.ts). */
export interface RealtimePokes {
  /** Sends the pokes for changes already committed. `branchId` is the branch of branch-scope changes. */
  publish(changes: readonly Positioned[], branchId?: string): void;
  /** Ends every session of a device at once (revocation, re-pairing). */
  disconnectDevice(deviceId: string, message?: string): void;
  /** Tells every process to forget the cached token of a device (auth/token-cache.ts). */
  invalidateDevice(deviceId: string): void;
  /** Sends a back-office command to a device's sockets; whether any was connected (any process). */
  sendCommand(deviceId: string, command: DeviceCommandEvent): Promise<boolean>;
}

/** What route modules are given. */
export interface RouteDeps {
  readonly db: Db;
  /** Shared transactions for writes to a branch (group commit, db/group-commit.ts). */
  readonly writes: Writes;
  /** The device write path: applies a mutation once, in its branch's group commit (sync/apply-mutation.ts). */
  readonly mutations: ApplyMutation;
  readonly clock: Clock;
  readonly hub: RealtimePokes;
  readonly metrics: Metrics;
  readonly adminToken: string;
  /** Per-device request rate, heavy-route concurrency and socket cap (device-limits.ts). */
  readonly limiter: DeviceLimiter;
  /** Wrong admin tokens and pairing codes, counted per client address. */
  readonly guesses: GuessThrottle;
  /** The HMAC key pairing codes are stored under (auth/token.ts `pairingKeyFrom`). */
  readonly pairingKey: Buffer;
}

export const isoNow = (clock: Clock): string => new Date(clock.now()).toISOString();

/**
 * An origin whose pages may call the API across origins: exact (`https://kasir.example`, from
 * KASIR_CORS_ORIGINS) or a pattern (tests serve the app and the API on different loopback ports).
 */
export type CorsOrigin = string | RegExp;

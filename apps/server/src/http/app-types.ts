import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Writes } from '../sync/apply-mutation.ts';
import type { Db } from '../db/open-database.ts';
import type { RealtimeHub } from '../realtime/realtime-hub.ts';
import type { Metrics } from '../metrics/metrics.ts';
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

/** What route modules are given. */
export interface RouteDeps {
  readonly db: Db;
  /** Shared transactions for device writes, per branch. */
  readonly writes: Writes;
  readonly clock: Clock;
  readonly hub: RealtimeHub;
  readonly metrics: Metrics;
  readonly adminToken: string;
  /** Wrong admin tokens and pairing codes, counted per client address. */
  readonly guesses: GuessThrottle;
  /** The HMAC key pairing codes are stored under (devices/token.ts `pairingKeyFrom`). */
  readonly pairingKey: Buffer;
}

export const isoNow = (clock: Clock): string => new Date(clock.now()).toISOString();

import type { FastifyServerOptions } from 'fastify';

/**
 * What the server's logs must never hold: bearer tokens (device and admin), cookies, and the
 * secrets some bodies and results carry (a device token, a pairing code), wherever a log call
 * puts them. Fastify's request serializer logs method and URL, not headers or bodies; this list is
 * the second line of defence for anything that logs more.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'token',
  '*.token',
  'adminToken',
  '*.adminToken',
  'pairingCode',
  '*.pairingCode',
  'auth.token',
  '*.auth.token',
];

/** The server's pino options (main.ts); tests pass a stream to read what would be written. */
export function loggerOptions(
  level: string,
  stream?: { write(line: string): void },
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(stream === undefined ? {} : { stream }),
  };
}

import type { ErrorCode } from '@kasir/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { envelope, HttpError } from './http-error.ts';

/** Connection-level failures of the database: the request may succeed later (503, retryable S9). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  'SQLITE_BUSY',
]);

function isUnavailable(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const msg = (e as { message?: unknown }).message;
  return (
    typeof msg === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(msg)
  );
}

/**
 * Maps everything a request can throw to the one error envelope. Expected refusals are HttpError;
 * framework errors (bad JSON, too large, wrong media type, schema validation) keep their 4xx; an
 * unreachable database is a 503; anything else is a bug, logged in full and answered as a bare 500.
 */
export function installErrorHandler(
  app: FastifyInstance,
  notFound?: (req: FastifyRequest, reply: FastifyReply) => boolean,
): void {
  app.setErrorHandler((err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const send = (status: number, code: ErrorCode, message: string, details?: unknown) =>
      reply.status(status).send(envelope(code, message, details));

    if (err instanceof HttpError) return send(err.statusCode, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        in: err.validationContext,
        path: v.instancePath,
        message: v.message,
      }));
      return send(400, 'validation_failed', 'the request does not match the schema', details);
    }
    const fe = err as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(413, 'payload_too_large', 'the request body is too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, 'unsupported_media_type', 'send application/json');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(400, 'invalid_json', 'the body is not valid JSON');
      default:
    }
    if (fe.statusCode === 400 && err instanceof SyntaxError) {
      return send(400, 'invalid_json', 'the body is not valid JSON');
    }
    if (isUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      void reply.header('retry-after', '1');
      return send(503, 'unavailable', 'the server cannot reach its database; retry shortly');
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send(fe.statusCode, 'validation_failed', fe.message);
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, 'internal', 'internal server error');
  });

  app.setNotFoundHandler((req, reply) => {
    if (notFound?.(req, reply) === true) return reply;
    return reply
      .status(404)
      .send(envelope('not_found', `no route ${req.method} ${req.url.split('?')[0] ?? ''}`));
  });
}

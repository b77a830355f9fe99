import type { ErrorCode } from '@kasir/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDataException, isUnavailable } from '../db/db-errors.ts';
import { envelope, HttpError } from './http-error.ts';

/**
 * The client went away before its request had arrived: Node fails the body stream with
 * `Error: aborted` and code ECONNRESET, the very code of a lost database connection. Told apart by
 * the request's own stream being destroyed before it completed, and checked before the database
 * classification (issue 17: each abort was logged as "database unavailable").
 */
export function isClientAbort(err: unknown, req: FastifyRequest): boolean {
  const raw = req.raw;
  if (raw.complete) return false;
  const code = (err as { code?: unknown } | null)?.code;
  return (
    raw.destroyed &&
    (code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE')
  );
}

/**
 * Maps everything a request can throw to the one error envelope. Expected refusals are HttpError;
 * framework errors (bad JSON, too large, wrong media type, schema validation) keep their 4xx; a
 * client that hung up mid-request is a client abort (logged at info); an unreachable database is a 503; anything else is a bug, logged in full and answered as a bare 500.
 */
export function installErrorHandler(
  app: FastifyInstance,
  notFound?: (req: FastifyRequest, reply: FastifyReply) => boolean,
): void {
  app.setErrorHandler((err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const send = (status: number, code: ErrorCode, message: string, details?: unknown) =>
      reply.status(status).send(envelope(code, message, details));

    if (err instanceof HttpError) return send(err.statusCode, err.code, err.message, err.details);
    if (isClientAbort(err, req)) {
      // Nobody is left to answer; the status only shows in the access log.
      req.log.info({ reason: (err as { message?: unknown }).message }, 'client aborted the request');
      return send(400, 'validation_failed', 'the request was aborted by the client');
    }
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
    if (isDataException(err)) {
      return send(422, 'validation_failed', 'a value cannot be stored (bad characters or out of range)');
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

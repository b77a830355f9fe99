import type { ErrorCode, ErrorEnvelope } from '@kasir/protocol';

/**
 * The one error type route handlers throw for expected refusals; the error handler turns it into
 * the envelope. Anything else that is thrown is a bug or an infrastructure failure.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Builds the error envelope `{ error: { code, message, details? } }` (the only place that does). */
export function envelope(code: ErrorCode, message: string, details?: unknown): ErrorEnvelope {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

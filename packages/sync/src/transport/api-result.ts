import { isRetryableCode, type ErrorCode } from '@kasir/protocol';

/**
 * What a call of the sync API or a sync step can end in, as a value (expected outcomes are values):
 * - network: no response (offline, reset, timeout);
 * - http: the server answered with an error: `code` is the envelope's, or for a response without
 *   our envelope (a proxy's 502 page) the code its status stands for (`codeForStatus`);
 * - invalid_response: a body that does not match the protocol (a proxy's HTML page, a bug);
 * - storage: the device's own database failed (quota, a closed IndexedDB connection) or a sync step
 *   threw; nothing acknowledged is lost and the run is tried again.
 * `classifyApiError` says what the engine does about each.
 */
export type ApiError =
  | { readonly kind: 'network'; readonly message: string }
  | {
      readonly kind: 'http';
      readonly status: number;
      readonly code: ErrorCode;
      readonly message: string;
      readonly details?: unknown;
    }
  | { readonly kind: 'invalid_response'; readonly status: number; readonly message: string }
  | { readonly kind: 'storage'; readonly message: string };

export type ApiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/**
 * How the engine reacts to an error: retry later with backoff (S9), stop until a person acts (token
 * revoked, app too old: S14, the outbox is kept), or give up on this request alone and park it (S9).
 */
export type ErrorClass = 'retryable' | 'unauthorized' | 'upgrade_required' | 'permanent';

/**
 * The device's one retry policy for a server error code, wherever it arrives: an HTTP error, one
 * rejected mutation of a push, a realtime connect error. 401 and 426 block the engine (S14); the
 * codes protocol calls retryable (5xx, rate limits) are retried (S9); every other code is permanent.
 */
export function classifyErrorCode(code: ErrorCode): ErrorClass {
  if (code === 'unauthorized') return 'unauthorized';
  if (code === 'upgrade_required') return 'upgrade_required';
  return isRetryableCode(code) ? 'retryable' : 'permanent';
}

/** Classifies any API error: no answer, a bad body or a storage failure is retried; else by code. */
export function classifyApiError(error: ApiError): ErrorClass {
  switch (error.kind) {
    case 'network':
    case 'invalid_response':
    case 'storage':
      return 'retryable';
    case 'http':
      return classifyErrorCode(error.code);
  }
}

/**
 * The code an HTTP status stands for when the response has no envelope of ours (a proxy or load
 * balancer answered): 401/426 as the server's, 408/429/5xx retryable, any other 4xx permanent.
 */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 426:
      return 'upgrade_required';
    case 429:
      return 'rate_limited';
    case 408:
      return 'unavailable';
  }
  if (status >= 500) return status === 500 ? 'internal' : 'unavailable';
  return 'validation_failed';
}

/** A short text for logs and the status line. */
export function describeApiError(error: ApiError): string {
  return error.kind === 'http'
    ? `${error.status} ${error.code}: ${error.message}`
    : `${error.kind}: ${error.message}`;
}

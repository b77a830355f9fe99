/**
 * What an HTTP call can end in, as a value (STYLE: expected outcomes are values).
 * - network: no response (offline, reset, timeout): retry with backoff (S9);
 * - http: the server answered with an error envelope (or a status without one);
 * - invalid_response: a body that does not match the protocol (a proxy's HTML page, a bug).
 */
export type ApiError =
  | { readonly kind: 'network'; readonly message: string }
  | {
      readonly kind: 'http';
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly details?: unknown;
    }
  | { readonly kind: 'invalid_response'; readonly status: number; readonly message: string };

export type ApiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/**
 * How the engine reacts to an error: retry later, stop until a person acts (token revoked, app too
 * old: S14, the outbox is kept), or give up on this request alone (S9).
 */
export type ErrorClass = 'retryable' | 'unauthorized' | 'upgrade_required' | 'permanent';

/** Classifies an API error by the server contract: 401, 426, 5xx/429 retryable, other 4xx permanent. */
export function classifyApiError(error: ApiError): ErrorClass {
  switch (error.kind) {
    case 'network':
    case 'invalid_response':
      return 'retryable';
    case 'http':
      if (error.status === 401) return 'unauthorized';
      if (error.status === 426 || error.code === 'upgrade_required') return 'upgrade_required';
      if (error.status >= 500 || error.status === 429 || error.status === 408) return 'retryable';
      return 'permanent';
  }
}

/** A short text for logs and the status line. */
export function describeApiError(error: ApiError): string {
  return error.kind === 'http'
    ? `${error.status} ${error.code}: ${error.message}`
    : `${error.kind}: ${error.message}`;
}

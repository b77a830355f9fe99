import type { ErrorEnvelope } from '@kasir/protocol';

/**
 * How an admin call can fail, as a value:
 * - `http`: the server answered with its error envelope (`code`, `message`, `details`, as the
 *   protocol's schema has them; `code` is one of the protocol's codes);
 * - `invalid_response`: an answer that is not the protocol (no envelope, a body the schema refuses);
 * - `network`: no answer at all (refused, reset, DNS).
 */
export type AdminError =
  | ({ readonly kind: 'http'; readonly status: number } & Readonly<ErrorEnvelope['error']>)
  | { readonly kind: 'invalid_response'; readonly status: number; readonly message: string }
  | { readonly kind: 'network'; readonly message: string };

export type AdminResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AdminError };

/** One line for logs and exceptions, e.g. `409 already_exists: branch code JKT is taken`. */
export function describeAdminError(error: AdminError): string {
  switch (error.kind) {
    case 'http':
      return `${error.status} ${error.code}: ${error.message}`;
    case 'invalid_response':
      return `invalid response (${error.status}): ${error.message}`;
    case 'network':
      return `network: ${error.message}`;
  }
}

/** The value of a successful result; throws with the error described otherwise (set-up code). */
export function unwrap<T>(result: AdminResult<T>, what = 'admin call'): T {
  if (result.ok) return result.value;
  throw new Error(`${what}: ${describeAdminError(result.error)}`);
}

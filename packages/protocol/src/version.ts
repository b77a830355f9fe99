/**
 * Wire protocol version exchanged on connect (S14).
 *
 * History (one line per bump):
 * - 1: first version: sales, catalog, stock, change feed with per-scope cursors.
 */
export const PROTOCOL_VERSION = 1;

/** Oldest client protocol the server still accepts; older clients get `upgrade_required`. */
export const MIN_PROTOCOL_VERSION = 1;

/** HTTP header a client sends its protocol version in. */
export const PROTOCOL_HEADER = 'x-kasir-protocol';

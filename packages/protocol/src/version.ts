/**
 * Wire protocol version exchanged on connect (S14). Raise it with every change to what goes over
 * the wire: a server process answers a till newer than itself with `unavailable` (retried) rather
 * than refusing what it does not know yet (a rolling upgrade, docs/deploy.md).
 *
 * History (one line per bump):
 * - 1: first version: sales, catalog, stock, change feed with per-scope cursors.
 */
export const PROTOCOL_VERSION = 1;

/** Oldest client protocol the server still accepts; older clients get `upgrade_required`. */
export const MIN_PROTOCOL_VERSION = 1;

/** HTTP header a client sends its protocol version in. */
export const PROTOCOL_HEADER = 'x-kasir-protocol';

/**
 * HTTP header a device sends its branch key in (its branch id), with every request: a load
 * balancer routes all devices of one branch to one server process by it (deploy/haproxy.cfg), so
 * a branch's writes do not contend across processes for its feed counter. Not trusted by the
 * server (the token decides the branch); a wrong or missing key costs only speed.
 */
export const BRANCH_HEADER = 'x-kasir-branch';

/** The same key on the realtime socket's handshake URL (browsers set no headers on websockets). */
export const BRANCH_QUERY = 'branch';

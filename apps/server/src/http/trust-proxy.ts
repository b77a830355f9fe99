import { isIP } from 'node:net';
import proxyAddr from '@fastify/proxy-addr';

/**
 * Which peers are reverse proxies whose `x-forwarded-*` headers are believed (`TRUST_PROXY`):
 * none (`false`), every peer (`true`), the nearest N hops (a number), or the listed addresses and
 * CIDR ranges (`proxy-addr` names such as `loopback` and `uniquelocal` too).
 */
export type TrustProxy = boolean | number | readonly string[];

/** Whether the address `addr`, `hop` hops away from this server (0: the socket's peer), is a trusted proxy. */
export type TrustFunction = (addr: string, hop: number) => boolean;

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or a `proxy-addr` name. */
function isTrustEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry) || isIP(entry) !== 0) return true;
  const [addr, bits, ...rest] = entry.split('/');
  if (addr === undefined || bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits)) return false;
  const family = isIP(addr);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Parses `TRUST_PROXY`: `true`/`false`, a hop count (`1`: one proxy in front), or a comma-separated
 * list of addresses. Returns an error message for anything else.
 */
export function parseTrustProxy(raw: string): TrustProxy | { error: string } {
  const v = raw.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad = entries.filter((e) => !isTrustEntry(e));
  if (entries.length === 0 || bad.length > 0) {
    return {
      error: `TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses (bad: ${bad.join(', ') || raw})`,
    };
  }
  return entries;
}

/**
 * The trust decision both Fastify (`req.ip`, `req.protocol`) and the connection caps use. A hop
 * count trusts the nearest N hops (Express semantics): Fastify itself treats a bare number as
 * "trust nothing", so it is given this function instead.
 */
export function trustFunction(trust: TrustProxy): TrustFunction {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_addr, hop) => hop < trust;
  return proxyAddr.compile([...trust]);
}

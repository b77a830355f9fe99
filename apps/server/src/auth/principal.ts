import type { CompiledQuery } from 'kysely';
import type { Db } from '../db/open-database.ts';
import { parsePermissions, type Permitted } from './permissions.ts';
import { hashToken } from './token.ts';
import { TokenCache } from './token-cache.ts';

/** Who a request or socket acts for, resolved from its bearer token. */
export interface DevicePrincipal extends Permitted {
  readonly deviceId: string;
  readonly deviceCode: string;
  readonly deviceName: string;
  readonly branchId: string;
  readonly branchCode: string;
  /**
   * Set when the principal came from a token cache that revocations may not reach (PostgreSQL
   * without Redis): the write this request makes checks the token again in its transaction, once
   * for its whole group commit (auth/verify-principals.ts). Absent: checked for this request.
   */
  readonly unchecked?: TokenTicket;
}

/** What a write checks again of a device's token: still the device's, not revoked, same rights. */
export interface TokenTicket {
  readonly tokenHash: string;
  readonly permissionsJson: string;
}

type AuthRow = Omit<DevicePrincipal, 'permissions' | 'unchecked'> & { permissionsJson: string };

/** A cached principal keeps what a later check compares. */
type CachedPrincipal = DevicePrincipal & { readonly ticket: TokenTicket };

/**
 * Resolves a device token; revoked and unknown tokens resolve to nothing. Answers from this
 * process's token cache while it is trusted (auth/token-cache.ts): revocations invalidate it on
 * every process through the realtime broker.
 */
export async function authenticateDevice(db: Db, token: string): Promise<DevicePrincipal | undefined> {
  const hash = hashToken(token);
  return tokenCacheOf(db).resolve(hash, Date.now(), () => loadPrincipal(db, hash));
}

/**
 * For routes whose every effect is a write through the group committer (`POST /api/sales`,
 * `POST /api/sync/push`): answers from the token cache even while it is not trusted, and then marks
 * the principal `unchecked`, so that its writes check the token in their transaction instead of a
 * query per request (issue 18: revocation checked once per group).
 */
export async function authenticateWriter(db: Db, token: string): Promise<DevicePrincipal | undefined> {
  const hash = hashToken(token);
  const hit = await tokenCacheOf(db).resolveDeferred(hash, Date.now(), () => loadPrincipal(db, hash));
  if (hit === undefined) return undefined;
  const { ticket, ...who } = hit.principal;
  return hit.checked ? who : { ...who, unchecked: ticket };
}

async function loadPrincipal(db: Db, hash: string): Promise<CachedPrincipal | undefined> {
  const res = await db.reader.executeQuery<AuthRow>({ ...authQueryOf(db), parameters: [hash] });
  const row = res.rows[0];
  if (row === undefined) return undefined;
  const { permissionsJson, ...who } = row;
  return {
    ...who,
    permissions: parsePermissions(permissionsJson),
    ticket: { tokenHash: hash, permissionsJson },
  };
}

const tokenCaches = new WeakMap<Db, TokenCache<CachedPrincipal>>();

/**
 * The token cache of a database handle (one per process). Trusted from the start on SQLite (one
 * process owns the file); on PostgreSQL only once a realtime broker carries invalidations between
 * processes (server.ts turns it on while Redis is up).
 */
export function tokenCacheOf(db: Db): TokenCache<CachedPrincipal> {
  let cache = tokenCaches.get(db);
  if (cache === undefined) {
    cache = new TokenCache({ trusted: db.engine === 'sqlite' });
    tokenCaches.set(db, cache);
  }
  return cache;
}

/**
 * The token lookup, on a cache miss: compiled once per database instead of once per request,
 * which was a third of its cost at hundreds of requests a second (B4).
 */
const authQueries = new WeakMap<Db, CompiledQuery<AuthRow>>();
function authQueryOf(db: Db): CompiledQuery<AuthRow> {
  let q = authQueries.get(db);
  if (q === undefined) {
    q = db.reader
      .selectFrom('devices')
      .innerJoin('branches', 'branches.id', 'devices.branchId')
      .select([
        'devices.id as deviceId',
        'devices.code as deviceCode',
        'devices.name as deviceName',
        'devices.branchId as branchId',
        'branches.code as branchCode',
        'devices.permissions as permissionsJson',
      ])
      .where('devices.tokenHash', '=', '')
      .where('devices.revokedAt', 'is', null)
      .compile();
    // The one parameter is the token hash, swapped in per request.
    if (q.parameters.length !== 1) throw new Error('auth query: expected one parameter');
    authQueries.set(db, q);
  }
  return q;
}

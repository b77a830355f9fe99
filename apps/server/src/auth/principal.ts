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
}

type AuthRow = Omit<DevicePrincipal, 'permissions'> & { permissionsJson: string };

/**
 * Resolves a device token; revoked and unknown tokens resolve to nothing. Answers from this
 * process's token cache while it is trusted (auth/token-cache.ts): revocations invalidate it on
 * every process through the realtime broker.
 */
export async function authenticateDevice(db: Db, token: string): Promise<DevicePrincipal | undefined> {
  const hash = hashToken(token);
  return tokenCacheOf(db).resolve(hash, Date.now(), async () => {
    const res = await db.reader.executeQuery<AuthRow>({ ...authQueryOf(db), parameters: [hash] });
    const row = res.rows[0];
    if (row === undefined) return undefined;
    const { permissionsJson, ...who } = row;
    return { ...who, permissions: parsePermissions(permissionsJson) };
  });
}

const tokenCaches = new WeakMap<Db, TokenCache<DevicePrincipal>>();

/**
 * The token cache of a database handle (one per process). Trusted from the start on SQLite (one
 * process owns the file); on PostgreSQL only once a realtime broker carries invalidations between
 * processes (server.ts turns it on while Redis is up).
 */
export function tokenCacheOf(db: Db): TokenCache<DevicePrincipal> {
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

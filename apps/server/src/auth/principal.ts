import type { CompiledQuery } from 'kysely';
import type { Db } from '../db/open-database.ts';
import { hashToken } from './token.ts';

/** Who a request or socket acts for, resolved from its bearer token. */
export interface DevicePrincipal {
  readonly deviceId: string;
  readonly deviceCode: string;
  readonly deviceName: string;
  readonly branchId: string;
  readonly branchCode: string;
}

/** Resolves a device token; revoked and unknown tokens resolve to nothing. */
export async function authenticateDevice(db: Db, token: string): Promise<DevicePrincipal | undefined> {
  const query = authQueryOf(db);
  const res = await db.reader.executeQuery<DevicePrincipal>({ ...query, parameters: [hashToken(token)] });
  return res.rows[0];
}

/**
 * The token lookup runs on every device request (revocation must reach every process at once, so
 * nothing is cached): it is compiled once per database instead of once per request, which was a
 * third of its cost at hundreds of requests a second (B4).
 */
const authQueries = new WeakMap<Db, CompiledQuery<DevicePrincipal>>();
function authQueryOf(db: Db): CompiledQuery<DevicePrincipal> {
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

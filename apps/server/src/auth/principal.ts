import type { CompiledQuery } from 'kysely';
import type { Db } from '../db/open-database.ts';
import { parsePermissions, type Permitted } from './permissions.ts';
import { hashToken } from './token.ts';

/** Who a request or socket acts for, resolved from its bearer token. */
export interface DevicePrincipal extends Permitted {
  readonly deviceId: string;
  readonly deviceCode: string;
  readonly deviceName: string;
  readonly branchId: string;
  readonly branchCode: string;
}

type AuthRow = Omit<DevicePrincipal, 'permissions'> & { permissionsJson: string };

/** Resolves a device token; revoked and unknown tokens resolve to nothing. */
export async function authenticateDevice(db: Db, token: string): Promise<DevicePrincipal | undefined> {
  const query = authQueryOf(db);
  const res = await db.reader.executeQuery<AuthRow>({ ...query, parameters: [hashToken(token)] });
  const row = res.rows[0];
  if (row === undefined) return undefined;
  const { permissionsJson, ...who } = row;
  return { ...who, permissions: parsePermissions(permissionsJson) };
}

/**
 * The token lookup runs on every device request (revocation must reach every process at once, so
 * nothing is cached): it is compiled once per database instead of once per request, which was a
 * third of its cost at hundreds of requests a second (B4).
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

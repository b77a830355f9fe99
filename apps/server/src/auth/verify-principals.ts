import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/http-error.ts';
import { tokenCacheOf, type DevicePrincipal } from './principal.ts';
import type { Db } from '../db/open-database.ts';

/**
 * The group commit's token check (issue 18: revocation checked once per group, not per request):
 * for the `unchecked` principals of one group transaction, one read of their tokens. Returns, per
 * principal, why its write is refused, or undefined when it may go on:
 * - the token is revoked or no longer the device's (re-paired): 401 `unauthorized`, what the
 *   request would have got from a per-request check;
 * - the device's rights changed since the cache read them: 503 `unavailable`, so the device sends
 *   the write again and is judged with its new rights (the cache entry is dropped here).
 *
 * The check runs in the write's transaction, so a revocation committed before the group read its
 * tokens refuses the group's writes of that device; one committed later is as if it came after the
 * request (the same window a per-request check has, shorter).
 */
export async function refusedPrincipals(
  db: Db,
  trx: Transaction<Database>,
  principals: readonly DevicePrincipal[],
): Promise<(HttpError | undefined)[]> {
  const hashes = [
    ...new Set(principals.flatMap((p) => (p.unchecked === undefined ? [] : [p.unchecked.tokenHash]))),
  ];
  if (hashes.length === 0) return principals.map(() => undefined);
  const rows = await trx
    .selectFrom('devices')
    .select(['id', 'tokenHash', 'permissions'])
    .where('tokenHash', 'in', hashes)
    .where('revokedAt', 'is', null)
    .execute();
  const byHash = new Map(rows.map((r) => [r.tokenHash, r]));
  return principals.map((p) => {
    if (p.unchecked === undefined) return undefined;
    const row = byHash.get(p.unchecked.tokenHash);
    if (row === undefined || row.id !== p.deviceId) {
      tokenCacheOf(db).invalidate(p.deviceId);
      return new HttpError(401, 'unauthorized', 'a valid device token is required');
    }
    if (row.permissions !== p.unchecked.permissionsJson) {
      tokenCacheOf(db).invalidate(p.deviceId);
      return new HttpError(503, 'unavailable', "this device's rights changed; send it again");
    }
    return undefined;
  });
}

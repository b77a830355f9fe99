import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { adminOf } from '../accounts/admin-access.ts';
import type { Database } from '../db/schema.ts';
import { rejected, type Rejected } from '../feed/outcome.ts';

/**
 * Who made a stock operation: a device (its mutations are found in the mutation log through the
 * ledger row's `refId`) or a back-office person (kept on the ledger row as `actor`).
 */
export interface Operator {
  readonly deviceId: string | null;
  readonly actor: string | null;
}

/** The back-office person of a request, kept on ledger rows as `actor`. */
export function operatorOf(req: FastifyRequest): Operator {
  const a = adminOf(req);
  return { deviceId: null, actor: a.kind === 'account' ? a.username : 'admin-token' };
}

/** The refusal of a request whose ids name products that do not exist (S7: ids must resolve). */
export async function unknownProducts(
  trx: Transaction<Database>,
  productIds: readonly string[],
): Promise<Rejected | undefined> {
  const wanted = [...new Set(productIds)];
  const found = new Set<string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await trx
      .selectFrom('products')
      .select('id')
      .where('id', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const r of rows) found.add(r.id);
  }
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length === 0) return undefined;
  return rejected('unknown_product', `unknown product id: ${missing.join(', ')}`, { productIds: missing });
}

/** Whether a branch exists. */
export async function branchExists(trx: Transaction<Database>, branchId: string): Promise<boolean> {
  const row = await trx.selectFrom('branches').select('id').where('id', '=', branchId).executeTakeFirst();
  return row !== undefined;
}

/** The same request id again: its stored payload hash decides replay (S3) or 409. */
export const sameRequest = (storedHash: string, hash: string): boolean => storedHash === hash;

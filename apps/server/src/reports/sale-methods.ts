import type { Kysely } from 'kysely';
import { readInChunks } from '../db/chunks.ts';
import type { Database } from '../db/schema.ts';

/**
 * The payment methods of each of `saleIds` (a sale refunded "through its original method" went back
 * by one of them: `originalRefundMethod`). Sales without payments are absent.
 */
export async function saleMethods(
  db: Kysely<Database>,
  saleIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await readInChunks(saleIds, (chunk) =>
    db.selectFrom('salePayments').select(['saleId', 'method']).where('saleId', 'in', chunk).execute(),
  );
  const methods = new Map<string, string[]>();
  for (const r of rows) {
    const list = methods.get(r.saleId);
    if (list === undefined) methods.set(r.saleId, [r.method]);
    else list.push(r.method);
  }
  return methods;
}

import { normalizePhone, type Customer, type CustomerDetail } from '@kasir/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { refundedBySale } from '../sales/admin-sale-query.ts';

const columns = ['id', 'name', 'phone', 'email', 'note', 'branchId', 'createdAt', 'receivedAt'] as const;

/** Customers whose name contains `q` or whose phone starts with `q` normalised; newest first. */
export async function searchCustomers(
  db: Kysely<Database>,
  q: string | undefined,
  limit = 50,
): Promise<Customer[]> {
  let query = db.selectFrom('customers').select(columns);
  if (q !== undefined && q !== '') {
    const phone = normalizePhone(q);
    const like = `%${q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', like),
        ...(phone === null ? [] : [eb('phone', '=', phone)]),
      ]),
    );
  }
  return query.orderBy('receivedAt', 'desc').orderBy('id').limit(limit).execute();
}

/**
 * A customer by any id it was created under (a merged duplicate's too), with every purchase made
 * for any of its ids in the branches the caller may see (`branches` undefined: all).
 */
export async function customerDetail(
  db: Kysely<Database>,
  id: string,
  branches: readonly string[] | undefined,
): Promise<CustomerDetail | undefined> {
  const link = await db
    .selectFrom('customerIds')
    .select('customerId')
    .where('id', '=', id)
    .executeTakeFirst();
  if (link === undefined) return undefined;
  const customer = await db
    .selectFrom('customers')
    .select(columns)
    .where('id', '=', link.customerId)
    .executeTakeFirstOrThrow();
  const ids = (
    await db
      .selectFrom('customerIds')
      .select('id')
      .where('customerId', '=', customer.id)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  if (branches !== undefined && branches.length === 0) return { customer, ids, sales: [], spent: 0 };
  let sales = db
    .selectFrom('sales')
    .select(['id', 'branchId', 'invoiceNumber', 'createdAt', 'total'])
    .where('customerId', 'in', ids);
  if (branches !== undefined) sales = sales.where('branchId', 'in', [...branches]);
  const found = await sales.orderBy('soldAt', 'desc').limit(500).execute();
  const refunded = await refundedBySale(
    db,
    found.map((s) => s.id),
  );
  const rows = found.map((s) => ({ ...s, total: Number(s.total), refunded: refunded.get(s.id) ?? 0 }));
  return { customer, ids, sales: rows, spent: rows.reduce((a, s) => a + s.total - s.refunded, 0) };
}

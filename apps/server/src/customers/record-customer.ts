import type { Customer, CustomerCreated, CustomerInput } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { branchScope, recordChanges } from '../feed/feed.ts';
import type { Handled, MutationContext, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, rejected, type FirstOutcome } from '../feed/outcome.ts';

type Result = Handled<CustomerCreated, FirstOutcome<CustomerCreated>>;

function customerOf(r: Database['customers']): Customer {
  return {
    id: r.id,
    name: r.name,
    phone: r.phone,
    email: r.email,
    note: r.note,
    branchId: r.branchId,
    createdAt: r.createdAt,
    receivedAt: r.receivedAt,
  };
}

/**
 * A customer made on a till. Customers are merged by phone number (normalised, protocol
 * customers/customer.ts): the first recorded is kept, and a later one with the same number becomes
 * another id of it, so sales attached to either id reach the same customer. The feed entry under
 * the new id carries the kept customer, so the tills learn what their id now stands for.
 */
export async function recordCustomer(
  trx: Transaction<Database>,
  { who, now }: MutationContext,
  p: CustomerInput,
): Promise<Result> {
  // A number taken concurrently in another branch's transaction: insert nothing and merge.
  const inserted = await trx
    .insertInto('customers')
    .values({
      id: p.id,
      name: p.name,
      phone: p.phone,
      email: p.email ?? null,
      note: p.note ?? null,
      branchId: who.branchId,
      createdAt: p.createdAt,
      receivedAt: now,
    })
    .onConflict((oc) => oc.column('phone').doNothing())
    .returningAll()
    .executeTakeFirst();
  const kept =
    inserted ??
    (await trx.selectFrom('customers').selectAll().where('phone', '=', p.phone).executeTakeFirstOrThrow());
  await trx.insertInto('customerIds').values({ id: p.id, customerId: kept.id }).execute();
  const customer = customerOf(kept);
  const changes = await recordChanges(trx, branchScope(who.branchId), [
    { kind: 'customer' as const, entityId: p.id, data: customer },
  ]);
  return {
    outcome: accepted({ customer, mergedFrom: inserted === undefined ? p.id : null }),
    changes,
  };
}

/** `customer.create` (registered in sync/mutation-registry.ts). Its id is the customer's id. */
export const customerCreate: SingleHandler<CustomerInput, CustomerCreated> = {
  kind: 'single',
  check: (mutationId, p) =>
    p.id === mutationId
      ? undefined
      : rejected('mutation_id_mismatch', 'a customer.create mutation id must equal the customer id'),
  apply: recordCustomer,
};

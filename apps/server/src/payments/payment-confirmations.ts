import type { Db } from '../db/open-database.ts';
import type { ConfirmationStatus, PaymentConfirmation } from './acquirer-adapter.ts';

export interface StoredConfirmation extends PaymentConfirmation {
  readonly provider: string;
  readonly receivedAt: string;
}

/**
 * Records a webhook's confirmation once per (provider, external id): an acquirer retries its
 * webhooks, and a later one may move the status on (pending -> paid). Returns whether it was new.
 */
export async function recordConfirmation(
  db: Db,
  provider: string,
  c: PaymentConfirmation,
  now: string,
): Promise<'recorded' | 'updated'> {
  return db.kysely.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('paymentConfirmations')
      .select('status')
      .where('provider', '=', provider)
      .where('externalId', '=', c.externalId)
      .executeTakeFirst();
    if (existing === undefined) {
      await trx
        .insertInto('paymentConfirmations')
        .values({
          provider,
          externalId: c.externalId,
          reference: c.reference,
          amount: c.amount,
          status: c.status,
          paidAt: c.paidAt,
          receivedAt: now,
        })
        .onConflict((oc) => oc.columns(['provider', 'externalId']).doNothing())
        .execute();
      return 'recorded';
    }
    await trx
      .updateTable('paymentConfirmations')
      .set({ status: c.status, paidAt: c.paidAt, receivedAt: now })
      .where('provider', '=', provider)
      .where('externalId', '=', c.externalId)
      .execute();
    return 'updated';
  });
}

/** The newest confirmation of a reference, if an acquirer sent one. */
export async function findConfirmation(db: Db, reference: string): Promise<StoredConfirmation | undefined> {
  const row = await db.kysely
    .selectFrom('paymentConfirmations')
    .selectAll()
    .where('reference', '=', reference)
    .orderBy('receivedAt', 'desc')
    .executeTakeFirst();
  // Only adapters write the status, always one of ConfirmationStatus.
  return row === undefined
    ? undefined
    : { ...row, amount: Number(row.amount), status: row.status as ConfirmationStatus };
}

import type {
  Transfer,
  TransferCancelInput,
  TransferReceiveInput,
  TransferResult,
  TransferSendInput,
} from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { branchScope, recordChanges, type Positioned } from '../feed/feed.ts';
import { IDEMPOTENCY_MISMATCH, payloadHash } from '../feed/idempotency.ts';
import type { Handled, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, rejected, type FirstOutcome } from '../feed/outcome.ts';
import { branchExists, unknownProducts, type Operator } from './operator.ts';
import { moveStock } from './stock-mutations.ts';

/**
 * Transfers between branches (issue 12). Sending moves the goods out of the source's ledger
 * (`transfer`, negative) and they are in transit; receiving moves what arrived into the
 * destination's ledger (`transfer`, positive) and keeps sent − received as the transfer's loss;
 * cancelling before receipt returns them to the source. So at every moment, per product:
 *   sent by A = received by B + lost + returned by cancels + still in transit.
 *
 * The transfer itself is a feed entry in both branches' scopes, so the tills of both see it. The
 * leg's transaction is the acting branch's group commit (its counter locked first); the other
 * branch's counter is locked second, for that one entry. Two legs crossing in opposite directions
 * at the same instant can deadlock on PostgreSQL: the database aborts one, that mutation fails
 * with a 5xx and its device retries it (S9); the rest of its group commit is unaffected (each run
 * has its own savepoint). SQLite has one writer and never deadlocks.
 */

type TransferHandled = Handled<TransferResult, FirstOutcome<TransferResult>>;

const notFound = (id: string): TransferHandled => ({
  outcome: rejected('not_found', `unknown transfer ${id}`),
  changes: [],
});

/** A transfer as stored, or undefined. */
export async function loadTransfer(trx: Transaction<Database>, id: string): Promise<Transfer | undefined> {
  const t = await trx.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
  if (t === undefined) return undefined;
  const lines = await trx
    .selectFrom('transferLines')
    .select(['productId', 'sent', 'received', 'lossReason'])
    .where('transferId', '=', id)
    .orderBy('lineNo')
    .execute();
  return {
    id: t.id,
    fromBranchId: t.fromBranchId,
    toBranchId: t.toBranchId,
    status: t.status as Transfer['status'],
    note: t.note,
    lines: lines.map((l) => ({ ...l, lossReason: l.lossReason as Transfer['lines'][number]['lossReason'] })),
    flags: JSON.parse(t.flags) as Transfer['flags'],
    sentAt: t.sentAt,
    receivedAt: t.receivedAt,
    cancelledAt: t.cancelledAt,
  };
}

/** Records the transfer's new state in both branches' feeds (the source's first: lock order above). */
async function publishTransfer(
  trx: Transaction<Database>,
  actingBranchId: string,
  t: Transfer,
): Promise<Positioned[]> {
  const entry = { kind: 'transfer' as const, entityId: t.id, data: t };
  const other = actingBranchId === t.fromBranchId ? t.toBranchId : t.fromBranchId;
  const mine = await recordChanges(trx, branchScope(actingBranchId), [entry]);
  // The other branch's entry has a position in its own scope: the hub pokes its room with that
  // (S6), so its tills see a transfer sent to them within a second, not at their next pull.
  const theirs = await recordChanges(trx, branchScope(other), [entry]);
  return [...mine, ...theirs.map((c) => ({ ...c, branchId: other }))];
}

/** Sends goods from `fromBranchId`. A second send with the same transfer id replays or is a 409. */
export async function sendTransfer(
  trx: Transaction<Database>,
  who: Operator,
  fromBranchId: string,
  input: TransferSendInput,
  now: string,
): Promise<TransferHandled> {
  const hash = payloadHash({ ...input, fromBranchId });
  const prior = await trx
    .selectFrom('transfers')
    .select('payloadHash')
    .where('id', '=', input.transferId)
    .executeTakeFirst();
  if (prior !== undefined) {
    if (prior.payloadHash !== hash) return { outcome: IDEMPOTENCY_MISMATCH, changes: [] };
    return {
      outcome: accepted({ transfer: (await loadTransfer(trx, input.transferId))!, applied: false }),
      changes: [],
    };
  }
  if (input.toBranchId === fromBranchId) {
    return { outcome: rejected('validation_failed', 'a transfer goes to another branch'), changes: [] };
  }
  if (!(await branchExists(trx, input.toBranchId))) {
    return { outcome: rejected('unknown_branch', `unknown branch ${input.toBranchId}`), changes: [] };
  }
  const refused = await unknownProducts(
    trx,
    input.lines.map((l) => l.productId),
  );
  if (refused !== undefined) return { outcome: refused, changes: [] };
  await trx
    .insertInto('transfers')
    .values({
      id: input.transferId,
      fromBranchId,
      toBranchId: input.toBranchId,
      status: 'in_transit',
      note: input.note ?? null,
      flags: '[]',
      payloadHash: hash,
      sentAt: now,
      sentBy: who.actor ?? who.deviceId,
      receivedAt: null,
      receivedBy: null,
      receiveId: null,
      cancelledAt: null,
    })
    .execute();
  await trx
    .insertInto('transferLines')
    .values(
      input.lines.map((l, i) => ({
        transferId: input.transferId,
        lineNo: i + 1,
        productId: l.productId,
        sent: l.quantity,
        received: null,
        lossReason: null,
      })),
    )
    .execute();
  const stock = await moveStock(
    trx,
    fromBranchId,
    input.lines.map((l) => ({
      productId: l.productId,
      delta: -l.quantity,
      reason: 'transfer' as const,
      refId: input.transferId,
      note: 'sent',
      actor: who.actor ?? undefined,
    })),
    now,
  );
  const transfer = (await loadTransfer(trx, input.transferId))!;
  const feed = await publishTransfer(trx, fromBranchId, transfer);
  return { outcome: accepted({ transfer, applied: true }), changes: [...stock, ...feed] };
}

/**
 * Receives a transfer at its destination. Lines left out arrived in full. A transfer is received
 * once: a second receipt (two tills, offline) changes nothing and answers the transfer as it is.
 * A receipt of a cancelled transfer is still recorded (the goods are here: a movement already made
 * is never refused); the cancel's return to the source is taken back and the transfer flagged.
 */
export async function receiveTransfer(
  trx: Transaction<Database>,
  who: Operator,
  receiveId: string,
  atBranchId: string,
  input: TransferReceiveInput,
  now: string,
): Promise<TransferHandled> {
  const t = await loadTransfer(trx, input.transferId);
  if (t === undefined || t.toBranchId !== atBranchId) return notFound(input.transferId);
  if (t.status === 'received') return { outcome: accepted({ transfer: t, applied: false }), changes: [] };
  const given = new Map(input.lines.map((l) => [l.productId, l]));
  const lines = t.lines.map((l) => {
    const g = given.get(l.productId);
    const received = g?.received ?? l.sent;
    return { ...l, received, lossReason: received === l.sent ? null : (g?.lossReason ?? 'other') };
  });
  for (const l of lines) {
    await trx
      .updateTable('transferLines')
      .set({ received: l.received, lossReason: l.lossReason })
      .where('transferId', '=', t.id)
      .where('productId', '=', l.productId)
      .execute();
  }
  const afterCancel = t.status === 'cancelled';
  await trx
    .updateTable('transfers')
    .set({
      status: 'received',
      receivedAt: now,
      receivedBy: who.actor ?? who.deviceId,
      receiveId,
      ...(afterCancel ? { flags: JSON.stringify([...t.flags, 'received_after_cancel']) } : {}),
    })
    .where('id', '=', t.id)
    .execute();
  const movements = lines
    .filter((l) => l.received !== 0)
    .map((l) => ({
      productId: l.productId,
      delta: l.received,
      reason: 'transfer' as const,
      refId: t.id,
      note: 'received',
      actor: who.actor ?? undefined,
    }));
  const stock = movements.length === 0 ? [] : await moveStock(trx, atBranchId, movements, now);
  if (afterCancel) {
    // The cancel returned the goods to the source, but they left it after all.
    await moveStock(
      trx,
      t.fromBranchId,
      t.lines.map((l) => ({
        productId: l.productId,
        delta: -l.sent,
        reason: 'transfer' as const,
        refId: t.id,
        note: 'received after cancel',
        actor: who.actor ?? undefined,
      })),
      now,
    );
  }
  const transfer = (await loadTransfer(trx, t.id))!;
  const feed = await publishTransfer(trx, atBranchId, transfer);
  return { outcome: accepted({ transfer, applied: true }), changes: [...stock, ...feed] };
}

/** Cancels a transfer still in transit, from its source: the goods return to the source's ledger. */
export async function cancelTransfer(
  trx: Transaction<Database>,
  who: Operator,
  atBranchId: string,
  input: TransferCancelInput,
  now: string,
): Promise<TransferHandled> {
  const t = await loadTransfer(trx, input.transferId);
  if (t === undefined || t.fromBranchId !== atBranchId) return notFound(input.transferId);
  if (t.status === 'cancelled') return { outcome: accepted({ transfer: t, applied: false }), changes: [] };
  if (t.status === 'received') {
    return {
      outcome: rejected('transfer_not_in_transit', 'this transfer was received already', { transfer: t }),
      changes: [],
    };
  }
  await trx
    .updateTable('transfers')
    .set({ status: 'cancelled', cancelledAt: now })
    .where('id', '=', t.id)
    .execute();
  const stock = await moveStock(
    trx,
    atBranchId,
    t.lines.map((l) => ({
      productId: l.productId,
      delta: l.sent,
      reason: 'transfer' as const,
      refId: t.id,
      note: 'cancelled',
      actor: who.actor ?? undefined,
    })),
    now,
  );
  const transfer = (await loadTransfer(trx, t.id))!;
  const feed = await publishTransfer(trx, atBranchId, transfer);
  return { outcome: accepted({ transfer, applied: true }), changes: [...stock, ...feed] };
}

const device = (deviceId: string): Operator => ({ deviceId, actor: null });

/** `transfer.send` from a till: the source is the till's branch. */
export const transferSend: SingleHandler<TransferSendInput, TransferResult> = {
  kind: 'single',
  apply: (trx, { who, now }, p) => sendTransfer(trx, device(who.deviceId), who.branchId, p, now),
};

/** `transfer.receive` on a till of the destination. */
export const transferReceive: SingleHandler<TransferReceiveInput, TransferResult> = {
  kind: 'single',
  apply: (trx, { who, mutationId, now }, p) =>
    receiveTransfer(trx, device(who.deviceId), mutationId, who.branchId, p, now),
};

/** `transfer.cancel` on a till of the source. */
export const transferCancel: SingleHandler<TransferCancelInput, TransferResult> = {
  kind: 'single',
  apply: (trx, { who, now }, p) => cancelTransfer(trx, device(who.deviceId), who.branchId, p, now),
};

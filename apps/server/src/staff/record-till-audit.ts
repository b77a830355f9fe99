import { newId, type TillAuditEvent } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Handled, MutationContext, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, type FirstOutcome } from '../feed/outcome.ts';
import { staffNames } from './staff-service.ts';

/** What an `audit.record` mutation gives back: the audit entry's id. */
export interface TillAuditResult {
  readonly auditId: string;
}

/**
 * `audit.record` (issue 13 item 7; registered in sync/mutation-registry.ts): a till's event goes
 * into the same audit log as the back office's writes, as `till.<action>`, with the device, the
 * signed-in person and who approved. An event is evidence: it is never refused, not even for a
 * staff id the server does not know (the summary says so). The row's id is the server's UUIDv7, so
 * the log orders by arrival; `at` is the till's time of the event, shown (S4).
 */
export const auditRecord: SingleHandler<TillAuditEvent, TillAuditResult> = {
  kind: 'single',
  apply: (trx, ctx, event) => recordTillAudit(trx, ctx, event),
};

async function recordTillAudit(
  trx: Transaction<Database>,
  { who, now }: MutationContext,
  e: TillAuditEvent,
): Promise<Handled<TillAuditResult, FirstOutcome<TillAuditResult>>> {
  const names = await staffNames(
    trx,
    [e.staffId, e.approvedBy].filter((x): x is string => x != null),
  );
  const nameOf = (id: string | null | undefined): string =>
    id == null ? '-' : (names.get(id) ?? `unknown staff ${id.slice(0, 8)}`);
  const what =
    e.action === 'override' && e.approvedAction !== undefined ? `override ${e.approvedAction}` : e.action;
  const approved = e.approvedBy === undefined ? '' : ` (approved by ${nameOf(e.approvedBy)})`;
  const auditId = newId(Date.parse(now));
  await trx
    .insertInto('auditLog')
    .values({
      id: auditId,
      at: new Date(Date.parse(e.at)).toISOString(),
      actorKind: 'device',
      accountId: null,
      username: e.staffId === null ? null : nameOf(e.staffId),
      action: `till.${e.action}`,
      entityType: e.entityId === undefined ? null : 'till',
      entityId: e.entityId ?? null,
      branchId: who.branchId,
      summary: `${who.deviceName}: ${what} by ${nameOf(e.staffId)}${approved}`,
      details: JSON.stringify({
        ...e.details,
        ...(e.approvedAction === undefined ? {} : { approvedAction: e.approvedAction }),
        receivedAt: now,
      }),
      ip: null,
      deviceId: who.deviceId,
      staffId: e.staffId,
      approvedBy: e.approvedBy ?? null,
    })
    .execute();
  return { outcome: accepted({ auditId }), changes: [] };
}

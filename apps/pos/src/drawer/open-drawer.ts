import type { StaffAction } from '@kasir/protocol';
import type { Approval } from './staff-gate.ts';

/** What opening the drawer without a sale needs: the permission check, the audit, the printer. */
export interface OpenDrawerDeps {
  requirePermission(action: StaffAction): Promise<Approval | null>;
  /** `useStaff().audit`: a till audit event, recorded offline first and synced once. */
  audit(action: 'open_drawer', extra: { readonly approvedBy?: string | undefined }): void;
  /** Sends the drawer pulse through the printer; false when no printer is configured. */
  kick(): Promise<boolean>;
}

/** `denied`: nobody with `open_drawer` approved; `manual`: recorded, but no printer to kick it. */
export type OpenDrawerResult = 'denied' | 'opened' | 'manual';

/**
 * Opens the cash drawer without a sale (issue 13): only with the `open_drawer` permission (or a
 * supervisor's override), and always recorded as a till audit event before the drawer moves, so
 * every opening the back office cannot tie to a sale is on the record.
 */
export async function openDrawerWithoutSale(deps: OpenDrawerDeps): Promise<OpenDrawerResult> {
  const approval = await deps.requirePermission('open_drawer');
  if (approval === null) return 'denied';
  deps.audit('open_drawer', approval.approvedBy === undefined ? {} : { approvedBy: approval.approvedBy });
  return (await deps.kick()) ? 'opened' : 'manual';
}

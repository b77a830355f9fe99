import type { StaffAction, TillAuditAction } from '@kasir/protocol';
import type { AuditExtra } from '../staff/staff-context.tsx';

/** Who did it, and who approved it when the person at the till could not. */
export interface Approval {
  readonly staffId: string | null;
  readonly approvedBy?: string;
}

/** What the drawer and refund screens need of the staff system (`useStaff()` of staff/). */
export interface StaffGate {
  /** Null when nobody with the right approved the action. */
  requirePermission(action: StaffAction): Promise<Approval | null>;
  /** Records a till event in the audit log (signed in or not). */
  audit(action: TillAuditAction, extra?: AuditExtra): void;
}

/**
 * Whether an approval names a person: closing a shift with unsynced sales needs a manager who
 * signed in or gave their PIN. A till without staff (nobody to approve) cannot override.
 */
export const namesSomeone = (a: Approval | null): a is Approval =>
  a !== null && (a.staffId !== null || a.approvedBy !== undefined);

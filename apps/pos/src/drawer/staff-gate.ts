/** An action the till may need someone's permission for (the staff system's `StaffAction`s). */
export type GatedAction = 'refund' | 'void_sale' | 'close_shift_unsynced' | 'open_drawer';

/** Who did it, and who approved it when the person at the till could not. */
export interface Approval {
  readonly staffId: string | null;
  readonly approvedBy?: string;
}

/** What the drawer and refund screens need of the staff system. */
export interface StaffGate {
  /** Null when the action is refused (no one with the right approved it). */
  requirePermission(action: GatedAction): Promise<Approval | null>;
}

/**
 * The stand-in until the till signs people in (issue 13, items 1 and 2, built beside this): no one
 * is signed in, ordinary actions are recorded without a staff id, and an override is refused, since
 * no manager can approve it. The app swaps in the staff system's `useStaff()` when it lands.
 */
export const NO_STAFF: StaffGate = {
  requirePermission: (action) =>
    Promise.resolve(action === 'close_shift_unsynced' ? null : { staffId: null }),
};

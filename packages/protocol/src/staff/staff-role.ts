import { z } from 'zod';
import { Uuid } from '../ids.ts';

/** A person who works the till: their id travels on every sale, refund, override and audit event. */
export const StaffId = Uuid;
export type StaffId = z.infer<typeof StaffId>;

/** What a person at the till is (issue 13): a cashier sells; a supervisor approves; a manager may do everything. */
export const StaffRole = z.enum(['cashier', 'supervisor', 'manager']);
export type StaffRole = z.infer<typeof StaffRole>;

/**
 * The till actions that need a right beyond selling (issue 13 item 2). When the signed-in person
 * lacks one, the till asks for the PIN of someone who has it and records both people.
 * - refund / void_sale: money leaves the drawer for a paid sale
 * - discount_above_threshold: a line or cart discount above the branch's threshold
 * - price_override: a unit price other than the catalog's
 * - reprint: a second copy of a receipt (a classic way to pocket a sale)
 * - open_drawer: open the cash drawer without a sale
 * - discard_parked: drop a mutation the server refused (S9), which loses what it recorded
 * - reset_device: sign the device out, or re-download its data
 * - close_shift_unsynced: close a shift while this till still holds unsynced sales
 * - cash_move: cash in or out of the drawer with a reason
 * - x_report: see the open shift's X report, whose expected cash would make the closing count not
 *   blind (a cashier counts without it; a supervisor may look)
 */
export const StaffAction = z.enum([
  'refund',
  'void_sale',
  'discount_above_threshold',
  'price_override',
  'reprint',
  'open_drawer',
  'discard_parked',
  'reset_device',
  'close_shift_unsynced',
  'cash_move',
  'x_report',
]);
export type StaffAction = z.infer<typeof StaffAction>;

const SUPERVISOR_ACTIONS: readonly StaffAction[] = [
  'refund',
  'void_sale',
  'discount_above_threshold',
  'price_override',
  'reprint',
  'open_drawer',
  'discard_parked',
  'cash_move',
  'x_report',
];

/**
 * Role -> the actions it may do alone. A cashier moves cash for change (cash in/out with a
 * reason) and nothing else; a supervisor what happens on the shop floor every day; only a manager
 * resets a device or closes a shift whose sales have not reached the server (they could be lost).
 */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, ReadonlySet<StaffAction>>> = {
  cashier: new Set<StaffAction>(['cash_move']),
  supervisor: new Set<StaffAction>(SUPERVISOR_ACTIONS),
  manager: new Set<StaffAction>(StaffAction.options),
};

/** Whether a person of `role` may do `action` without another person's approval. */
export function can(role: StaffRole, action: StaffAction): boolean {
  return ROLE_PERMISSIONS[role].has(action);
}

/**
 * A discount is "above the threshold" (needs `discount_above_threshold`) when it takes more than
 * this percentage off the amount it applies to. The default until a branch setting carries its own.
 */
export const DEFAULT_DISCOUNT_THRESHOLD_PERCENT = 10;

/** Whether `discount` rupiah off `amount` rupiah exceeds `thresholdPercent`. Integer arithmetic, no rounding. */
export function isDiscountAboveThreshold(
  discount: number,
  amount: number,
  thresholdPercent: number = DEFAULT_DISCOUNT_THRESHOLD_PERCENT,
): boolean {
  if (discount <= 0) return false;
  if (amount <= 0) return true;
  return discount * 100 > amount * thresholdPercent;
}

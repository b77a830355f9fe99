import { z } from 'zod';
import { text } from '../text.ts';
import { StaffAction, StaffId } from './staff-role.ts';

/**
 * What a till records in the audit log (issue 13 item 7), `till.<what>` in the back office:
 * - discount_above_threshold, price_override, reprint, open_drawer, discard_parked, reset_device,
 *   void_sale: the action was done (by `staffId`, approved by `approvedBy` when an override)
 * - override: a supervisor's PIN was given for `details.action` (also recorded on the action itself)
 * - long_offline: the till was offline longer than it should be (`details.offlineMs`)
 * - pin_lockout: wrong PINs locked the sign-in screen (`details.failures`, `details.lockMs`)
 */
export const TillAuditAction = z.enum([
  'discount_above_threshold',
  'price_override',
  'reprint',
  'open_drawer',
  'discard_parked',
  'reset_device',
  'void_sale',
  'override',
  'long_offline',
  'pin_lockout',
]);
export type TillAuditAction = z.infer<typeof TillAuditAction>;

/** A till's audit event, the payload of an `audit.record` mutation (its id is the mutation id). */
export const TillAuditEvent = z.strictObject({
  action: TillAuditAction,
  /** Who was signed in; null when nobody was (a lockout, an offline period). */
  staffId: StaffId.nullable(),
  /** Who gave their PIN for it, when the signed-in person lacked the right. */
  approvedBy: StaffId.optional(),
  /** For `override`: which action was approved. */
  approvedAction: StaffAction.optional(),
  /** Device time of the event: recorded for display, never trusted for order (S4). */
  at: z.iso.datetime({ offset: true }),
  /** The sale, receipt number or mutation it concerns, if any. */
  entityId: text(1, 100).optional(),
  /** Small facts (amounts, counts); at most 20 keys of numbers, booleans or short strings. */
  details: z
    .record(z.string().max(40), z.union([z.number(), z.boolean(), z.string().max(200)]))
    .refine((d) => Object.keys(d).length <= 20, 'details: at most 20 keys')
    .optional(),
});
export type TillAuditEvent = z.infer<typeof TillAuditEvent>;

/** A till is "long offline" past this: its sales waited that long to reach the server. */
export const LONG_OFFLINE_MS = 4 * 60 * 60 * 1000;

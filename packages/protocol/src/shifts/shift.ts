import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { Rupiah } from '../money/rupiah.ts';
import { text } from '../text.ts';

/** Rupiah notes and coins a cashier counts, largest first (Bank Indonesia's current issue). */
export const DENOMINATIONS = [100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100] as const;

/** Most pieces of one denomination a count may hold: far more than any drawer. */
const MAX_PIECES = 100_000;

/**
 * What the cashier counted in the drawer, blind (before seeing what was expected): a total, or
 * pieces per denomination whose value must add up to the total.
 */
export const CashCount = z
  .strictObject({
    total: Rupiah,
    denominations: z
      .record(z.string().regex(/^[1-9]\d{0,6}$/), z.number().int().min(0).max(MAX_PIECES))
      .optional(),
  })
  .refine(
    (c) =>
      c.denominations === undefined ||
      Object.entries(c.denominations).reduce((a, [d, n]) => a + Number(d) * n, 0) === c.total,
    'denominations must add up to the total',
  );
export type CashCount = z.infer<typeof CashCount>;

/** Who did it: the signed-in person (null before staff exist on the till) and who approved an override. */
const staffFields = {
  staffId: Uuid.nullable(),
  approvedBy: Uuid.optional(),
};

/** `shift.open`: a till opens its drawer with a starting float. Device time is recorded only (S4). */
export const ShiftOpenInput = z.strictObject({
  shiftId: Uuid,
  openedAt: z.iso.datetime({ offset: true }),
  float: Rupiah,
  ...staffFields,
});
export type ShiftOpenInput = z.infer<typeof ShiftOpenInput>;

export const CashMoveKind = z.enum(['in', 'out']);
export type CashMoveKind = z.infer<typeof CashMoveKind>;

/** `cash.move`: cash put into or taken out of the drawer without a sale, with a reason. */
export const CashMoveInput = z.strictObject({
  shiftId: Uuid,
  kind: CashMoveKind,
  amount: Rupiah.refine((a) => a > 0, 'amount must be positive'),
  reason: text(1, 200),
  at: z.iso.datetime({ offset: true }),
  ...staffFields,
});
export type CashMoveInput = z.infer<typeof CashMoveInput>;

/**
 * `shift.close`: the blind count. `unsyncedSales` is how many sales the till still held unsynced
 * when it closed; more than zero needs a manager's override (`approvedBy`), recorded.
 */
export const ShiftCloseInput = z.strictObject({
  shiftId: Uuid,
  closedAt: z.iso.datetime({ offset: true }),
  counted: CashCount,
  unsyncedSales: z.number().int().min(0).max(1_000_000),
  ...staffFields,
});
export type ShiftCloseInput = z.infer<typeof ShiftCloseInput>;

/**
 * What the server noticed on a shift (never a refusal: the drawer's cash already moved).
 * - unsynced_close: closed while the till held unsynced sales without a recorded override
 * - late_movement: a sale, refund or cash move of the shift arrived after its close
 */
export const ShiftFlag = z.enum(['unsynced_close', 'late_movement']);
export type ShiftFlag = z.infer<typeof ShiftFlag>;

/** A cash move as stored. */
export const CashMove = CashMoveInput.extend({
  id: Uuid,
  branchId: Uuid,
  deviceId: Uuid,
  receivedAt: z.string(),
});
export type CashMove = z.infer<typeof CashMove>;

import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { text } from '../text.ts';
import { BranchCode } from './admin.ts';
import { ShopSettings, ShopSettingsPatch } from './shop-settings.ts';
import { WeeklyHours } from './opening-hours.ts';

export { TimeOfDay, OpeningHours, WeeklyHours } from './opening-hours.ts';

/** An IANA time zone; Indonesia has three (WIB, WITA, WIT). A business day is a day in this zone. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');
export const INDONESIAN_TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

/** NPWP: 15 digits (old form, often written 01.234.567.8-901.000) or the 16-digit NIK form. */
export const Npwp = z
  .string()
  .trim()
  .transform((s) => s.replace(/[.\-\s]/g, ''))
  .pipe(z.string().regex(/^\d{15,16}$/, 'NPWP: 15 or 16 digits'));

/**
 * A branch with everything the back office edits (`GET /api/admin/branches` and `/:id`), including
 * the shop-wide settings its tills receive (admin/shop-settings.ts).
 */
export const BranchSettings = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  npwp: z.string().nullable(),
  receiptHeader: z.string().nullable(),
  receiptFooter: z.string().nullable(),
  timeZone: z.string(),
  openingHours: WeeklyHours.nullable(),
  ...ShopSettings.shape,
});
export type BranchSettings = z.infer<typeof BranchSettings>;

export const BranchSettingsList = z.array(BranchSettings);

/**
 * `PATCH /api/admin/branches/:id` (owner; a manager of that branch for everything but `code`).
 * Changing `code` changes new invoice numbers only (S10: old receipts keep theirs).
 */
export const BranchUpdateBody = z.strictObject({
  code: BranchCode.optional(),
  name: text(1, 200).optional(),
  address: text(0, 500).nullable().optional(),
  npwp: Npwp.nullable().optional(),
  receiptHeader: text(0, 500).nullable().optional(),
  receiptFooter: text(0, 500).nullable().optional(),
  timeZone: TimeZone.optional(),
  openingHours: WeeklyHours.nullable().optional(),
  ...ShopSettingsPatch.shape,
});
export type BranchUpdateBody = z.infer<typeof BranchUpdateBody>;

import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { name, text } from '../text.ts';

/** An Indonesian number in E.164: +62 then 7 to 13 digits, no leading zero. */
const E164_ID = /^\+62[1-9]\d{6,12}$/;

/**
 * A phone number as people type it (`0812-3456-7890`, `62812…`, `+62 812 …`, `812…`) in the one form
 * the shop stores and matches duplicates by (`+62812…`); null when it is no Indonesian number.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/[\s\-().]/g, '');
  if (!/^\+?\d+$/.test(compact)) return null;
  let digits = compact.startsWith('+') ? compact.slice(1) : compact;
  if (digits.startsWith('62')) digits = digits.slice(2);
  else if (digits.startsWith('0')) digits = digits.slice(1);
  const phone = `+62${digits}`;
  return E164_ID.test(phone) ? phone : null;
}

/** A normalised phone number (normalizePhone's output). */
export const Phone = z.string().regex(E164_ID, 'phone must be normalised to +62…');

/** `customer.create`: a customer made on a till, offline. `id` is the mutation id (S2, S3). */
export const CustomerInput = z.strictObject({
  id: Uuid,
  name: name(1, 100),
  phone: Phone,
  email: z.email().max(200).optional(),
  note: text(0, 500).optional(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type CustomerInput = z.infer<typeof CustomerInput>;

/**
 * A customer as stored: the first one recorded with a phone number. A later one with the same
 * number is merged into it (`customer.create`'s result names the kept customer), and its id keeps
 * resolving to this one.
 */
export const Customer = z.object({
  id: Uuid,
  name: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  note: z.string().nullable(),
  branchId: Uuid,
  createdAt: z.string(),
  receivedAt: z.string(),
});
export type Customer = z.infer<typeof Customer>;

/** The result of `customer.create`: the customer kept, and whether the new id was merged into it. */
export const CustomerCreated = z.object({ customer: Customer, mergedFrom: Uuid.nullable() });
export type CustomerCreated = z.infer<typeof CustomerCreated>;

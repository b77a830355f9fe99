import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { name } from '../text.ts';

/** Branch codes appear in receipt numbers (S10): upper-case letters and digits. */
export const BranchCode = z
  .string()
  .trim()
  .min(1)
  .max(10)
  .regex(/^[A-Z0-9]+$/, 'branch code: upper-case letters and digits');

export const BranchCreateBody = z.strictObject({
  code: BranchCode,
  name: name(1, 200),
});
export type BranchCreateBody = z.infer<typeof BranchCreateBody>;

export const Branch = z.object({ id: Uuid, code: z.string(), name: z.string() });
export type Branch = z.infer<typeof Branch>;

/**
 * What a device may do beyond selling and counting (issue 17). A till needs none of these: no till
 * screen edits products.
 * - `catalog.edit`: send `product.update` for the shared catalog (names, barcodes, category, active);
 * - `catalog.price`: change a product's price or tax rate with it; without this such an edit is kept
 *   as a pending approval (a conflict record with reason `needs_approval`) and not applied.
 * Permissions are names, not columns, so that a signed-in staff member's permissions can replace
 * the device's later: the server checks `can(principal, permission)` either way.
 */
export const Permission = z.enum(['catalog.edit', 'catalog.price']);
export type Permission = z.infer<typeof Permission>;

const Permissions = z.array(Permission).max(Permission.options.length);

export const DeviceCreateBody = z.strictObject({
  branchId: Uuid,
  name: name(1, 100),
  /** None by default: a till sells, it does not edit the catalog. */
  permissions: Permissions.optional(),
});
export type DeviceCreateBody = z.infer<typeof DeviceCreateBody>;

/** `PATCH /api/admin/devices/:id`: rename a device or set its permissions (replacing them). */
export const DeviceUpdateBody = z
  .strictObject({ name: name(1, 100).optional(), permissions: Permissions.optional() })
  .refine((b) => b.name !== undefined || b.permissions !== undefined, 'nothing to change');
export type DeviceUpdateBody = z.infer<typeof DeviceUpdateBody>;

/** The token is shown once, here; the server keeps only its hash. */
export const DeviceCreated = z.object({ id: Uuid, code: z.string(), token: z.string() });
export type DeviceCreated = z.infer<typeof DeviceCreated>;

export const DeviceInfo = z.object({
  id: Uuid,
  branchId: Uuid,
  code: z.string(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  online: z.boolean(),
  /** Optional on the wire so an older server's answer still parses; absent means none. */
  permissions: z.array(Permission).optional(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

/** `GET /api/device`: what a device token belongs to. */
export const DeviceSelf = z.object({
  device: DeviceInfo,
  branch: Branch,
});
export type DeviceSelf = z.infer<typeof DeviceSelf>;

export const IdParams = z.strictObject({ id: Uuid });

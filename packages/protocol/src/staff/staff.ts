import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { name } from '../text.ts';
import { StaffId, StaffRole } from './staff-role.ts';

/** A PIN: 4 to 6 digits (issue 13). */
export const Pin = z.string().regex(/^\d{4,6}$/, 'PIN: 4 to 6 digits');
export type Pin = z.infer<typeof Pin>;

/**
 * A PIN's salted slow hash, as the till verifies it offline (pin-hash.ts). The parameters travel
 * with the hash so the iteration count can be raised later without breaking older records.
 */
export const PinHash = z.object({
  algorithm: z.literal('pbkdf2-sha256'),
  iterations: z.number().int().min(1_000).max(10_000_000),
  /** 16 random bytes, hex. */
  salt: z.string().regex(/^[0-9a-f]{32}$/),
  /** 32 derived bytes, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PinHash = z.infer<typeof PinHash>;

export const StaffName = name(1, 100);

/**
 * A staff member as the till holds it: the branch's feed carries one per person (kind `staff`).
 * A person removed from the branch, or deactivated, arrives with `active: false` and no PIN, so the
 * till forgets them. `version` grows with every edit.
 */
export const StaffRecord = z.object({
  id: StaffId,
  name: z.string(),
  role: StaffRole,
  branchIds: z.array(Uuid),
  /** Null until a PIN is set, and for an inactive person: they cannot sign in. */
  pin: PinHash.nullable(),
  active: z.boolean(),
  version: z.number().int().positive(),
});
export type StaffRecord = z.infer<typeof StaffRecord>;

/** `POST /api/admin/staff` -> 201 `StaffMember`. */
export const StaffCreateBody = z.strictObject({
  name: StaffName,
  role: StaffRole,
  branchIds: z.array(Uuid).min(1).max(500),
  pin: Pin.optional(),
});
export type StaffCreateBody = z.infer<typeof StaffCreateBody>;

/** `PATCH /api/admin/staff/:id` -> 200 `StaffMember`; a new `pin` replaces the old one on every till. */
export const StaffUpdateBody = z
  .strictObject({
    name: StaffName.optional(),
    role: StaffRole.optional(),
    branchIds: z.array(Uuid).min(1).max(500).optional(),
    pin: Pin.optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type StaffUpdateBody = z.infer<typeof StaffUpdateBody>;

/** A staff member as the back office lists it (never the PIN hash). */
export const StaffMember = z.object({
  id: StaffId,
  name: z.string(),
  role: StaffRole,
  branchIds: z.array(Uuid),
  hasPin: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffList = z.array(StaffMember);
export type StaffList = z.infer<typeof StaffList>;

/** `GET /api/admin/staff?branchId=`: one branch's people, or all the caller may see. */
export const StaffListQuery = z.strictObject({ branchId: Uuid.optional() });
export type StaffListQuery = z.infer<typeof StaffListQuery>;

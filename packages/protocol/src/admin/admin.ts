import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { text } from '../text.ts';

/** Branch codes appear in receipt numbers (S10): upper-case letters and digits. */
export const BranchCode = z
  .string()
  .trim()
  .min(1)
  .max(10)
  .regex(/^[A-Z0-9]+$/, 'branch code: upper-case letters and digits');

export const BranchCreateBody = z.strictObject({
  code: BranchCode,
  name: text(1, 200),
});
export type BranchCreateBody = z.infer<typeof BranchCreateBody>;

export const Branch = z.object({ id: Uuid, code: z.string(), name: z.string() });
export type Branch = z.infer<typeof Branch>;

export const DeviceCreateBody = z.strictObject({
  branchId: Uuid,
  name: text(1, 100),
});
export type DeviceCreateBody = z.infer<typeof DeviceCreateBody>;

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
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

/** `GET /api/device`: what a device token belongs to. */
export const DeviceSelf = z.object({
  device: DeviceInfo,
  branch: Branch,
});
export type DeviceSelf = z.infer<typeof DeviceSelf>;

export const IdParams = z.strictObject({ id: Uuid });

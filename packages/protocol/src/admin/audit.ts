import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { BranchDateRange, PageQuery, pageOf } from './page.ts';

/**
 * Who did it: a signed-in account, the admin bearer token (scripts), or a till (issue 13) with the
 * staff member signed in on it (null when nobody was) and who approved an override.
 */
export const AuditActor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('account'), accountId: Uuid, username: z.string() }),
  z.object({ kind: z.literal('token') }),
  z.object({
    kind: z.literal('device'),
    deviceId: Uuid,
    staffId: Uuid.nullable(),
    staffName: z.string().nullable(),
    approvedBy: Uuid.nullable(),
  }),
]);
export type AuditActor = z.infer<typeof AuditActor>;

/**
 * What was done, `entity.verb`. Open-ended (new writes add actions), so a string on the wire; the
 * ones issue 11 writes are listed for the screen's filter.
 */
export const AUDIT_ACTIONS = [
  'account.create',
  'account.update',
  'auth.login',
  'auth.logout',
  'auth.password',
  'branch.create',
  'branch.update',
  'device.create',
  'device.revoke',
  'device.pairing_code',
  'device.command',
  'product.create',
  'product.update',
  'product.delete',
  'product.import',
  'stock.move',
  // Stock operations (issue 12).
  'supplier.create',
  'stock.receive',
  'stock.minimum',
  'transfer.send',
  'transfer.receive',
  'transfer.cancel',
  'stocktake.open',
  'stocktake.close',
  'staff.create',
  'staff.update',
  // Till events (issue 13 item 7; protocol staff/till-audit.ts).
  'till.discount_above_threshold',
  'till.price_override',
  'till.reprint',
  'till.open_drawer',
  'till.discard_parked',
  'till.reset_device',
  'till.void_sale',
  'till.override',
  'till.long_offline',
  'till.pin_lockout',
] as const;

/** `GET /api/admin/audit?action=&accountId=&staffId=&deviceId=&branchId=&from=&to=&cursor=&limit=` (owner), newest first. */
export const AuditQuery = PageQuery.extend({
  action: z.string().max(50).optional(),
  accountId: Uuid.optional(),
  /** Till events of one staff member (signed in, or approving), or of one device (issue 13). */
  staffId: Uuid.optional(),
  deviceId: Uuid.optional(),
  ...BranchDateRange.shape,
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: Uuid,
  at: z.string(),
  actor: AuditActor,
  action: z.string(),
  /** `product`, `device`, `branch`, `account`…; null for actions on nothing in particular. */
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  branchId: Uuid.nullable(),
  /** A short human-readable line ("Kasir 2 revoked", "212 products imported"). */
  summary: z.string(),
  /** What changed, e.g. `{price: [12000, 12500]}`; never secrets. */
  details: z.record(z.string(), z.unknown()).nullable(),
  /** Client address of the request. */
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = pageOf(AuditEntry);
export type AuditPage = z.infer<typeof AuditPage>;

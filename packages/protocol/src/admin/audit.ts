import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { BranchDateRange, PageQuery, pageOf } from './page.ts';

/** Who made an admin write: a signed-in account, or the admin bearer token (scripts). */
export const AuditActor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('account'), accountId: Uuid, username: z.string() }),
  z.object({ kind: z.literal('token') }),
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
] as const;

/** `GET /api/admin/audit?action=&accountId=&branchId=&from=&to=&cursor=&limit=` (owner), newest first. */
export const AuditQuery = PageQuery.extend({
  action: z.string().max(50).optional(),
  accountId: Uuid.optional(),
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

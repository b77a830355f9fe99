import { z } from 'zod';
import { Uuid } from '../ids.ts';

/** Default and largest page of the back office's keyset-paged lists. */
export const DEFAULT_ADMIN_PAGE = 100;
export const MAX_ADMIN_PAGE = 1_000;

/**
 * `cursor=&limit=` of every keyset-paged admin list. The cursor is opaque to clients: the server
 * encodes the sort key of the last item it returned (never an offset, so page 1,000 of 100,000
 * products costs what page 1 costs).
 */
export const PageQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_ADMIN_PAGE).optional(),
});

/** `{items, cursor, hasMore}`: `cursor` is null exactly when `hasMore` is false. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), cursor: z.string().nullable(), hasMore: z.boolean() });
}

/** `true`/`false` in a query string (`?active=true`); anything else is a 400. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * A date in a query string: an ISO date (`2026-03-01`, a business day in the branch's time zone) or
 * an instant with an offset (`2026-03-01T08:00:00+07:00`).
 */
export const QueryDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * `branchId=&from=&to=` of the back office's reports and lists: one branch (left out: every branch
 * the caller may see) over a range of `QueryDate`s.
 */
export const BranchDateRange = z.strictObject({
  branchId: Uuid.optional(),
  from: QueryDate.optional(),
  to: QueryDate.optional(),
});
export type BranchDateRange = z.infer<typeof BranchDateRange>;

import { z } from 'zod';
import { Change } from './change.ts';

export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 1000;

/** Sales older than this many days (server time of receipt) do not reach devices by default (issue 16). */
export const DEFAULT_SALES_WINDOW_DAYS = 7;
export const MAX_SALES_WINDOW_DAYS = 3660;

/** `GET /api/sync/pull?cursor=&limit=&salesDays=` */
export const PullQuery = z.strictObject({
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
  /** The branch's sales of the last this many days (default DEFAULT_SALES_WINDOW_DAYS). */
  salesDays: z.coerce.number().int().min(0).max(MAX_SALES_WINDOW_DAYS).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

/**
 * A keyset page of the feed. Changes are ordered by `seq` within each scope (catalog first).
 * `cursor` is where the next pull starts; `hasMore` says whether to pull again at once.
 */
export const PullResponse = z.object({
  changes: z.array(Change),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

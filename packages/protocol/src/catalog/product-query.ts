import { z } from 'zod';

/** `GET /api/products?page=&limit=` or `?updatedSince=<ISO time>` (founding document's calls). */
export const ProductListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  updatedSince: z.iso.datetime({ offset: true }).optional(),
});
export type ProductListQuery = z.infer<typeof ProductListQuery>;

export const ProductCountResponse = z.object({ count: z.number().int().min(0) });
export type ProductCountResponse = z.infer<typeof ProductCountResponse>;

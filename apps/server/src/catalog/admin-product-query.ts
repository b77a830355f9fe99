import {
  DEFAULT_ADMIN_PAGE,
  type AdminProduct,
  type AdminProductPage,
  type AdminProductQuery,
} from '@kasir/protocol';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { decodeKeyset, pageFrom } from '../http/keyset-cursor.ts';
import { toProduct } from './product-row.ts';

type Row = Selectable<Database['products']> & { onHand?: number | null };

export function toAdminProduct(r: Row, stock: number | null): AdminProduct {
  return { ...toProduct(r), unit: r.unit, createdAt: r.createdAt, updatedAt: r.updatedAt, stock };
}

/** `%` and `_` taken literally in a LIKE pattern (escape character `\`). */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of the catalog for the back office, in (name, id) order, keyset-paged (the `products_name`
 * index gives the order, so a page reads about `limit` index entries when the filter matches often).
 * `q` matches anywhere in the name, SKU or barcodes, case-insensitively, through a trigram index
 * (migration 0015; terms under 3 characters scan it). Tombstones
 * (deleted products) are left out; archived ones (inactive) are in unless `active` says otherwise.
 */
export async function listAdminProducts(db: Db, query: AdminProductQuery): Promise<AdminProductPage> {
  const limit = query.limit ?? DEFAULT_ADMIN_PAGE;
  let q = db.reader.selectFrom('products').selectAll('products').where('products.deleted', '=', 0);
  if (query.q !== undefined && query.q !== '') {
    // The text the trigram index holds (migration 0015): name, SKU and barcodes, any case.
    const pattern = `%${likeEscape(query.q)}%`;
    // FTS5 takes a LIKE to its index only without an ESCAPE clause: add one only when needed.
    const escape = pattern.includes('\\') ? sql` escape '\\'` : sql``;
    q =
      db.engine === 'postgres'
        ? q.where(sql<boolean>`products.search_text like lower(${pattern}) escape '\\'`)
        : q.where(
            sql<boolean>`products.rowid in (select rowid from products_search where body like ${pattern}${escape})`,
          );
  }
  if (query.category !== undefined) q = q.where('products.category', '=', query.category);
  if (query.active !== undefined) q = q.where('products.active', '=', query.active ? 1 : 0);
  if (query.cursor !== undefined) {
    const [name, id] = decodeKeyset(query.cursor, ['string', 'string']);
    q = q.where(sql<boolean>`(products.name, products.id) > (${name}, ${id})`);
  }
  const branchId = query.branchId;
  const withStock =
    branchId === undefined
      ? q.select(sql<null>`null`.as('onHand'))
      : q
          .leftJoin('stock', (j) =>
            j.onRef('stock.productId', '=', 'products.id').on('stock.branchId', '=', branchId),
          )
          .select('stock.onHand as onHand');
  const rows: Row[] = await withStock
    .orderBy('products.name')
    .orderBy('products.id')
    .limit(limit + 1)
    .execute();
  return pageFrom(
    rows,
    limit,
    (r) => toAdminProduct(r, branchId === undefined ? null : (r.onHand ?? 0)),
    (r) => [r.name, r.id],
  );
}

/** One product for the edit form (archived ones too), or undefined (none, or deleted). */
export async function getAdminProduct(db: Db, id: string): Promise<AdminProduct | undefined> {
  const r = await db.reader
    .selectFrom('products')
    .selectAll()
    .where('id', '=', id)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return r === undefined ? undefined : toAdminProduct(r, null);
}

/** Every category in use, sorted. */
export async function listCategories(db: Db): Promise<string[]> {
  const rows = await db.reader
    .selectFrom('products')
    .select('category')
    .distinct()
    .where('deleted', '=', 0)
    .where('category', 'is not', null)
    .orderBy('category')
    .execute();
  return rows.map((r) => r.category!);
}

import {
  DEFAULT_ADMIN_PAGE,
  type AdminProduct,
  type AdminProductPage,
  type AdminProductQuery,
} from '@kasir/protocol';
import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
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
 * How many products, in name order from the cursor, a search reads before it asks the trigram
 * index instead (listAdminProducts). Reading them costs about a millisecond (the
 * `products_name_search` index holds the searched text: migration 0023).
 */
export const SEARCH_WINDOW = 5_000;

type ProductsQuery<O> = SelectQueryBuilder<Database, 'products', O>;

/** What every page of the back-office catalog keeps: live products, the filters, after the cursor. */
function catalogFilters<O>(q: ProductsQuery<O>, query: AdminProductQuery): ProductsQuery<O> {
  let out = q.where('products.deleted', '=', 0);
  if (query.category !== undefined) out = out.where('products.category', '=', query.category);
  if (query.active !== undefined) out = out.where('products.active', '=', query.active ? 1 : 0);
  if (query.cursor !== undefined) {
    const [name, id] = decodeKeyset(query.cursor, ['string', 'string']);
    out = out.where(sql<boolean>`(products.name, products.id) > (${name}, ${id})`);
  }
  return out;
}

/**
 * A page of the catalog for the back office, in (name, id) order, keyset-paged. Tombstones
 * (deleted products) are left out; archived ones (inactive) are in unless `active` says otherwise.
 *
 * `q` matches anywhere in the name, SKU or barcodes, case-insensitively (ASCII letters on SQLite).
 * Two ways to find the page, because matches cluster by name (`teh` matches the block of "Teh ..."
 * products) and neither way is fast for every term:
 * - the next `window` products in name order, filtered: enough when matches are common among
 *   them (`ma`, a barcode prefix every product has); reading the name-ordered index alone, and
 *   stopping at `limit + 1`, it costs about what the window holds;
 * - otherwise every match through the trigram index (migration 0015), then sorted: cheap when
 *   they are few, about 15 ms for a block of 6,000 in 100,000 products. PostgreSQL is kept from
 *   walking the name index here instead (it assumes matches are spread evenly and walks most of
 *   it for a block late in the alphabet: 70 ms for `teh`).
 * Both read the same text with the same LIKE, so the page does not depend on the way taken.
 */
export async function listAdminProducts(
  db: Db,
  query: AdminProductQuery,
  window = SEARCH_WINDOW,
): Promise<AdminProductPage> {
  const limit = query.limit ?? DEFAULT_ADMIN_PAGE;
  const term = query.q ?? '';
  if (term === '') return readPage(db.reader, query, limit, (q) => q);
  const pattern = `%${likeEscape(term)}%`;
  if (window > 0) {
    // The searched text as the trigram index holds it (migration 0015), read from the window.
    const text =
      db.engine === 'postgres'
        ? sql<boolean>`w.search_text like lower(${pattern}) escape '\\'`
        : sql<boolean>`(w.name || ' ' || w.sku || ' ' || w.barcodes) like ${pattern} escape '\\'`;
    const columns =
      db.engine === 'postgres'
        ? [sql<string>`products.search_text`.as('search_text')]
        : [sql<string>`products.sku`.as('sku'), sql<string>`products.barcodes`.as('barcodes')];
    const windowRows = catalogFilters(
      db.reader.selectFrom('products').select(['products.id', 'products.name', ...columns]),
      query,
    )
      .orderBy('products.name')
      .orderBy('products.id')
      .limit(window)
      .as('w');
    const first = db.reader
      .selectFrom(windowRows)
      .select('w.id')
      .where(text)
      .orderBy('w.name')
      .orderBy('w.id')
      .limit(limit + 1);
    const page = await readPage(db.reader, query, limit, (q) => q.where('products.id', 'in', first));
    if (page.hasMore) return page;
  }
  if (db.engine === 'postgres') {
    // Every match first (materialized: the trigram index, not the name order), then the page of them.
    const read = (k: Kysely<Database>) => {
      const matches = k
        .with(
          (cte) => cte('matches').materialized(),
          (d) =>
            catalogFilters(d.selectFrom('products').select(['products.id', 'products.name']), query).where(
              sql<boolean>`products.search_text like lower(${pattern}) escape '\\'`,
            ),
        )
        .selectFrom('matches')
        .select('matches.id')
        .orderBy('matches.name')
        .orderBy('matches.id')
        .limit(limit + 1);
      return readPage(k, query, limit, (q) => q.where('products.id', 'in', matches));
    };
    // A term without three letters or digits in a row gives the trigram index nothing to look up.
    if (!/[\p{L}\p{N}]{3}/u.test(term)) return read(db.reader);
    // With the default random_page_cost the planner prefers reading the whole table to visiting the
    // few thousand pages the index names (45 ms against 15 for `kopi` in 100,000 products): the
    // LIKE on every row is what it underprices.
    return db.reader.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return read(trx);
    });
  }
  // FTS5 takes a LIKE to its index only without an ESCAPE clause: add one only when needed.
  const escape = pattern.includes('\\') ? sql` escape '\\'` : sql``;
  return readPage(db.reader, query, limit, (q) =>
    q.where(
      sql<boolean>`products.rowid in (select rowid from products_search where body like ${pattern}${escape})`,
    ),
  );
}

/** The page of products `narrow` leaves of the filtered catalog, with the branch's stock if asked. */
async function readPage(
  reader: Kysely<Database>,
  query: AdminProductQuery,
  limit: number,
  narrow: (
    q: ProductsQuery<Selectable<Database['products']>>,
  ) => ProductsQuery<Selectable<Database['products']>>,
): Promise<AdminProductPage> {
  const q = narrow(catalogFilters(reader.selectFrom('products').selectAll('products'), query));
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

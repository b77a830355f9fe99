import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import type { BatchResult } from './compact-mutations.ts';
import { readMark, tryRetentionLock, writeMark } from './retention-marks.ts';

/** The retention mark of the picture sweep: the last hash handled in the current pass. */
export const IMAGES_MARK = 'product_images';

/**
 * How long a picture no live product names is kept (docs/product-images.md "Removing unused
 * pictures"). Counted from the first sweep that found it unnamed, so never less than this since it
 * was released (or, for an upload that never reached its product, since it was stored).
 *
 * Why 7 days: a till online learns of a new picture (or a deleted product) within seconds, but one
 * that was off, or offline, still names the old hash in its catalog until its next pull, and an
 * open back-office form shows it until reloaded; meanwhile their `<img>` may still ask the server.
 * A week covers a till switched off over a long holiday weekend and the back office's undo of
 * "I replaced the wrong picture" (uploading the same file again keeps the row: same hash). It costs
 * little: a picture is about 40 KB, so a shop replacing 100 pictures a day holds 28 MB extra. A
 * till that comes back later still shows its cached copy (the service worker keeps it); only one
 * that never fetched it shows an empty box until its pull brings the new picture.
 */
export const IMAGE_GRACE_DAYS = 7;

/** Whether a live product (not deleted; archived ones count: they can come back) names the picture. */
const namedByLiveProduct = (eb: ExpressionBuilder<Database, 'productImages'>) =>
  eb.exists(
    eb
      .selectFrom('products')
      .select(sql`1`.as('one'))
      .whereRef('products.image', '=', 'productImages.hash')
      .where('products.deleted', '=', 0),
  );

/**
 * One batch of the picture sweep: the next `limit` pictures by hash from where the last batch
 * stopped. A picture no live product names gets `unreferencedSince = at` the first time it is seen
 * so; one named again loses it; one unnamed since before `cutoff` is deleted. A pass walks every
 * picture (hashes are random, there is no "old end" to stop at) and then starts over at the next run.
 *
 * Never deletes a named picture, even against concurrent writes: every statement below repeats its
 * condition (PostgreSQL's read committed gives each statement a fresh view), an upload stores its
 * thumbnails (clearing the mark: product-image-service.ts) before it names them, and a deleted
 * product that names a picture about to go has its name cleared first, under its row lock, so an
 * upsert bringing it back either waits and comes back without a picture, or came first and keeps
 * the picture alive.
 */
export async function pruneProductImages(
  db: Db,
  at: string,
  cutoff: string,
  limit: number,
): Promise<BatchResult> {
  // Read on the reader: the writer is held only for the few rows that change.
  const from = await readMark(db.reader, IMAGES_MARK);
  const rows = await db.reader
    .selectFrom('productImages')
    .select((eb) => ['hash', 'unreferencedSince', namedByLiveProduct(eb).as('named')])
    .where('hash', '>', from)
    .orderBy('hash')
    .limit(limit)
    .execute();
  if (rows.length === 0 && from === '') return { done: 0, kept: 0, more: false };
  // SQLite answers exists() with 0 or 1, PostgreSQL with a boolean.
  const named = (r: (typeof rows)[number]) => Boolean(Number(r.named));
  const unmark = rows.filter((r) => named(r) && r.unreferencedSince !== null).map((r) => r.hash);
  const mark = rows.filter((r) => !named(r) && r.unreferencedSince === null).map((r) => r.hash);
  const drop = rows
    .filter((r) => !named(r) && r.unreferencedSince !== null && r.unreferencedSince < cutoff)
    .map((r) => r.hash);
  const more = rows.length === limit;
  return db.kysely.transaction().execute(async (trx) => {
    if (!(await tryRetentionLock(trx, db.engine, IMAGES_MARK))) return { done: 0, kept: 0, more: false };
    if (unmark.length > 0)
      await trx
        .updateTable('productImages')
        .set({ unreferencedSince: null })
        .where('hash', 'in', unmark)
        .execute();
    if (mark.length > 0)
      await trx
        .updateTable('productImages')
        .set({ unreferencedSince: at })
        .where('hash', 'in', mark)
        .where('unreferencedSince', 'is', null)
        .where((eb) => eb.not(namedByLiveProduct(eb)))
        .execute();
    let done = 0;
    if (drop.length > 0) {
      // Deleted products let go of the pictures first (locking their rows; see above).
      await trx
        .updateTable('products')
        .set({ image: null })
        .where('deleted', '=', 1)
        .where('image', 'in', drop)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('products as live')
                .select(sql`1`.as('one'))
                .whereRef('live.image', '=', 'products.image')
                .where('live.deleted', '=', 0),
            ),
          ),
        )
        .execute();
      const res = await trx
        .deleteFrom('productImages')
        .where('hash', 'in', drop)
        .where('unreferencedSince', '<', cutoff)
        .where((eb) => eb.not(namedByLiveProduct(eb)))
        .executeTakeFirst();
      done = Number(res.numDeletedRows);
    }
    // A pass ends at the last hash: the next run starts over.
    await writeMark(trx, IMAGES_MARK, more ? (rows.at(-1)?.hash ?? '') : '');
    return { done, kept: rows.length - done, more };
  });
}

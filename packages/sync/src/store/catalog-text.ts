import type { Table } from 'dexie';
import type { KasirDb, PageRow, TextPageRow } from './dexie-schema.ts';

/**
 * The catalog's pages as JSON text beside their objects (dexie-schema.ts, TextPageRow).
 *
 * Invariant: when `textState` names the store's generation, every page of that generation has text
 * equal to its objects. The previous version, after a rollback, writes and drops objects only; it
 * never moves `textState`, so a generation it finished is read as objects until this version makes
 * its text whole again (`mendText`, when the store opens). A full sync this version finishes makes
 * the text of its generation whole (`finishText`), also for pages an earlier run or the previous
 * version wrote before it resumed.
 */

/** The rows of one generation, in page order. */
const ofGeneration = <R>(table: Table<R, [number, number]>, generation: number) =>
  table.where('[generation+pageNo]').between([generation, -Infinity], [generation, Infinity]);

/** Rewrites the text of `generation`'s pages that `keep` does not accept, from their objects. */
async function fill<T>(
  objects: Table<PageRow<T>, [number, number]>,
  text: Table<TextPageRow, [number, number]>,
  generation: number,
  run: string,
  keep: (row: TextPageRow) => boolean,
): Promise<void> {
  const written = await ofGeneration(text, generation).toArray();
  const stale = written.filter((r) => !keep(r));
  await text.bulkDelete(stale.map((r): [number, number] => [r.generation, r.pageNo]));
  const kept = new Set(written.filter(keep).map((r) => r.pageNo));
  // Keys first: a finished run wrote every page's text, and its objects need not be read back.
  const keys = await ofGeneration(objects, generation).primaryKeys();
  const rows = await objects.bulkGet(keys.filter(([, pageNo]) => !kept.has(pageNo)));
  await text.bulkPut(
    rows.flatMap((r) =>
      r === undefined ? [] : [{ generation, pageNo: r.pageNo, json: JSON.stringify(r.items), run }],
    ),
  );
}

/** At the end of full sync `run`: the text of pages it did not write itself is made from objects. */
export async function finishText(db: KasirDb, generation: number, run: string): Promise<void> {
  const keep = (r: TextPageRow): boolean => r.run === run;
  await fill(db.productPages, db.productText, generation, run, keep);
  await fill(db.stockPages, db.stockText, generation, run, keep);
  await db.textState.put({ key: 'generation', value: generation });
}

/**
 * When the store opens: unless the text of the current generation is known whole, all of it is
 * made from the objects (a till upgraded in place, or back from the previous version).
 */
export async function mendText(db: KasirDb, generation: number): Promise<void> {
  if (await textIsWhole(db, generation)) return;
  const none = (): boolean => false;
  await fill(db.productPages, db.productText, generation, 'store-opened', none);
  await fill(db.stockPages, db.stockText, generation, 'store-opened', none);
  await db.textState.put({ key: 'generation', value: generation });
}

/** Whether `generation`'s text is whole (the invariant above). */
export async function textIsWhole(db: KasirDb, generation: number): Promise<boolean> {
  return (await db.textState.get('generation'))?.value === generation;
}

/**
 * A generation's pages in page order: from their text when it is whole, else from their objects.
 * Objects are read, too, for a page without text, which the invariant rules out: defensive.
 */
export async function readPages<T>(
  objects: Table<PageRow<T>, [number, number]>,
  text: Table<TextPageRow, [number, number]>,
  generation: number,
  whole: boolean,
): Promise<(readonly T[])[]> {
  const written = whole ? await ofGeneration(text, generation).toArray() : [];
  // The text is what this store wrote from items the sync engine had already validated.
  const pages = new Map<number, readonly T[]>(written.map((r) => [r.pageNo, JSON.parse(r.json) as T[]]));
  // Keys only: IndexedDB does not rebuild the objects of the pages the text already covers.
  const keys = await ofGeneration(objects, generation).primaryKeys();
  for (const r of await objects.bulkGet(keys.filter(([, pageNo]) => !pages.has(pageNo))))
    if (r !== undefined) pages.set(r.pageNo, r.items);
  return [...pages.entries()].sort(([a], [b]) => a - b).map(([, items]) => items);
}

import type { EngineContext } from '../engine/engine-context.ts';
import { isoNow } from '../engine/engine-context.ts';

/**
 * Folds the per-product overlay back into page records (docs/architecture.md, "Device storage": the overlay stays small so a
 * start reads a few large records, not thousands of rows). It is a local full sync: the merged
 * catalog is written as a new generation, page by page, and swapped in at the same cursor. The
 * checkpoint says "from the empty cursor", so a crash half-way turns into a resumable download
 * from the server rather than a catalog with pages missing. Call it under the engine's mutex.
 */
export async function compactOverlay(ctx: EngineContext, pageSize: number): Promise<number> {
  const meta = await ctx.store.readSyncMeta();
  if (meta.fullSync !== null) return 0;
  const size = await ctx.store.overlaySize();
  const snapshot = await ctx.store.readCatalog();
  const generation = meta.generation + 1;
  const total = snapshot.products.length + snapshot.stock.length;
  const pages = Math.max(1, Math.ceil(Math.max(snapshot.products.length, snapshot.stock.length) / pageSize));
  const checkpoint = { generation, nextPage: 0, cursor: '', done: 0, total, startedAt: isoNow(ctx.clock) };
  await ctx.store.beginFullSync(checkpoint);
  for (let i = 0; i < pages; i++) {
    const products = snapshot.products.slice(i * pageSize, (i + 1) * pageSize);
    const stock = snapshot.stock.slice(i * pageSize, (i + 1) * pageSize);
    await ctx.store.writeFullSyncPage(
      { generation, pageNo: i, changes: { products, stock, sales: [] } },
      { ...checkpoint, nextPage: i + 1 },
    );
  }
  await ctx.store.finishFullSync(generation, meta.cursor);
  ctx.logger.info('overlay compacted into pages', { rows: size, pages });
  return size;
}

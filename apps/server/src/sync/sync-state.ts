import {
  catalogChecksumItem,
  encodeCursor,
  PROTOCOL_VERSION,
  SetChecksum,
  stockChecksumItem,
  type SyncStateResponse,
} from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';
import { headCursor } from '../feed/feed.ts';

/**
 * What a device of `branchId` should hold now (S12): the feed head and a count and checksum of the
 * catalog and of the branch's stock, read in one snapshot so that they agree with the cursor.
 */
export async function syncState(db: Db, branchId: string, now: string): Promise<SyncStateResponse> {
  let tx = db.reader.transaction();
  if (db.engine === 'postgres') tx = tx.setIsolationLevel('repeatable read');
  return tx.execute(async (trx) => {
    const cursor = await headCursor(trx, branchId);
    const catalog = new SetChecksum();
    const products = await trx
      .selectFrom('products')
      .select(['id', 'version'])
      .where('deleted', '=', 0)
      .execute();
    for (const p of products) catalog.add(catalogChecksumItem(p));
    const stock = new SetChecksum();
    const levels = await trx
      .selectFrom('stock')
      .select(['productId', 'onHand'])
      .where('branchId', '=', branchId)
      .execute();
    for (const s of levels) stock.add(stockChecksumItem(s));
    return {
      cursor: encodeCursor(cursor),
      catalog: { count: catalog.count, checksum: catalog.hex },
      stock: { count: stock.count, checksum: stock.hex },
      serverTime: now,
      protocolVersion: PROTOCOL_VERSION,
    };
  });
}

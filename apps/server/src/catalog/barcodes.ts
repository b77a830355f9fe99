import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { chunks } from '../db/chunks.ts';

/**
 * Barcodes are unique in the catalog (issue 17): a scan must find one product, and a till must not
 * be able to make another product answer a popular barcode. The `product_barcodes` table holds the
 * product of each barcode of every live product; its primary key enforces it on both engines, and
 * these functions keep it in step with the products' own lists in the writing transaction.
 */

/** A barcode another product holds, named so that a person can settle it. */
export interface BarcodeClash {
  readonly barcode: string;
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
}

/**
 * Barcodes of `wanted` (product id -> its barcodes) held by another product: in the catalog, or by
 * another entry of `wanted` itself (`named` gives sku and name of entries not stored yet).
 */
export async function barcodeClashes(
  trx: Transaction<Database>,
  wanted: ReadonlyMap<string, readonly string[]>,
  named: ReadonlyMap<string, { sku: string; name: string }> = new Map(),
): Promise<BarcodeClash[]> {
  const clashes: BarcodeClash[] = [];
  const claimedBy = new Map<string, string>();
  for (const [productId, codes] of wanted) {
    for (const b of codes) {
      const other = claimedBy.get(b);
      if (other === undefined) claimedBy.set(b, productId);
      else if (other !== productId)
        clashes.push({ barcode: b, productId: other, sku: '', name: '', ...named.get(other) });
    }
  }
  const codes = [...claimedBy.keys()];
  for (const chunk of chunks(codes)) {
    const held = await trx
      .selectFrom('productBarcodes as pb')
      .innerJoin('products as p', 'p.id', 'pb.productId')
      .select(['pb.barcode', 'p.id', 'p.sku', 'p.name'])
      .where('pb.barcode', 'in', chunk)
      .execute();
    for (const h of held) {
      // Not a clash: the holder itself, or a holder that this same write takes the barcode from.
      const released = wanted.get(h.id)?.includes(h.barcode) === false;
      if (claimedBy.get(h.barcode) !== h.id && !released) {
        clashes.push({ barcode: h.barcode, productId: h.id, sku: h.sku, name: h.name });
      }
    }
  }
  return clashes;
}

/**
 * Makes each product of `wanted` hold exactly its barcodes. Call after `barcodeClashes` found none;
 * a writer racing in another process is stopped by the primary key (a unique violation).
 */
export async function claimBarcodes(
  trx: Transaction<Database>,
  wanted: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  await releaseBarcodes(trx, [...wanted.keys()]);
  const rows = [...wanted].flatMap(([productId, codes]) => codes.map((barcode) => ({ barcode, productId })));
  for (const chunk of chunks(rows)) await trx.insertInto('productBarcodes').values(chunk).execute();
}

/** Frees the barcodes of products (deleted ones, or before they claim their new list). */
export async function releaseBarcodes(
  trx: Transaction<Database>,
  productIds: readonly string[],
): Promise<void> {
  for (const chunk of chunks(productIds)) {
    await trx.deleteFrom('productBarcodes').where('productId', 'in', chunk).execute();
  }
}

/** The error details of a refusal for taken barcodes: each barcode and the product that holds it. */
export function clashDetails(clashes: readonly BarcodeClash[]): { barcodes: BarcodeClash[] } {
  return { barcodes: [...clashes] };
}

/** One line naming the first clash, for the envelope's message. */
export function clashMessage(clashes: readonly BarcodeClash[]): string {
  const c = clashes[0]!;
  const more = clashes.length > 1 ? ` (and ${clashes.length - 1} more)` : '';
  return `barcode ${c.barcode} belongs to product ${c.sku} "${c.name}" (${c.productId})${more}`;
}

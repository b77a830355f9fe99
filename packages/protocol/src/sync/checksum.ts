/**
 * Order-independent checksum of a set of strings (S12): the sum modulo 2^32 of each item's 32-bit
 * FNV-1a hash, as 8 hex digits. Server and device compute it the same way over the same items:
 * catalog items are `${id}:${version}` of every product not deleted; stock items are
 * `${productId}:${onHand}` of every stock row of the branch.
 */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class SetChecksum {
  #sum = 0;
  #count = 0;

  add(item: string): void {
    this.#sum = (this.#sum + fnv1a32(item)) % 0x1_0000_0000;
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }

  get hex(): string {
    return this.#sum.toString(16).padStart(8, '0');
  }
}

export function catalogChecksumItem(p: { id: string; version: number }): string {
  return `${p.id}:${p.version}`;
}

export function stockChecksumItem(s: { productId: string; onHand: number }): string {
  return `${s.productId}:${s.onHand}`;
}

/** Count and checksum of one set, as `GET /api/sync/state` reports them (S12). */
export interface SetSummary {
  readonly count: number;
  readonly checksum: string;
}

/** The S12 summaries of a catalog (its products not deleted) and a branch's stock levels. */
export function stateChecksums(
  products: Iterable<{ readonly id: string; readonly version: number; readonly deleted?: boolean }>,
  stock: Iterable<{ readonly productId: string; readonly onHand: number }>,
): { catalog: SetSummary; stock: SetSummary } {
  const catalog = new SetChecksum();
  for (const p of products) if (p.deleted !== true) catalog.add(catalogChecksumItem(p));
  const levels = new SetChecksum();
  for (const s of stock) levels.add(stockChecksumItem(s));
  return {
    catalog: { count: catalog.count, checksum: catalog.hex },
    stock: { count: levels.count, checksum: levels.hex },
  };
}

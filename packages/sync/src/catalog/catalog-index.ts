import { stateChecksums, type Product, type SetSummary, type StockLevel } from '@kasir/protocol';
import type { CatalogSnapshot } from '../store/records.ts';
import {
  applyLocalEffect,
  buildLocalEffects,
  emptyLocalEffects,
  type MutableLocalEffects,
} from './local-effects.ts';
import type { OutboxEntry } from '../store/records.ts';

/** A product as the cashier sees it: the server's product with this device's unsynced writes on top. */
export interface ProductView extends Product {
  /** On-hand stock shown to the cashier (server's plus local moves not yet reflected). */
  readonly onHand: number;
  /** True while a local edit of this product is not yet confirmed. */
  readonly pendingEdit: boolean;
  /** The branch's minimum for it (low stock at or below it); absent when none is set. */
  readonly minimum?: number;
  /** The server's stock version as this device holds it: the base of counts (S8, stocktake lines). */
  readonly stockVersion: number;
}

/** A page of products for the product grid. */
export interface ProductPage {
  readonly items: readonly ProductView[];
  readonly total: number;
}

/** Counts and checksums of what the store holds from the server (S12), as `/api/sync/state` has them. */
export interface LocalChecksums {
  readonly catalog: SetSummary;
  readonly stock: SetSummary;
}

const byName = new Intl.Collator('id');
/**
 * The first pages up to this many products are selected without sorting the whole catalog
 * (CatalogIndex.#selectFirst): the sell screen's first page at a start.
 */
const SELECTED_WITHOUT_SORT = 200;
/** What search matches a product by. */
const haystackOf = (p: Product): string => `${p.name}\n${p.sku}`.toLowerCase();
/** Between two products' text in `SearchText`: no query holds it (search drops one that does). */
const SEPARATOR = '\u0000';

/**
 * The search text of every product in name order as one string, and where each product's part
 * starts. One `indexOf` over it finds the next match among all products at native speed, where a
 * loop testing each product's own string scanned all 20,000 for a query matching few of them
 * (docs/architecture.md, "Search as one string").
 */
interface SearchText {
  /** The name order it was built from: stale once that array is replaced. */
  readonly sorted: readonly Product[];
  readonly text: string;
  /** `starts[i]`: where product `sorted[i]` starts; `starts[n]` is past the end. */
  readonly starts: Int32Array;
}
/** The catalog's order: by name as the collator sorts it, ties by id. */
const byNameThenId = (a: Product, b: Product): number =>
  byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1);

/**
 * The in-memory read side of the catalog: substring search over name and SKU, exact barcode lookup,
 * pages by category. 20k products: 0.2 ms p50 per keystroke in Chromium (docs/architecture.md, "Device storage"), so no database index is
 * needed and the store keeps page records instead of one row per product.
 */
export class CatalogIndex {
  readonly #products = new Map<string, Product>();
  readonly #stock = new Map<string, StockLevel>();
  readonly #barcodes = new Map<string, string>();
  /**
   * Built at the first search or `prepare()`, not at load: 20,000 products' text is some 10 ms of
   * a till's start, before anyone has typed.
   */
  #searchText: SearchText | null = null;
  // Owned by this index alone (built here, never handed out), so `addLocalEffect` may change it in
  // place; every view reads it when it is made, so a view made after an add shows that add.
  #effects: MutableLocalEffects = emptyLocalEffects();
  /** The highest seq in `#effects` (-Infinity: none); an add must be above it to keep seq order. */
  #effectsSeq = -Infinity;
  // Derived from the products alone, rebuilt only when products change: sorting 20k names with a
  // collator costs tens of ms on the main thread, where it delays the IndexedDB callbacks of a sale.
  #sorted: Product[] | null = null;
  /** The last name order computed: a starting point for the next sort, stale records included. */
  #lastSorted: Product[] | null = null;
  /** Active products in name order per category (key `undefined`: all categories). */
  readonly #listed = new Map<string | null | undefined, Product[]>();
  #categories: string[] | null = null;

  /** Replaces everything with a snapshot read from the store. */
  load(snapshot: CatalogSnapshot): void {
    this.#products.clear();
    this.#stock.clear();
    this.#barcodes.clear();
    this.#productsChanged();
    this.applyProducts(snapshot.products);
    this.applyStock(snapshot.stock);
  }

  applyProducts(products: readonly Product[]): void {
    for (const p of products) {
      const old = this.#products.get(p.id);
      if (old) for (const b of old.barcodes) if (this.#barcodes.get(b) === p.id) this.#barcodes.delete(b);
      if (p.deleted) {
        this.#products.delete(p.id);
        continue;
      }
      this.#products.set(p.id, p);
      for (const b of p.barcodes) this.#barcodes.set(b, p.id);
    }
    // A pull with no product changes (stock only, e.g. after every sale) keeps the derived lists.
    if (products.length > 0) this.#productsChanged();
  }

  #productsChanged(): void {
    this.#sorted = null;
    this.#listed.clear();
    this.#categories = null;
  }

  applyStock(levels: readonly StockLevel[]): void {
    for (const s of levels) this.#stock.set(s.productId, s);
  }

  /** Sets the unsynced local writes shown on top of the server's state, replacing all before. */
  setLocalEffects(entries: readonly OutboxEntry[]): void {
    this.#effects = buildLocalEffects(entries);
    this.#effectsSeq = entries.reduce((max, e) => Math.max(max, e.seq), -Infinity);
  }

  /**
   * Adds one more local write on top of those set, in time of the entry's size: the same as
   * `setLocalEffects` with it added, provided its seq is above every seq there (effects replay in
   * seq order). Returns false and changes nothing when it is not; the caller then sets them all.
   */
  addLocalEffect(entry: OutboxEntry): boolean {
    if (entry.seq <= this.#effectsSeq) return false;
    applyLocalEffect(this.#effects, entry);
    this.#effectsSeq = entry.seq;
    return true;
  }

  get size(): number {
    return this.#products.size;
  }

  get(id: string): ProductView | undefined {
    const p = this.#products.get(id);
    return p && this.#view(p);
  }

  /** The server's stock level of a product (the base of a stock count, S8). */
  stockLevel(productId: string): StockLevel | undefined {
    return this.#stock.get(productId);
  }

  byBarcode(barcode: string): ProductView | undefined {
    const id = this.#barcodes.get(barcode.trim());
    return id === undefined ? undefined : this.get(id);
  }

  /** Exact barcode first, then name/SKU substring matches in name order. */
  search(query: string, limit = 50): ProductView[] {
    const q = query.trim().toLowerCase();
    if (q === '') return this.page({ pageSize: limit }).items.slice();
    const out: ProductView[] = [];
    const exact = this.#barcodes.get(query.trim());
    const exactProduct = exact === undefined ? undefined : this.#products.get(exact);
    if (exactProduct) out.push(this.#view(exactProduct));
    if (q.includes(SEPARATOR)) return out;
    const { sorted, text, starts } = this.#text();
    let from = 0;
    let i = 0;
    while (out.length < limit) {
      const at = text.indexOf(q, from);
      if (at < 0) break;
      // Matches come in text order: the product holding `at` is at or after the last one.
      while (starts[i + 1]! <= at) i++;
      const p = sorted[i]!;
      if (p.id !== exact) out.push(this.#view(p));
      // The rest of this product's text would only find it again.
      from = starts[i + 1]!;
      i++;
    }
    return out;
  }

  /** Page `page` (from 0) of active products in name order, optionally of one category. */
  page(query: { category?: string | null; page?: number; pageSize?: number } = {}): ProductPage {
    const size = query.pageSize ?? 50;
    const from = (query.page ?? 0) * size;
    const listed = (p: Product): boolean =>
      p.active && (query.category === undefined || p.category === query.category);
    let all = this.#listed.get(query.category);
    if (all === undefined && this.#sorted === null && from + size <= SELECTED_WITHOUT_SORT)
      return this.#selectFirst(from + size, listed, from);
    if (all === undefined) {
      all = this.#sortedProducts().filter(listed);
      this.#listed.set(query.category, all);
    }
    return { items: all.slice(from, from + size).map((p) => this.#view(p)), total: all.length };
  }

  /**
   * Sorts the catalog and builds its search text now if a change left them undone: for an idle
   * moment after the first page showed, so that the next page or the first search does not wait.
   */
  prepare(): void {
    this.#text();
  }

  /** The search text of the current name order, built again after products changed. */
  #text(): SearchText {
    const sorted = this.#sortedProducts();
    if (this.#searchText?.sorted !== sorted) {
      const parts = sorted.map(haystackOf);
      const starts = new Int32Array(sorted.length + 1);
      for (let i = 0; i < parts.length; i++) starts[i + 1] = starts[i]! + parts[i]!.length + SEPARATOR.length;
      this.#searchText = { sorted, text: parts.join(SEPARATOR), starts };
    }
    return this.#searchText;
  }

  /**
   * Before a sort (a start, or products just changed), the first `k` listed products by selection:
   * one pass with about one collator comparison per product, where a sort makes n log n. The same
   * products in the same order as the sorted list's first `k`: the comparison is a total order.
   */
  #selectFirst(k: number, listed: (p: Product) => boolean, from: number): ProductPage {
    // Ascending, at most k long.
    const best: Product[] = [];
    let total = 0;
    for (const p of this.#products.values()) {
      if (!listed(p)) continue;
      total++;
      const last = best[k - 1];
      if (last !== undefined && byNameThenId(p, last) > 0) continue;
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (byNameThenId(best[mid]!, p) < 0) lo = mid + 1;
        else hi = mid;
      }
      best.splice(lo, 0, p);
      if (best.length > k) best.pop();
    }
    return { items: best.slice(from).map((p) => this.#view(p)), total };
  }

  categories(): string[] {
    if (this.#categories === null) {
      const set = new Set<string>();
      for (const p of this.#products.values()) if (p.category !== null) set.add(p.category);
      this.#categories = [...set].sort((a, b) => a.localeCompare(b));
    }
    return [...this.#categories];
  }

  /** Over the server's state only, as the server computes it (protocol sync/checksum.ts). */
  checksums(): LocalChecksums {
    return stateChecksums(this.#products.values(), this.#stock.values());
  }

  #sortedProducts(): Product[] {
    if (this.#sorted === null) {
      const sorted = this.#roughOrder().sort(byNameThenId);
      this.#sorted = sorted;
      this.#lastSorted = sorted;
    }
    return this.#sorted;
  }

  /**
   * The products in an order close to the collator's, for the sort to finish. V8 sorts with TimSort,
   * which takes a nearly sorted array in about one comparison per element. 20,000 products sorted
   * by the collator in Node on the benchmark machine: 64-73 ms from scratch, 27-47 ms with the rough
   * order below (its own cost included), 6-9 ms from the last order. B6 profiled the first sort at
   * 55 ms of a till's start.
   */
  #roughOrder(): Product[] {
    const last = this.#lastSorted;
    if (last !== null) {
      // The last order with current records, then products it did not have (added since).
      const out: Product[] = [];
      const taken = new Set<string>();
      for (const old of last) {
        const p = this.#products.get(old.id);
        if (p !== undefined) {
          out.push(p);
          taken.add(p.id);
        }
      }
      for (const p of this.#products.values()) if (!taken.has(p.id)) out.push(p);
      return out;
    }
    // Without one (the start): code-unit order of the lower-cased names, which differs from the
    // collator's only around accents and punctuation, and compares far faster.
    const keyed = [...this.#products.values()].map((p) => ({ key: p.name.toLowerCase(), p }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.p);
  }

  #view(p: Product): ProductView {
    const edit = this.#effects.edits.get(p.id);
    const level = this.#stock.get(p.id);
    const server = level?.onHand ?? 0;
    const local = this.#effects.stock.get(p.id);
    const onHand = local === undefined ? server : (local.set ?? server) + local.delta;
    const view = {
      ...p,
      ...edit,
      onHand,
      pendingEdit: edit !== undefined,
      stockVersion: level?.version ?? 0,
    };
    return level?.minimum === undefined ? view : { ...view, minimum: level.minimum };
  }
}

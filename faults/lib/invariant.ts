import type { Product, SaleSummary } from '@kasir/protocol';
import type { LocalSale, SyncClient } from '@kasir/sync';
import { pullAll } from '@kasir/test-kit';
import { expect } from 'vitest';

/** What the server holds for one branch, read through the device feed (the same API devices use). */
export interface ServerTruth {
  readonly sales: ReadonlyMap<string, SaleSummary>;
  /** On-hand quantity per product id. */
  readonly stock: ReadonlyMap<string, number>;
  readonly products: ReadonlyMap<string, Product>;
}

/** Pulls the whole feed from the empty cursor (a full snapshot, S4) with a device token of the branch. */
export async function readServerTruth(serverUrl: string, deviceToken: string): Promise<ServerTruth> {
  const sales = new Map<string, SaleSummary>();
  const stock = new Map<string, number>();
  const products = new Map<string, Product>();
  for (const c of await pullAll(serverUrl, deviceToken)) {
    if (c.kind === 'sale') sales.set(c.data.id, c.data);
    else if (c.kind === 'product') products.set(c.data.id, c.data);
    else if (c.kind === 'stock') stock.set(c.data.productId, c.data.onHand);
  }
  return { sales, stock, products };
}

/** The invariant of issue 6, for one branch. All lists empty means it holds. */
export interface ExactlyOnceReport {
  /** Sales the devices committed. */
  readonly made: number;
  /** Recorded on a device, missing on the server. */
  readonly lost: readonly string[];
  /** On the server but made by no device of this run (a duplicate under another id, or a leak). */
  readonly unexpected: readonly string[];
  /** Products whose server stock differs from what exactly-once application of the sales gives. */
  readonly stockMismatches: readonly { productId: string; expected: number; actual: number }[];
}

/**
 * Every sale a device recorded is on the server exactly once, with the right stock effect.
 * A sale id cannot be stored twice (primary key), so "twice" shows as a stock effect applied twice:
 * expected on-hand = starting stock + other known movements - the quantities of the recorded sales.
 */
export function checkExactlyOnce(opts: {
  readonly truth: ServerTruth;
  readonly recorded: readonly LocalSale[];
  /** Stock per product before the run, plus any movements other than sales made during it. */
  readonly baseStock: ReadonlyMap<string, number>;
}): ExactlyOnceReport {
  const made = new Set(opts.recorded.map((s) => s.id));
  const lost = [...made].filter((id) => !opts.truth.sales.has(id));
  const unexpected = [...opts.truth.sales.keys()].filter((id) => !made.has(id));
  const expected = new Map(opts.baseStock);
  for (const sale of opts.recorded)
    for (const line of sale.input.lines)
      expected.set(line.productId, (expected.get(line.productId) ?? 0) - line.quantity);
  const stockMismatches = [...expected]
    .map(([productId, qty]) => ({ productId, expected: qty, actual: opts.truth.stock.get(productId) ?? 0 }))
    .filter((m) => m.expected !== m.actual);
  return { made: made.size, lost, unexpected, stockMismatches };
}

/** Asserts the invariant: every recorded sale on the server once, nothing else there, stock right. */
export function expectExactlyOnce(
  opts: Parameters<typeof checkExactlyOnce>[0] & { readonly where?: string },
): ExactlyOnceReport {
  const report = checkExactlyOnce(opts);
  expect(report, opts.where).toEqual({
    made: new Set(opts.recorded.map((s) => s.id)).size,
    lost: [],
    unexpected: [],
    stockMismatches: [],
  });
  return report;
}

/**
 * Changes the server has that the device does not show (after everything drained): products
 * whose version or price differ, and stock levels that differ. 0 means the device converged.
 */
export function countSkippedChanges(truth: ServerTruth, client: SyncClient): number {
  let skipped = 0;
  for (const [id, p] of truth.products) {
    const mine = client.catalog.get(id);
    if (p.deleted) {
      if (mine !== undefined) skipped++;
    } else if (mine === undefined || mine.version !== p.version || mine.price !== p.price) skipped++;
  }
  for (const [id, qty] of truth.stock) if (client.catalog.stockLevel(id)?.onHand !== qty) skipped++;
  return skipped;
}

/** Sales of other branches a device holds in its branch-sales list: must be 0 (authorization). */
export async function countLeakedSales(
  client: SyncClient,
  foreignSaleIds: ReadonlySet<string>,
): Promise<number> {
  const seen = await client.listBranchSales(1_000_000);
  return seen.filter((s) => foreignSaleIds.has(s.id)).length;
}

/** All of a device's local sales (the store is the device's truth; S1). */
export async function localSales(client: SyncClient): Promise<LocalSale[]> {
  return client.listSales(1_000_000);
}

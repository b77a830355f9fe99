import {
  expectedCash,
  type CashMoveInput,
  type CustomerInput,
  type Product,
  type RefundInput,
  type SaleSummary,
  type ShiftCloseInput,
  type ShiftOpenInput,
  type ShiftReport,
} from '@kasir/protocol';
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

/** The drawer, refunds and customers the devices of one branch made (issue 13), from their outboxes. */
export interface MoneyMade {
  readonly refunds: RefundInput[];
  readonly cashMoves: (CashMoveInput & { readonly id: string })[];
  readonly shiftOpens: ShiftOpenInput[];
  readonly shiftCloses: ShiftCloseInput[];
  readonly customers: CustomerInput[];
  /** The cash each sale made in a shift left in its drawer (cash paid minus change). */
  readonly cashSales: { readonly shiftId: string; readonly cash: number }[];
}

/** What the server holds of them for the branch, and its shift reports (`GET /api/admin/shifts`). */
export interface MoneyServer {
  readonly refundIds: readonly string[];
  readonly cashMoveIds: readonly string[];
  readonly shifts: readonly { readonly id: string; readonly closed: boolean }[];
  readonly reports: readonly ShiftReport[];
  /** The phone of the customer each created id resolves to. */
  readonly customerPhones: ReadonlyMap<string, string>;
}

/** The money invariant of issue 13, for one branch. All lists empty means it holds. */
export interface MoneyReport {
  /** Refunds, cash moves, shifts and customers made on a device and missing on the server. */
  readonly lost: readonly string[];
  /** On the server but made by no device of the branch, or there more than once. */
  readonly unexpected: readonly string[];
  /** Closes made whose shift is not closed on the server. */
  readonly unclosed: readonly string[];
  /** Shifts whose expected cash is not the sum of the drawer's movements as the devices made them. */
  readonly drawerMismatches: readonly { shiftId: string; expected: number; reported: number }[];
}

const twiceOrMore = (ids: readonly string[]): string[] => [
  ...new Set(ids.filter((id, i) => ids.indexOf(id) !== i)),
];

/**
 * Every refund, cash move and shift recorded exactly once; every customer id resolves to a customer
 * of its phone; and each drawer's expected cash equals the sum of its movements: float + cash sales
 * - cash refunds + cash in - cash out, from what the devices recorded, against the back office's
 * report (which sums the server's ledgers).
 */
export function checkMoneyOnce(made: MoneyMade, server: MoneyServer): MoneyReport {
  const lost: string[] = [];
  const unexpected: string[] = [];
  const compare = (kind: string, mine: readonly string[], theirs: readonly string[]): void => {
    const have = new Set(theirs);
    const want = new Set(mine);
    for (const id of want) if (!have.has(id)) lost.push(`${kind} ${id}`);
    for (const id of have) if (!want.has(id)) unexpected.push(`${kind} ${id}`);
    for (const id of twiceOrMore(theirs)) unexpected.push(`${kind} ${id} twice`);
  };
  compare(
    'refund',
    made.refunds.map((r) => r.id),
    server.refundIds,
  );
  compare(
    'cash move',
    made.cashMoves.map((m) => m.id),
    server.cashMoveIds,
  );
  compare(
    'shift',
    made.shiftOpens.map((s) => s.shiftId),
    server.shifts.map((s) => s.id),
  );
  compare(
    'shift report',
    made.shiftOpens.map((s) => s.shiftId),
    server.reports.map((r) => r.shiftId),
  );
  for (const c of made.customers)
    if (server.customerPhones.get(c.id) !== c.phone) lost.push(`customer ${c.id}`);
  const closed = new Set(server.shifts.filter((s) => s.closed).map((s) => s.id));
  const unclosed = made.shiftCloses.map((c) => c.shiftId).filter((id) => !closed.has(id));
  const drawerMismatches: { shiftId: string; expected: number; reported: number }[] = [];
  for (const open of made.shiftOpens) {
    const id = open.shiftId;
    const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);
    const movements = {
      float: open.float,
      cashSales: sum(made.cashSales.filter((s) => s.shiftId === id).map((s) => s.cash)),
      cashRefunds: sum(
        made.refunds
          .filter((r) => r.shiftId === id && r.method === 'cash')
          .map((r) => sum(r.lines.map((l) => l.amount))),
      ),
      cashIn: sum(made.cashMoves.filter((m) => m.shiftId === id && m.kind === 'in').map((m) => m.amount)),
      cashOut: sum(made.cashMoves.filter((m) => m.shiftId === id && m.kind === 'out').map((m) => m.amount)),
    };
    const expected = expectedCash(movements);
    const report = server.reports.find((r) => r.shiftId === id);
    const reported = report?.expected ?? Number.NaN;
    const own = report === undefined ? Number.NaN : expectedCash(report);
    if (reported !== expected || own !== expected) drawerMismatches.push({ shiftId: id, expected, reported });
  }
  return { lost, unexpected, unclosed, drawerMismatches };
}

/** Asserts the money invariant for one branch. */
export function expectMoneyOnce(made: MoneyMade, server: MoneyServer, where?: string): MoneyReport {
  const report = checkMoneyOnce(made, server);
  expect(report, where).toEqual({ lost: [], unexpected: [], unclosed: [], drawerMismatches: [] });
  return report;
}

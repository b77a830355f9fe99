/**
 * Stock operations in the seeded random history (issue 12): deliveries received on tills, transfers
 * sent from a till of branch A and received (partly, and sometimes twice) on a till of branch B, and
 * count lines of a stocktake open in A while its tills sell, closed by the back office at the end.
 * What they must leave true: every operation moved stock once (ledger rows per operation), the
 * expected on-hand of each branch includes them, and in-transit quantities add up between the two
 * branches (sent = received + lost + still in transit).
 */
import { newId, type Mutation, type Transfer } from '@kasir/protocol';
import { bump, type Device } from './history-kit.ts';

type LedgerRow = { productId: string; delta: number; reason: string; refId: string | null };
type Of<T extends Mutation['type']> = Extract<Mutation, { type: T }>;

/** The test's record of what it asked for, beside what the devices' outboxes say. */
export interface StockOpsRun {
  /** Transfers sent by A's tills, by transfer id: the send mutation and the device that sent it. */
  readonly sends: Map<string, { readonly device: Device; readonly mutation: Of<'transfer.send'> }>;
  /** Transfers a till of B recorded a receipt for (the first one is applied, a later one is not). */
  readonly received: Set<string>;
  readonly stocktakeId: string;
}

export function newStockOpsRun(): StockOpsRun {
  return { sends: new Map(), received: new Set(), stocktakeId: newId() };
}

/** A back-office request with the admin token. */
export async function adminRequest(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

/** Whether the server answered a mutation (accepted or duplicate), as the device's outbox recorded it. */
export function acceptedOn(d: Device, id: string): boolean {
  const s = d.outcomes.get(id);
  return s?.kind === 'synced' && s.outcome !== 'conflict';
}

export interface StockOpsTally {
  readonly receipts: number;
  readonly transfersSent: number;
  readonly transfersReceived: number;
  readonly countLines: number;
}

/**
 * Adds what the stock operations did to each branch's expected stock, and returns findings where a
 * ledger breaks exactly-once or the in-transit sums. `transfers` is the back office's list (A's).
 */
export function accountStockOps(opts: {
  readonly run: StockOpsRun;
  readonly a: { readonly base: Map<string, number>; readonly devices: readonly Device[] };
  readonly b: { readonly base: Map<string, number>; readonly devices: readonly Device[] };
  readonly ledgerA: readonly LedgerRow[];
  readonly ledgerB: readonly LedgerRow[];
  readonly transfers: readonly Transfer[];
}): { findings: string[]; tally: StockOpsTally; knownRefs: Set<string> } {
  const findings: string[] = [];
  const knownRefs = new Set<string>();
  const byRef = (ledger: readonly LedgerRow[]) => {
    const m = new Map<string, LedgerRow[]>();
    for (const r of ledger) if (r.refId !== null) m.set(r.refId, [...(m.get(r.refId) ?? []), r]);
    return m;
  };
  const refsA = byRef(opts.ledgerA);
  const refsB = byRef(opts.ledgerB);
  let receipts = 0;
  let countLines = 0;
  // Deliveries: one `receive` row per line, in the till's branch, and the quantities in its base.
  for (const [br, refs] of [
    [opts.a, refsA],
    [opts.b, refsB],
  ] as const) {
    for (const d of br.devices) {
      for (const m of d.mutations) {
        if (m.type === 'stocktake.count' && acceptedOn(d, m.id)) countLines++;
        if (m.type !== 'stock.receive') continue;
        knownRefs.add(m.id);
        const rows = (refs.get(m.id) ?? []).filter((r) => r.reason === 'receive');
        if (!acceptedOn(d, m.id)) {
          if (rows.length > 0) findings.push(`stock.receive ${m.id} not accepted but moved stock`);
          continue;
        }
        receipts++;
        if (rows.length !== m.payload.lines.length)
          findings.push(
            `stock.receive ${m.id}: ${rows.length} ledger rows for ${m.payload.lines.length} lines`,
          );
        for (const l of m.payload.lines) bump(br.base, l.productId, l.quantity);
      }
    }
  }
  // Transfers: A's rows are the sends, B's the receipts; the list says what arrived and what is lost.
  const listed = new Map(opts.transfers.map((t) => [t.id, t]));
  let sentTotal = 0;
  let receivedTotal = 0;
  let lostTotal = 0;
  let inTransitTotal = 0;
  let transfersReceived = 0;
  for (const [id, { device, mutation }] of opts.run.sends) {
    knownRefs.add(id);
    const t = listed.get(id);
    const rowsA = (refsA.get(id) ?? []).filter((r) => r.reason === 'transfer');
    const rowsB = (refsB.get(id) ?? []).filter((r) => r.reason === 'transfer');
    if (!acceptedOn(device, mutation.id)) {
      if (t !== undefined || rowsA.length > 0)
        findings.push(`transfer ${id} applied without an accepted send`);
      continue;
    }
    if (t === undefined) {
      findings.push(`transfer ${id} accepted but not listed`);
      continue;
    }
    if (rowsA.length !== mutation.payload.lines.length)
      findings.push(`transfer ${id}: ${rowsA.length} rows in A for ${mutation.payload.lines.length} lines`);
    for (const l of mutation.payload.lines) bump(opts.a.base, l.productId, -l.quantity);
    sentTotal += mutation.payload.lines.reduce((s, l) => s + l.quantity, 0);
    if (t.status === 'received') {
      transfersReceived++;
      const arrived = t.lines.filter((l) => (l.received ?? 0) !== 0);
      if (rowsB.length !== arrived.length)
        findings.push(`transfer ${id}: ${rowsB.length} rows in B for ${arrived.length} lines received`);
      for (const l of t.lines) {
        const got = l.received ?? 0;
        bump(opts.b.base, l.productId, got);
        receivedTotal += got;
        lostTotal += l.sent - got;
      }
    } else if (t.status === 'in_transit') {
      if (opts.run.received.has(id)) findings.push(`transfer ${id}: a till received it, still in transit`);
      if (rowsB.length > 0) findings.push(`transfer ${id}: in transit but moved stock in B`);
      inTransitTotal += t.lines.reduce((s, l) => s + l.sent, 0);
    } else findings.push(`transfer ${id}: ${t.status}, but the history cancels none`);
  }
  const sumOf = (ledger: readonly LedgerRow[]) =>
    ledger.filter((r) => r.reason === 'transfer').reduce((s, r) => s + r.delta, 0);
  if (-sumOf(opts.ledgerA) !== sentTotal)
    findings.push(`A's transfer rows ${sumOf(opts.ledgerA)} for ${sentTotal} sent`);
  if (sumOf(opts.ledgerB) !== receivedTotal)
    findings.push(`B's transfer rows ${sumOf(opts.ledgerB)} for ${receivedTotal} received`);
  if (sentTotal !== receivedTotal + lostTotal + inTransitTotal)
    findings.push(
      `in transit does not add up: ${sentTotal} sent, ${receivedTotal} + ${lostTotal} + ${inTransitTotal}`,
    );
  // The stocktake's close: at most one `count` row per product, and its deltas are A's stock.
  knownRefs.add(opts.run.stocktakeId);
  const counted = new Set<string>();
  for (const r of refsA.get(opts.run.stocktakeId) ?? []) {
    if (r.reason !== 'count') findings.push(`stocktake row of reason ${r.reason}`);
    if (counted.has(r.productId)) findings.push(`stocktake moved ${r.productId} twice`);
    counted.add(r.productId);
    bump(opts.a.base, r.productId, r.delta);
  }
  return {
    findings,
    knownRefs,
    tally: { receipts, transfersSent: opts.run.sends.size, transfersReceived, countLines },
  };
}

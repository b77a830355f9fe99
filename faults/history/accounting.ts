/**
 * Expected stock for the exactly-once check when devices also adjust and count stock, and a
 * ledger-level check that no sale, adjustment or count moved stock more than once.
 */
import type { LocalSale } from '@kasir/sync';
import { bump, type Device } from './history-kit.ts';

type LedgerRow = { productId: string; delta: number; reason: string; refId: string | null };

/** What the server did with the devices' stock mutations, from the devices' own outboxes. */
export interface StockMutationTally {
  readonly adjustsAccepted: number;
  readonly countsAccepted: number;
  readonly countConflicts: number;
  /** Mutations with no final answer or a refusal: must be 0 once drained. */
  readonly unanswered: number;
}

/**
 * Adds the device adjustments and counts the server accepted to `base` (starting stock plus the
 * admin movements the test made). An adjustment's delta is its payload. A count's delta depends on
 * the server's stock at the moment it was applied (counted - onHand, S8), which only the server
 * knows: it is read from the ledger row the count wrote (none when the delta was 0).
 */
export function addAcceptedStockMutations(
  base: Map<string, number>,
  devices: readonly Device[],
  ledger: readonly LedgerRow[],
): StockMutationTally {
  const countDelta = new Map<string, number>();
  for (const r of ledger) if (r.reason === 'count' && r.refId !== null) bump(countDelta, r.refId, r.delta);
  let adjustsAccepted = 0;
  let countsAccepted = 0;
  let countConflicts = 0;
  let unanswered = 0;
  for (const d of devices) {
    for (const m of d.mutations) {
      if (m.type !== 'stock.adjust' && m.type !== 'stock.count') continue;
      const state = d.outcomes.get(m.id);
      if (state?.kind !== 'synced') {
        unanswered++;
        continue;
      }
      if (state.outcome === 'conflict') {
        countConflicts++;
        continue;
      }
      if (m.type === 'stock.adjust') {
        adjustsAccepted++;
        bump(base, m.payload.productId, m.payload.delta);
      } else {
        countsAccepted++;
        bump(base, m.payload.productId, countDelta.get(m.id) ?? 0);
      }
    }
  }
  return { adjustsAccepted, countsAccepted, countConflicts, unanswered };
}

/**
 * Ledger rows that break exactly-once: a sale whose lines moved stock other than once each, a
 * device mutation that moved stock more than once or despite a conflict, or a movement that no
 * one of this run caused. Returns human-readable findings; empty means it holds.
 */
export function ledgerAnomalies(opts: {
  readonly ledger: readonly LedgerRow[];
  readonly sales: readonly LocalSale[];
  readonly devices: readonly Device[];
  /** Admin receipts the test made (their refs are ids the server made). */
  readonly adminMovements: number;
  /** Refs of other operations checked elsewhere (stock-operations.ts: receipts, transfers, stocktakes). */
  readonly knownRefs?: ReadonlySet<string>;
}): string[] {
  const out: string[] = [];
  const rowsByRef = new Map<string, LedgerRow[]>();
  for (const r of opts.ledger) {
    const ref = r.refId ?? '(none)';
    rowsByRef.set(ref, [...(rowsByRef.get(ref) ?? []), r]);
  }
  const known = new Set<string>(opts.knownRefs);
  for (const s of opts.sales) {
    known.add(s.id);
    const rows = (rowsByRef.get(s.id) ?? []).filter((r) => r.reason === 'sale');
    if (rows.length !== s.input.lines.length)
      out.push(`sale ${s.id}: ${rows.length} ledger rows for ${s.input.lines.length} lines`);
  }
  for (const d of opts.devices) {
    for (const m of d.mutations) {
      if (m.type !== 'stock.adjust' && m.type !== 'stock.count') continue;
      known.add(m.id);
      const rows = rowsByRef.get(m.id) ?? [];
      const state = d.outcomes.get(m.id);
      const conflict = state?.kind === 'synced' && state.outcome === 'conflict';
      if (
        rows.length > 1 ||
        (conflict && rows.length > 0) ||
        (m.type === 'stock.adjust' && rows.length !== 1)
      )
        out.push(`${m.type} ${m.id} (${state?.kind ?? 'no outcome'}): ${rows.length} ledger rows`);
    }
  }
  // A refund puts back each line not marked damaged, once (issue 13).
  for (const d of opts.devices) {
    for (const m of d.mutations) {
      if (m.type !== 'refund.create') continue;
      known.add(m.id);
      const rows = (rowsByRef.get(m.id) ?? []).filter((r) => r.reason === 'refund');
      const restocked = m.payload.lines.filter((l) => !l.damaged).length;
      if (rows.length !== restocked)
        out.push(`refund ${m.id}: ${rows.length} ledger rows for ${restocked} lines`);
    }
  }
  // The admin API gives each receipt a server-made ref: the rest are the test's admin calls.
  let admin = 0;
  for (const [ref, rows] of rowsByRef) {
    if (known.has(ref)) continue;
    if (rows.length === 1 && rows[0]!.reason === 'receive') admin++;
    else out.push(`ledger rows for unknown ref ${ref}: ${rows.map((r) => r.reason).join(', ')}`);
  }
  if (admin !== opts.adminMovements)
    out.push(`${admin} admin receipts in the ledger, ${opts.adminMovements} made by the test`);
  return out;
}

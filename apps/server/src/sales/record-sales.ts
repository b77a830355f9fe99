import {
  assembleSale,
  computeSaleTotals,
  EXCESSIVE_PAYMENT_ALLOWANCE,
  EXCESSIVE_PAYMENT_MULTIPLE,
  isTaxClassRate,
  SUSPICIOUS_TIME_AHEAD_MS,
  SUSPICIOUS_TIME_BEHIND_MS,
  parseInvoiceNumber,
  summarizeSale,
  type Sale,
  type SaleFlag,
  type SaleInput,
  type SaleSummary,
  type StockLevel,
} from '@kasir/protocol';
import { sql, type Compilable, type Transaction } from 'kysely';
import { fromBp, toBp } from '../catalog/product-row.ts';
import type { Database } from '../db/schema.ts';
import { branchScope, changeWrites, lockScope, recordChanges, type Positioned } from '../feed/feed.ts';
import type { LockAnswer } from '../db/group-commit.ts';
import { IDEMPOTENCY_MISMATCH, outcomeInserts, replayOrMismatch } from '../feed/idempotency.ts';
import type { BulkHandler, BulkJob, Handled } from '../feed/mutation-handler.ts';
import { rejected, type Rejected } from '../feed/outcome.ts';
import { applyMovements } from '../stock/stock-ledger.ts';
import { businessTime, soldAt } from '../calendar/business-time.ts';
import { salesSummaryUpserts } from '../reports/sales-summary.ts';
import { executeTogether } from '../db/execute-together.ts';
import { chunks } from '../db/chunks.ts';
import { readSaleFacts, type ProductFacts } from './sale-facts.ts';

/** Feed entries of sales: stock levels and summaries, for realtime pokes after commit. */
export type SaleChanges = Positioned<
  | { kind: 'stock'; entityId: string; data: StockLevel }
  | { kind: 'sale'; entityId: string; data: SaleSummary }
>[];

/** One completed sale to record, with the idempotency key of its mutation (S3). */
export type SaleJob = BulkJob<SaleInput>;

/**
 * `sale.create` (registered in sync/mutation-registry.ts): sales go in bulk, every sale queued
 * for a branch's group commit recorded together.
 */
export const saleCreate: BulkHandler<SaleInput, Sale> = {
  kind: 'bulk',
  // A sale's id is its mutation id, so a sale is the same mutation on every route (S3).
  check: (mutationId, sale) =>
    sale.id === mutationId
      ? undefined
      : rejected('mutation_id_mismatch', 'a sale.create mutation id must equal the sale id'),
  applyAll: (trx, jobs, lock) => recordSales(trx, jobs, lock),
};

/**
 * Records completed sales of one branch in the caller's transaction: one sale or a group-commit
 * batch of many, with a fixed number of statements per batch rather than per sale.
 *
 * S3: each sale id applies at most once; its outcome is stored with its effects; a replay gets the
 * stored outcome, the same id with another payload (or device) is a mismatch. Within one batch a
 * repeated id is answered like a replay of its first occurrence.
 * S7: a sale is never refused for stock, price or catalog state: those are flagged. It is refused
 * (rejected, nothing written, nothing stored) only when it cannot be a sale: a product id the server
 * never had, or arithmetic that does not add up (sale-totals.ts). Stock moves by negative deltas.
 */
export async function recordSales(
  trx: Transaction<Database>,
  jobs: readonly SaleJob[],
  lock?: () => Promise<LockAnswer>,
): Promise<Handled<Sale>[]> {
  const branchId = jobs[0]?.who.branchId;
  if (branchId === undefined) return [];
  if (jobs.some((j) => j.who.branchId !== branchId)) throw new Error('recordSales: one branch per batch');
  const now = jobs[jobs.length - 1]!.now;

  // Read before the branch lock (taken before the first write). A batch of the same branch that
  // another process commits meanwhile is still caught where it matters: the same sale id fails on
  // the mutation row's key and is retried (S3), stock is read back from the upsert under its row
  // lock (S7). Only its receipt numbers can be missed by `duplicate_invoice_number`, a flag; with
  // branch affinity two processes write one branch only during a failover (docs/scaling.md).
  const facts = await readSaleFacts(trx, branchId, {
    mutationIds: jobs.map((j) => j.mutationId),
    productIds: jobs.flatMap((j) => j.payload.lines.map((l) => l.productId)),
    invoiceNumbers: jobs.map((j) => j.payload.invoiceNumber),
    staffIds: jobs.flatMap((j) => [j.payload.staffId, j.payload.approvedBy]),
  });
  const { stored, products, takenNumbers } = facts;

  const results: (Handled<Sale> | undefined)[] = [];
  const firstInBatch = new Map<string, number>();
  const accepted: { index: number; sale: Sale }[] = [];
  for (const [i, job] of jobs.entries()) {
    const prior = stored.get(job.mutationId);
    if (prior !== undefined) {
      const outcome = replayOrMismatch<Sale>(prior, { hash: job.hash, deviceId: job.who.deviceId });
      results.push({ outcome, changes: [] });
      continue;
    }
    const first = firstInBatch.get(job.mutationId);
    const firstResult = first === undefined ? undefined : results[first];
    // A repeat is answered from its first occurrence, unless that one was refused (nothing stored)
    // and this one differs: then it is judged on its own, as it would be in a later request.
    const refusedBefore = firstResult?.outcome.status === 'rejected' && jobs[first!]!.hash !== job.hash;
    if (first !== undefined && !refusedBefore) {
      results.push(undefined); // filled in below, once the first occurrence's outcome is known
      continue;
    }
    firstInBatch.set(job.mutationId, i);
    const priced = price(job, products, facts.chargesPpn);
    if (!priced.ok) {
      results.push({ outcome: priced.outcome, changes: [] });
      continue;
    }
    if (takenNumbers.has(job.payload.invoiceNumber)) priced.sale.flags.push('duplicate_invoice_number');
    takenNumbers.add(job.payload.invoiceNumber);
    accepted.push({ index: i, sale: priced.sale });
    results.push(undefined);
  }

  const after = await writeSales(
    trx,
    { branchId, timezone: facts.timezone, strangers: facts.strangers },
    accepted.map((a) => a.sale),
    accepted.map((a) => jobs[a.index]!),
    now,
    lock ?? (() => lockScope(trx, branchScope(branchId))),
  );
  for (const [k, a] of accepted.entries()) {
    results[a.index] = { outcome: { status: 'accepted', result: a.sale }, changes: after[k]! };
  }
  // Repeats within the batch: like a replay of the first occurrence (which is stored only if accepted).
  for (const [i, job] of jobs.entries()) {
    if (results[i] !== undefined) continue;
    const firstIndex = firstInBatch.get(job.mutationId)!;
    const first = results[firstIndex]!;
    const firstJob = jobs[firstIndex]!;
    results[i] =
      first.outcome.status === 'accepted'
        ? firstJob.hash === job.hash && firstJob.who.deviceId === job.who.deviceId
          ? { outcome: { status: 'duplicate', result: first.outcome.result }, changes: [] }
          : { outcome: IDEMPOTENCY_MISMATCH, changes: [] }
        : first;
  }
  return results as Handled<Sale>[];
}

type Priced = { ok: true; sale: Sale & { flags: SaleFlag[] } } | { ok: false; outcome: Rejected };

/** Checks and prices one sale (no I/O). Flags all but negative stock and duplicate numbers. */
function price(job: SaleJob, products: ReadonlyMap<string, ProductFacts>, charges: boolean): Priced {
  const { who, payload: input } = job;
  const unknown = [...new Set(input.lines.map((l) => l.productId).filter((id) => !products.has(id)))];
  if (unknown.length > 0) {
    return {
      ok: false,
      outcome: rejected('unknown_product', `unknown product id(s): ${unknown.join(', ')}`, {
        productIds: unknown,
      }),
    };
  }
  // A line's tax rate is a tax class or its product's own rate (which the back office may have set
  // to another, e.g. PPN final 1.1%): a correct till takes it from the catalog, so anything else is
  // no rate this shop charges (issue 17). Refused before any money is computed with it.
  const badRates = input.lines.filter(
    (l) =>
      l.taxRate !== undefined &&
      !isTaxClassRate(l.taxRate) &&
      toBp(l.taxRate) !== products.get(l.productId)!.taxRateBp,
  );
  if (badRates.length > 0) {
    return {
      ok: false,
      outcome: rejected('invalid_tax_rate', 'a line tax rate is neither a tax class nor its product rate', {
        lines: badRates.map((l) => ({ productId: l.productId, taxRate: l.taxRate })),
      }),
    };
  }
  const lines = input.lines.map((l) => ({
    ...l,
    taxRate: l.taxRate ?? fromBp(products.get(l.productId)!.taxRateBp),
  }));
  const priced = computeSaleTotals({ ...input, lines });
  if (!priced.ok) return { ok: false, outcome: rejected(priced.code, priced.message, priced.details) };
  const t = priced.totals;
  const flags = new Set<SaleFlag>();
  // A branch that charges no PPN (no PKP) records its lines at 0% and nothing on top (chargedTaxRate).
  // PPN added on top there is PPN the shop may not charge, for the owner to see. A line at its
  // product's rate is what a till from before the rule (or a client sending no rate) records: the
  // customer paid the same price, so it is not flagged.
  if (!charges && input.priceMode === 'exclusive') flags.add('tax_deviation');
  for (const l of lines) {
    const p = products.get(l.productId)!;
    if (l.unitPrice !== p.price) flags.add('price_deviation');
    const bp = toBp(l.taxRate);
    if (bp !== p.taxRateBp && (charges || bp !== 0)) flags.add('tax_deviation');
    if (p.deleted === 1) flags.add('deleted_product');
    else if (p.active === 0) flags.add('inactive_product');
  }
  for (const f of paymentAndTimeFlags(t, input.createdAt, job.now)) flags.add(f);
  const inv = parseInvoiceNumber(input.invoiceNumber);
  if (inv === null || inv.branchCode !== who.branchCode || inv.deviceCode !== who.deviceCode) {
    flags.add('invoice_number_mismatch');
  }
  return {
    ok: true,
    sale: assembleSale(input, t, { branchId: who.branchId, deviceId: who.deviceId, receivedAt: job.now }, [
      ...flags,
    ]),
  };
}

/**
 * S7 flags of a sale's money and clock, never refusals: cash paid far beyond the total (non-cash
 * overpayment is refused by sale-totals.ts), and a device time implausibly far from the server's
 * (any ISO date the schema takes, 0000-01-01 or 9999-12-31, compares as a number here).
 */
function paymentAndTimeFlags(t: { total: number; paid: number }, createdAt: string, now: string): SaleFlag[] {
  const flags: SaleFlag[] = [];
  if (t.paid > t.total * EXCESSIVE_PAYMENT_MULTIPLE + EXCESSIVE_PAYMENT_ALLOWANCE)
    flags.push('excessive_payment');
  const at = Date.parse(createdAt);
  const server = Date.parse(now);
  if (Number.isNaN(at) || at > server + SUSPICIOUS_TIME_AHEAD_MS || at < server - SUSPICIOUS_TIME_BEHIND_MS) {
    flags.push('suspicious_time');
  }
  return flags;
}

/**
 * Writes accepted sales: stock movements, the sales with lines and payments, their stored
 * outcomes (S3), and the feed entries (stock levels first, then one per sale), one statement per
 * table, and the tables nothing later reads in one round trip (issue 18: round trips are what a
 * PostgreSQL group commit spends its time on; db/execute-together.ts). Returns each sale's feed
 * entries; the first sale carries the batch's stock entries.
 *
 * `lock` takes the branch's feed counter lock before the first row lock: every writer of the
 * branch locks the counter first and then rows, so writers in several processes queue instead of
 * deadlocking, and everything the batch only reads (and its pricing) happens before the lock.
 * When the lock answers the counter's position, the feed entries go with the other writes too.
 */
async function writeSales(
  trx: Transaction<Database>,
  branch: { readonly branchId: string; readonly timezone: string; readonly strangers: ReadonlySet<string> },
  sales: (Sale & { flags: SaleFlag[] })[],
  jobs: readonly SaleJob[],
  now: string,
  lock: () => Promise<LockAnswer>,
): Promise<SaleChanges[]> {
  if (sales.length === 0) return [];
  const { branchId, timezone, strangers } = branch;
  const movements = sales.flatMap((s) =>
    s.lines.map((l) => ({
      productId: l.productId,
      delta: -l.quantity,
      reason: 'sale' as const,
      refId: s.id,
    })),
  );
  const counter = await lock();
  // Written together after the stock upsert: ledger rows, sales, lines, payments, receipt counters,
  // outcomes, summary and (when the lock answered the counter) the feed entries. None of them reads
  // another's rows (foreign keys are checked at the end).
  const writes: Compilable[] = [];
  const { levels, onHandAfter, set } = await applyMovements(trx, branchId, movements, now, writes);
  let m = 0;
  for (const s of sales) {
    if ([s.staffId, s.approvedBy].some((id) => id != null && strangers.has(id)))
      s.flags.push('unknown_staff');
    // Sale deltas are negative, so a line below zero means the product ended the sale below zero.
    const after = onHandAfter.slice(m, m + s.lines.length);
    m += s.lines.length;
    if (after.some((x) => x < 0)) s.flags.push('negative_stock');
    s.flags.sort();
  }
  // Business day and hour in the branch's zone, fixed now (reports/business-time.ts).
  const timed = sales.map((sale) => {
    const at = soldAt(sale.createdAt, sale.receivedAt);
    return { sale, at, ...businessTime(at, timezone) };
  });
  for (const chunk of chunks(timed)) {
    writes.push(
      trx.insertInto('sales').values(
        chunk.map(({ sale: s, at, day, hour }) => ({
          id: s.id,
          branchId: s.branchId,
          deviceId: s.deviceId,
          invoiceNumber: s.invoiceNumber,
          createdAt: s.createdAt,
          receivedAt: s.receivedAt,
          total: s.total,
          tax: s.tax,
          rounding: s.rounding ?? 0,
          flags: JSON.stringify(s.flags),
          cashierName: s.cashierName,
          note: s.note,
          staffId: s.staffId ?? null,
          approvedBy: s.approvedBy ?? null,
          soldAt: at,
          businessDay: day,
          businessHour: hour,
          shiftId: s.shiftId ?? null,
          customerId: s.customerId ?? null,
        })),
      ),
    );
  }
  const counters = raiseDeviceCounters(trx, sales, jobs);
  if (counters !== null) writes.push(counters);
  const lines = sales.flatMap((s) =>
    s.lines.map((l, lineNo) => ({
      saleId: s.id,
      lineNo,
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
      cartDiscountShare: l.cartDiscountShare,
      taxRateBp: toBp(l.taxRate),
      amount: l.amount,
    })),
  );
  for (const chunk of chunks(lines)) writes.push(trx.insertInto('saleLines').values(chunk));
  const payments = sales.flatMap((s) =>
    s.payments.map((p, lineNo) => ({
      saleId: s.id,
      lineNo,
      method: p.method,
      amount: p.amount,
      reference: p.reference,
      approvalCode: p.approvalCode ?? null,
      cardLast4: p.cardLast4 ?? null,
    })),
  );
  for (const chunk of chunks(payments)) writes.push(trx.insertInto('salePayments').values(chunk));
  writes.push(
    ...outcomeInserts(
      trx,
      sales.map((s, k) => ({
        key: { id: jobs[k]!.mutationId, deviceId: s.deviceId, type: 'sale.create', hash: jobs[k]!.hash },
        outcome: { status: 'accepted', result: s },
      })),
      now,
    ),
    ...salesSummaryUpserts(trx, timed),
  );
  const entries = [
    ...levels.map((s) => ({ kind: 'stock' as const, entityId: s.productId, data: s })),
    ...sales.map((s, k) => ({
      kind: 'sale' as const,
      entityId: s.id,
      data: summarizeSale(s, jobs[k]!.who.deviceName),
    })),
  ];
  const scope = branchScope(branchId);
  let changes: Positioned<(typeof entries)[number]>[];
  if (counter === undefined) {
    await executeTogether(trx, writes);
    // Last, so the positions (and the changes' rows) are taken just before the commit (feed.ts).
    changes = await recordChanges(trx, scope, entries, set);
  } else {
    const feed = changeWrites(trx, scope, entries, set, counter);
    changes = feed.positioned;
    await executeTogether(trx, [...writes, ...feed.writes]);
  }
  const stockChanges = changes.slice(0, levels.length);
  return sales.map((_, k) => [...(k === 0 ? stockChanges : []), changes[levels.length + k]!]);
}

/**
 * Keeps each device's highest receipt counter (S10) on its row, handed back at pairing: a till
 * signed out (its database deleted) and paired again resumes above it and never repeats a number.
 * Only numbers that carry the device's own codes count (others are flagged `invoice_number_mismatch`).
 * One conditional update for all devices of the batch (returned unrun; null: none to raise); it
 * never lowers the counter.
 */
function raiseDeviceCounters(
  trx: Transaction<Database>,
  sales: readonly Sale[],
  jobs: readonly SaleJob[],
): Compilable | null {
  const best = new Map<string, number>();
  for (const [i, s] of sales.entries()) {
    const who = jobs[i]?.who;
    const inv = parseInvoiceNumber(s.invoiceNumber);
    if (who === undefined || inv === null) continue;
    if (inv.deviceCode !== who.deviceCode || inv.branchCode !== who.branchCode) continue;
    best.set(who.deviceId, Math.max(best.get(who.deviceId) ?? 0, inv.counter));
  }
  if (best.size === 0) return null;
  // One statement for every device of the batch: the new counter per id, by CASE.
  const counterOf = sql<number>`case ${sql.ref('id')} ${sql.join(
    [...best].map(([id, counter]) => sql`when ${id} then cast(${counter} as integer)`),
    sql` `,
  )} end`;
  return trx
    .updateTable('devices')
    .set({ invoiceCounter: counterOf })
    .where('id', 'in', [...best.keys()])
    .where('invoiceCounter', '<', counterOf);
}

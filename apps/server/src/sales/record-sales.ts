import {
  computeSaleTotals,
  parseInvoiceNumber,
  summarizeSale,
  type ErrorCode,
  type Sale,
  type SaleFlag,
  type SaleInput,
  type SaleSummary,
  type StockLevel,
} from '@kasir/protocol';
import type { Transaction } from 'kysely';
import { fromBp, toBp } from '../catalog/product-row.ts';
import type { Database } from '../db/schema.ts';
import type { DevicePrincipal } from '../devices/device-service.ts';
import { branchScope, recordChanges, type Positioned } from '../sync/feed.ts';
import {
  replayOrMismatch,
  type IdempotentResult,
  type StoredMutation,
  type StoredOutcome,
} from '../sync/idempotency.ts';
import { applyMovements } from '../stock/stock-ledger.ts';
import { businessTime, soldAt } from '../reports/business-time.ts';
import { addToSalesSummary } from '../reports/sales-summary.ts';

/** Feed entries of sales: stock levels and summaries, for realtime pokes after commit. */
export type SaleChanges = Positioned<
  | { kind: 'stock'; entityId: string; data: StockLevel }
  | { kind: 'sale'; entityId: string; data: SaleSummary }
>[];

/** One completed sale to record, with the idempotency key of its mutation (S3). */
export interface SaleJob {
  readonly who: DevicePrincipal;
  readonly sale: SaleInput;
  /** sha256 of the canonical payload (idempotency.ts). */
  readonly hash: string;
  readonly now: string;
}

export type SaleJobResult = IdempotentResult<SaleChanges>;

type ProductFacts = { id: string; price: number; taxRateBp: number; active: number; deleted: number };

const CHUNK = 500;

const rejected = (code: ErrorCode, message: string, details?: unknown): StoredOutcome => ({
  status: 'rejected',
  httpStatus: 422,
  body: { error: details === undefined ? { code, message } : { code, message, details } },
});

/**
 * Records completed sales of one branch in the caller's transaction: one sale or a group-commit
 * batch of many, with a fixed number of statements per batch rather than per sale.
 *
 * S3: each sale id applies at most once; its outcome is stored with its effects; a replay gets the
 * stored outcome, the same id with another payload (or device) is a mismatch. Within one batch a
 * repeated id is answered like a replay of its first occurrence.
 * S7: a sale is never refused for stock, price or catalog state: those are flagged. It is refused
 * (422, nothing written, nothing stored) only when it cannot be a sale: a product id the server
 * never had, or arithmetic that does not add up (sale-totals.ts). Stock moves by negative deltas.
 */
export async function recordSales(
  trx: Transaction<Database>,
  jobs: readonly SaleJob[],
): Promise<SaleJobResult[]> {
  const branchId = jobs[0]?.who.branchId;
  if (branchId === undefined) return [];
  if (jobs.some((j) => j.who.branchId !== branchId)) throw new Error('recordSales: one branch per batch');
  const now = jobs[jobs.length - 1]!.now;

  const stored = await storedOutcomes(
    trx,
    jobs.map((j) => j.sale.id),
  );
  const products = await productFacts(
    trx,
    jobs.flatMap((j) => j.sale.lines.map((l) => l.productId)),
  );
  const takenNumbers = await invoiceNumbersTaken(
    trx,
    branchId,
    jobs.map((j) => j.sale.invoiceNumber),
  );

  const results: (SaleJobResult | undefined)[] = [];
  const firstInBatch = new Map<string, number>();
  const accepted: { index: number; sale: Sale }[] = [];
  for (const [i, job] of jobs.entries()) {
    const prior = stored.get(job.sale.id);
    if (prior !== undefined) {
      results.push(replayOrMismatch(prior, { hash: job.hash, deviceId: job.who.deviceId }));
      continue;
    }
    const first = firstInBatch.get(job.sale.id);
    const firstResult = first === undefined ? undefined : results[first];
    // A repeat is answered from its first occurrence, unless that one was refused (nothing stored)
    // and this one differs: then it is judged on its own, as it would be in a later request.
    const refusedBefore =
      firstResult?.kind === 'applied' &&
      firstResult.outcome.status === 'rejected' &&
      jobs[first!]!.hash !== job.hash;
    if (first !== undefined && !refusedBefore) {
      results.push(undefined); // filled in below, once the first occurrence's outcome is known
      continue;
    }
    firstInBatch.set(job.sale.id, i);
    const priced = price(job, products);
    if (!priced.ok) {
      results.push({ kind: 'applied', outcome: priced.outcome, after: [] });
      continue;
    }
    if (takenNumbers.has(job.sale.invoiceNumber)) priced.sale.flags.push('duplicate_invoice_number');
    takenNumbers.add(job.sale.invoiceNumber);
    accepted.push({ index: i, sale: priced.sale });
    results.push(undefined);
  }

  const after = await writeSales(
    trx,
    branchId,
    accepted.map((a) => a.sale),
    accepted.map((a) => jobs[a.index]!.hash),
    accepted.map((a) => jobs[a.index]!.who.deviceName),
    now,
  );
  for (const [k, a] of accepted.entries()) {
    results[a.index] = {
      kind: 'applied',
      outcome: { status: 'accepted', httpStatus: 201, body: a.sale },
      after: after[k]!,
    };
  }
  // Repeats within the batch: like a replay of the first occurrence (which is stored only if accepted).
  for (const [i, job] of jobs.entries()) {
    if (results[i] !== undefined) continue;
    const firstIndex = firstInBatch.get(job.sale.id)!;
    const first = results[firstIndex]!;
    const firstJob = jobs[firstIndex]!;
    results[i] =
      first.kind === 'applied' && first.outcome.status === 'accepted'
        ? firstJob.hash === job.hash && firstJob.who.deviceId === job.who.deviceId
          ? { kind: 'replayed', outcome: first.outcome }
          : { kind: 'mismatch' }
        : first;
  }
  return results as SaleJobResult[];
}

type Priced = { ok: true; sale: Sale & { flags: SaleFlag[] } } | { ok: false; outcome: StoredOutcome };

/** Checks and prices one sale (no I/O). Flags all but negative stock and duplicate numbers. */
function price(job: SaleJob, products: ReadonlyMap<string, ProductFacts>): Priced {
  const { who, sale: input } = job;
  const unknown = [...new Set(input.lines.map((l) => l.productId).filter((id) => !products.has(id)))];
  if (unknown.length > 0) {
    return {
      ok: false,
      outcome: rejected('unknown_product', `unknown product id(s): ${unknown.join(', ')}`, {
        productIds: unknown,
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
  for (const l of input.lines) {
    const p = products.get(l.productId)!;
    if (l.unitPrice !== p.price) flags.add('price_deviation');
    if (p.deleted === 1) flags.add('deleted_product');
    else if (p.active === 0) flags.add('inactive_product');
  }
  const inv = parseInvoiceNumber(input.invoiceNumber);
  if (inv === null || inv.branchCode !== who.branchCode || inv.deviceCode !== who.deviceCode) {
    flags.add('invoice_number_mismatch');
  }
  return {
    ok: true,
    sale: {
      id: input.id,
      branchId: who.branchId,
      deviceId: who.deviceId,
      invoiceNumber: input.invoiceNumber,
      createdAt: input.createdAt,
      receivedAt: job.now,
      priceMode: input.priceMode ?? 'inclusive',
      lines: input.lines.map((l, i) => {
        const p = t.lines[i]!;
        return {
          productId: l.productId,
          quantity: p.quantity,
          unitPrice: p.unitPrice,
          discount: p.discount,
          cartDiscountShare: p.cartDiscountShare,
          taxRate: p.taxRate,
          amount: p.amount,
        };
      }),
      payments: input.payments.map((p) => ({
        method: p.method,
        amount: p.amount,
        reference: p.reference ?? null,
      })),
      taxes: [...t.taxes],
      subtotal: t.subtotal,
      discount: t.discount,
      tax: t.tax,
      total: t.total,
      paid: t.paid,
      change: t.change,
      flags: [...flags],
      cashierName: input.cashierName ?? null,
      note: input.note ?? null,
    },
  };
}

/**
 * Writes accepted sales: stock movements, the sales with lines and payments, their stored
 * outcomes (S3), and the feed entries (stock levels first, then one per sale). Returns each sale's
 * feed entries; the first sale carries the batch's stock entries.
 */
async function writeSales(
  trx: Transaction<Database>,
  branchId: string,
  sales: (Sale & { flags: SaleFlag[] })[],
  hashes: readonly string[],
  deviceNames: readonly string[],
  now: string,
): Promise<SaleChanges[]> {
  if (sales.length === 0) return [];
  const movements = sales.flatMap((s) =>
    s.lines.map((l) => ({
      productId: l.productId,
      delta: -l.quantity,
      reason: 'sale' as const,
      refId: s.id,
    })),
  );
  const { levels, onHandAfter } = await applyMovements(trx, branchId, movements, now);
  let m = 0;
  for (const s of sales) {
    // Sale deltas are negative, so a line below zero means the product ended the sale below zero.
    const after = onHandAfter.slice(m, m + s.lines.length);
    m += s.lines.length;
    if (after.some((x) => x < 0)) s.flags.push('negative_stock');
    s.flags.sort();
  }
  // Business day and hour in the branch's zone, fixed now (reports/business-time.ts).
  const { timezone } = await trx
    .selectFrom('branches')
    .select('timezone')
    .where('id', '=', branchId)
    .executeTakeFirstOrThrow();
  const timed = sales.map((sale) => {
    const at = soldAt(sale.createdAt, sale.receivedAt);
    return { sale, at, ...businessTime(at, timezone) };
  });
  for (let i = 0; i < timed.length; i += CHUNK) {
    const chunk = timed.slice(i, i + CHUNK);
    await trx
      .insertInto('sales')
      .values(
        chunk.map(({ sale: s, at, day, hour }) => ({
          id: s.id,
          branchId: s.branchId,
          deviceId: s.deviceId,
          invoiceNumber: s.invoiceNumber,
          createdAt: s.createdAt,
          receivedAt: s.receivedAt,
          total: s.total,
          tax: s.tax,
          flags: JSON.stringify(s.flags),
          cashierName: s.cashierName,
          note: s.note,
          soldAt: at,
          businessDay: day,
          businessHour: hour,
        })),
      )
      .execute();
  }
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
  for (let i = 0; i < lines.length; i += CHUNK)
    await trx
      .insertInto('saleLines')
      .values(lines.slice(i, i + CHUNK))
      .execute();
  const payments = sales.flatMap((s) => s.payments.map((p, lineNo) => ({ saleId: s.id, lineNo, ...p })));
  for (let i = 0; i < payments.length; i += CHUNK) {
    await trx
      .insertInto('salePayments')
      .values(payments.slice(i, i + CHUNK))
      .execute();
  }
  for (let i = 0; i < sales.length; i += CHUNK) {
    await trx
      .insertInto('mutations')
      .values(
        sales.slice(i, i + CHUNK).map((s, k) => ({
          id: s.id,
          deviceId: s.deviceId,
          type: 'sale.create',
          payloadHash: hashes[i + k]!,
          status: 'accepted',
          httpStatus: 201,
          response: JSON.stringify(s),
          createdAt: now,
        })),
      )
      .execute();
  }
  await addToSalesSummary(trx, timed);
  // Last, so the feed counter's lock is held only for the commit (feed.ts).
  const changes = await recordChanges(trx, branchScope(branchId), [
    ...levels.map((s) => ({ kind: 'stock' as const, entityId: s.productId, data: s })),
    ...sales.map((s, k) => ({
      kind: 'sale' as const,
      entityId: s.id,
      data: summarizeSale(s, deviceNames[k]!),
    })),
  ]);
  const stockChanges = changes.slice(0, levels.length);
  return sales.map((_, k) => [...(k === 0 ? stockChanges : []), changes[levels.length + k]!]);
}

async function storedOutcomes(
  trx: Transaction<Database>,
  ids: readonly string[],
): Promise<Map<string, StoredMutation & { id: string }>> {
  const out = new Map<string, StoredMutation & { id: string }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('mutations')
      .select(['id', 'deviceId', 'payloadHash', 'status', 'httpStatus', 'response'])
      .where('id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

async function productFacts(
  trx: Transaction<Database>,
  ids: readonly string[],
): Promise<Map<string, ProductFacts>> {
  const out = new Map<string, ProductFacts>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('products')
      .select(['id', 'price', 'taxRateBp', 'active', 'deleted'])
      .where('id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

async function invoiceNumbersTaken(
  trx: Transaction<Database>,
  branchId: string,
  numbers: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(numbers)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('sales')
      .select('invoiceNumber')
      .where('branchId', '=', branchId)
      .where('invoiceNumber', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.add(r.invoiceNumber);
  }
  return out;
}

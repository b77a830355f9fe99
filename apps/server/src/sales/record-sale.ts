import {
  computeSaleTotals,
  parseInvoiceNumber,
  summarizeSale,
  type ErrorCode,
  type Sale,
  type SaleFlag,
  type SaleInput,
  type StockLevel,
} from '@kasir/protocol';
import type { Transaction } from 'kysely';
import { fromBp, toBp } from '../catalog/product-row.ts';
import type { Database } from '../db/schema.ts';
import type { DevicePrincipal } from '../devices/device-service.ts';
import { branchScope, recordChanges, type Positioned } from '../sync/feed.ts';
import type { StoredOutcome } from '../sync/idempotency.ts';
import { applyMovements } from '../stock/stock-ledger.ts';

/** Feed entries a sale made: its stock levels and its summary, for realtime pokes after commit. */
export type SaleChanges = Positioned<
  | { kind: 'stock'; entityId: string; data: StockLevel }
  | { kind: 'sale'; entityId: string; data: ReturnType<typeof summarizeSale> }
>[];

interface Rejection {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

const reject = (r: Rejection): { outcome: StoredOutcome; after: SaleChanges } => ({
  outcome: {
    status: 'rejected',
    httpStatus: 422,
    body: { error: r.details === undefined ? { code: r.code, message: r.message } : r },
  },
  after: [],
});

/**
 * Records a completed sale inside the caller's (idempotent) transaction.
 *
 * S7: a sale is never refused for stock, price or catalog state: those are flagged. It is refused
 * (422, nothing written) only when it cannot be a sale: a product id the server never had, or
 * arithmetic that does not add up (sale-totals.ts). Stock moves by negative deltas in the ledger.
 */
export async function recordSale(
  trx: Transaction<Database>,
  who: DevicePrincipal,
  input: SaleInput,
  now: string,
): Promise<{ outcome: StoredOutcome; after: SaleChanges }> {
  const ids = [...new Set(input.lines.map((l) => l.productId))];
  const products = new Map(
    (
      await trx
        .selectFrom('products')
        .select(['id', 'price', 'taxRateBp', 'active', 'deleted'])
        .where('id', 'in', ids)
        .execute()
    ).map((p) => [p.id, p]),
  );
  const unknown = ids.filter((id) => !products.has(id));
  if (unknown.length > 0) {
    return reject({
      code: 'unknown_product',
      message: `unknown product id(s): ${unknown.join(', ')}`,
      details: { productIds: unknown },
    });
  }
  const lines = input.lines.map((l) => ({
    ...l,
    taxRate: l.taxRate ?? fromBp(products.get(l.productId)!.taxRateBp),
  }));
  const priced = computeSaleTotals({ ...input, lines });
  if (!priced.ok) return reject(priced);
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
  const sameNumber = await trx
    .selectFrom('sales')
    .select('id')
    .where('branchId', '=', who.branchId)
    .where('invoiceNumber', '=', input.invoiceNumber)
    .executeTakeFirst();
  if (sameNumber !== undefined) flags.add('duplicate_invoice_number');

  const levels = await applyMovements(
    trx,
    who.branchId,
    input.lines.map((l) => ({
      productId: l.productId,
      delta: -l.quantity,
      reason: 'sale' as const,
      refId: input.id,
    })),
    now,
  );
  if (levels.some((s) => s.onHand < 0)) flags.add('negative_stock');

  const sale: Sale = {
    id: input.id,
    branchId: who.branchId,
    deviceId: who.deviceId,
    invoiceNumber: input.invoiceNumber,
    createdAt: input.createdAt,
    receivedAt: now,
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
    flags: [...flags].sort(),
  };

  await trx
    .insertInto('sales')
    .values({
      id: sale.id,
      branchId: sale.branchId,
      deviceId: sale.deviceId,
      invoiceNumber: sale.invoiceNumber,
      createdAt: sale.createdAt,
      receivedAt: now,
      total: sale.total,
      tax: sale.tax,
      flags: JSON.stringify(sale.flags),
    })
    .execute();
  await trx
    .insertInto('saleLines')
    .values(
      sale.lines.map((l, i) => ({
        saleId: sale.id,
        lineNo: i,
        productId: l.productId,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        discount: l.discount,
        cartDiscountShare: l.cartDiscountShare,
        taxRateBp: toBp(l.taxRate),
        amount: l.amount,
      })),
    )
    .execute();
  await trx
    .insertInto('salePayments')
    .values(sale.payments.map((p, i) => ({ saleId: sale.id, lineNo: i, ...p })))
    .execute();

  const after = await recordChanges(trx, branchScope(who.branchId), [
    ...levels.map((s) => ({ kind: 'stock' as const, entityId: s.productId, data: s })),
    { kind: 'sale' as const, entityId: sale.id, data: summarizeSale(sale) },
  ]);
  return { outcome: { status: 'accepted', httpStatus: 201, body: sale }, after };
}

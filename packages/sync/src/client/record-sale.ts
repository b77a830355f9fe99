import {
  DEFAULT_TAX_RATE,
  SaleInput,
  computeSaleTotals,
  formatInvoiceNumber,
  invoiceDate,
  type Mutation,
} from '@kasir/protocol';
import type { CatalogIndex } from '../catalog/catalog-index.ts';
import type { SaleCommit } from '../store/device-store.ts';
import type { DeviceIdentity, LocalSale } from '../store/records.ts';

/** What the cashier screen hands over: lines and payments; id, number and time are the engine's. */
export type SaleDraft = Omit<SaleInput, 'id' | 'invoiceNumber' | 'createdAt'>;

/** The outcome of recording a sale or a mutation locally, as a value. */
export type RecordResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * A sale that passes `SaleInput` and touches every field of it, for `warmUpSaleValidation`.
 * Never stored or sent.
 */
export const WARM_UP_SALE: SaleInput = {
  id: '00000000-0000-7000-8000-000000000000',
  invoiceNumber: 'WARM-UP',
  createdAt: '2026-01-01T00:00:00.000+07:00',
  lines: [
    {
      productId: '00000000-0000-7000-8000-000000000001',
      quantity: 1,
      unitPrice: 1000,
      discount: 0,
      taxRate: 0,
      total: 1000,
    },
  ],
  payments: [{ method: 'card', amount: 1000, reference: 'W', approvalCode: 'W1', cardLast4: '0000' }],
  discount: 0,
  rounding: 0,
  priceMode: 'inclusive',
  tax: 0,
  total: 1000,
  cashierName: 'W',
  note: 'W',
  shiftId: '00000000-0000-7000-8000-000000000002',
  customerId: '00000000-0000-7000-8000-000000000003',
  staffId: '00000000-0000-7000-8000-000000000004',
  approvedBy: '00000000-0000-7000-8000-000000000005',
};

/**
 * Validates `WARM_UP_SALE` once, when the till starts. The first validation of a sale sets up the
 * schema's checks (zod compiles them lazily): about 3 ms that otherwise fell on the day's first
 * sale, between the cashier's tap and the receipt (B6).
 */
export function warmUpSaleValidation(): boolean {
  return SaleInput.safeParse(WARM_UP_SALE).success;
}

/**
 * Prepares a sale for the local commit: fills each line's tax rate from the catalog, checks the
 * arithmetic as the server will (S7: a completed sale must not be refused later, so a wrong total
 * is caught here, before money changes hands), and returns the builder the store calls with the
 * next receipt counter (S10).
 */
export function prepareSale(
  draft: SaleDraft,
  context: { id: string; at: Date; identity: DeviceIdentity; catalog: CatalogIndex },
): RecordResult<(counter: number) => SaleCommit> {
  const lines = draft.lines.map((l) => ({
    ...l,
    taxRate: l.taxRate ?? context.catalog.get(l.productId)?.taxRate ?? DEFAULT_TAX_RATE,
  }));
  const totals = computeSaleTotals({ ...draft, lines });
  if (!totals.ok) return { ok: false, code: totals.code, message: totals.message };
  const numberOf = (counter: number): string =>
    formatInvoiceNumber({
      branchCode: context.identity.branchCode,
      deviceCode: context.identity.deviceCode,
      date: invoiceDate(context.at),
      counter,
    });
  const inputOf = (counter: number): SaleInput => ({
    ...draft,
    lines,
    id: context.id,
    invoiceNumber: numberOf(counter),
    createdAt: context.at.toISOString(),
    tax: totals.totals.tax,
    total: totals.totals.total,
  });
  // Validate once with a sample counter so the commit itself cannot fail on the schema.
  const check = SaleInput.safeParse(inputOf(1));
  if (!check.success) return { ok: false, code: 'validation_failed', message: check.error.message };
  return {
    ok: true,
    value: (counter) => {
      const input = inputOf(counter);
      const sale: LocalSale = {
        id: input.id,
        invoiceNumber: input.invoiceNumber,
        createdAt: input.createdAt,
        total: totals.totals.total,
        itemCount: input.lines.reduce((a, l) => a + l.quantity, 0),
        input,
        sync: { kind: 'pending' },
      };
      const mutation: Mutation = { id: input.id, type: 'sale.create', payload: input };
      return { sale, mutation };
    },
  };
}

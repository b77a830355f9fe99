import { newId, type Product, type SaleInput, type SaleSummary } from '@kasir/protocol';

/**
 * Deterministic ids for tests: UUIDv7-shaped and increasing with `n`, so sorting by id is sorting
 * by creation, as with real v7 ids.
 */
export function testId(n: number, prefix = '0190'): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix}0000-0000-7000-8000-${hex}`;
}

/** A catalog product with sensible defaults. */
export function makeProduct(n: number, patch: Partial<Product> = {}): Product {
  return {
    id: testId(n, '0191'),
    sku: `SKU-${n}`,
    name: `Produk ${n}`,
    price: 1000 + n,
    barcodes: [`899${String(n).padStart(10, '0')}`],
    category: n % 2 === 0 ? 'Minuman' : 'Makanan',
    taxRate: 11,
    active: true,
    version: 1,
    deleted: false,
    ...patch,
  };
}

/** What the cashier screen hands to `recordSale`: lines and payments, no id or number yet. */
export type SaleDraft = Omit<SaleInput, 'id' | 'invoiceNumber' | 'createdAt'>;

/** A cash sale of `quantity` of each product at its catalog price, paid exactly. */
export function makeSaleDraft(products: readonly Product[], quantity = 1): SaleDraft {
  const lines = products.map((p) => ({ productId: p.id, quantity, unitPrice: p.price }));
  const total = lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0);
  return { lines, payments: [{ method: 'cash', amount: total }] };
}

/** A full sale input, for store tests that bypass the client. */
export function makeSaleInput(n: number, products: readonly Product[]): SaleInput {
  return {
    ...makeSaleDraft(products),
    id: testId(n),
    invoiceNumber: `B1-D1-20250101-${String(n).padStart(4, '0')}`,
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

/** A branch sale summary as the feed carries it. */
export function makeSaleSummary(
  n: number,
  deviceId: string,
  receivedAt = '2025-01-01T00:00:00.000Z',
): SaleSummary {
  return {
    id: testId(n, '0192'),
    deviceId,
    deviceName: 'Kasir',
    invoiceNumber: `B1-D2-20250101-${String(n).padStart(4, '0')}`,
    createdAt: receivedAt,
    receivedAt,
    total: 1000,
    itemCount: 1,
    flags: [],
  };
}

/** A fresh random v7 id, for code paths that want real ones. */
export const freshId = (): string => newId();

import type { LocalSale } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import { buildReceipt, type ReceiptContext } from './receipt-model.ts';

const sale: LocalSale = {
  id: '01900000-0000-7000-8000-000000000001',
  invoiceNumber: 'JKT-01-20260101-0007',
  createdAt: '2026-01-01T10:00:00.000Z',
  total: 37_000,
  itemCount: 3,
  input: {
    id: '01900000-0000-7000-8000-000000000001',
    invoiceNumber: 'JKT-01-20260101-0007',
    createdAt: '2026-01-01T10:00:00.000Z',
    lines: [
      { productId: 'a', quantity: 2, unitPrice: 15_000, discount: 1_000, taxRate: 11 },
      { productId: 'b', quantity: 1, unitPrice: 10_000, taxRate: 0 },
    ],
    payments: [
      { method: 'qris', amount: 20_000, reference: 'QR-1' },
      { method: 'cash', amount: 20_000 },
    ],
    discount: 2_000,
  },
  sync: { kind: 'pending' },
};

const ctx: ReceiptContext = {
  shopName: 'Toko Maju',
  header: 'Jl. Merdeka 1\n\nJakarta',
  footer: 'Terima kasih',
  cashier: 'Kasir 1',
  nameOf: (id) => (id === 'a' ? 'Kopi Susu' : undefined),
  copy: false,
};

describe('receipt model', () => {
  it('shows lines, the tax summary, payments and change', () => {
    const r = buildReceipt(sale, ctx);
    expect(r.headerLines).toEqual(['Jl. Merdeka 1', 'Jakarta']);
    expect(r.lines.map((l) => [l.name, l.amount])).toEqual([
      ['Kopi Susu', 29_000],
      ['b', 10_000],
    ]);
    expect(r.subtotal).toBe(39_000);
    expect(r.total).toBe(37_000);
    expect(r.taxes).toHaveLength(1);
    expect(r.taxes[0]).toMatchObject({ taxRate: 11, nominalRate: 12 });
    expect(r.paid).toBe(40_000);
    expect(r.change).toBe(3_000);
    expect(r.pending).toBe(true);
  });

  it('drops the pending marker once synced and marks reprints as copies', () => {
    const r = buildReceipt({ ...sale, sync: { kind: 'synced', at: 'x', flags: [] } }, { ...ctx, copy: true });
    expect(r.pending).toBe(false);
    expect(r.copy).toBe(true);
  });
});

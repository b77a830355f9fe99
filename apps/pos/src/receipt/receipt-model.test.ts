import type { LocalSale } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import { buildReceipt, formatNpwp, type ReceiptContext } from './receipt-model.ts';

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
  it("writes a PKP's 15-digit NPWP with its dots and dash; other forms print as they are", () => {
    expect(formatNpwp('012345678901000')).toBe('01.234.567.8-901.000');
    expect(formatNpwp('3171012345678901')).toBe('3171012345678901');
    expect(formatNpwp('01.234.567.8-901.000')).toBe('01.234.567.8-901.000');
    expect(buildReceipt(sale, { ...ctx, pkp: true, npwp: '012345678901000' }).npwp).toBe(
      '01.234.567.8-901.000',
    );
  });

  it('says what went back of the sale: in part, in full; one refund in two lists counts once', () => {
    expect(buildReceipt(sale, ctx).refunded).toBeNull();
    const refund = (id: string, lines: { saleLineNo: number; quantity: number }[], total: number) => ({
      id,
      saleId: sale.id,
      total,
      lines: lines.map((l) => ({ ...l, productId: 'a', amount: 0, damaged: false })),
    });
    const one = refund('r1', [{ saleLineNo: 0, quantity: 1 }], 14_000);
    expect(buildReceipt(sale, { ...ctx, refunds: [one, one] }).refunded).toEqual({
      total: 14_000,
      all: false,
      voided: false,
    });
    const rest = refund(
      'r2',
      [
        { saleLineNo: 0, quantity: 1 },
        { saleLineNo: 1, quantity: 1 },
      ],
      23_000,
    );
    expect(buildReceipt(sale, { ...ctx, refunds: [one, rest] }).refunded).toEqual({
      total: 37_000,
      all: true,
      voided: false,
    });
    // A void is a cancelled sale, said so rather than "refunded".
    const cancelled = {
      ...refund(
        'r4',
        [
          { saleLineNo: 0, quantity: 2 },
          { saleLineNo: 1, quantity: 1 },
        ],
        37_000,
      ),
      reason: 'void',
    };
    expect(buildReceipt(sale, { ...ctx, refunds: [cancelled] }).refunded).toEqual({
      total: 37_000,
      all: true,
      voided: true,
    });
    // Another sale's refund is not this sale's.
    const other = { ...rest, id: 'r3', saleId: '01900000-0000-7000-8000-000000000099' };
    expect(buildReceipt(sale, { ...ctx, refunds: [other] }).refunded).toBeNull();
  });

  it('names the customer of a sale made for one, when the till knows the name', () => {
    const forDewi = { ...sale, input: { ...sale.input, customerId: '01900000-0000-7000-8000-0000000000c1' } };
    expect(buildReceipt(forDewi, { ...ctx, customerName: 'Dewi Lestari' }).customer).toBe('Dewi Lestari');
    expect(buildReceipt(forDewi, ctx).customer).toBeNull();
    // A name handed in for a sale that names no customer is not printed on it.
    expect(buildReceipt(sale, { ...ctx, customerName: 'Dewi Lestari' }).customer).toBeNull();
  });

  it('shows lines, the tax summary, payments and change', () => {
    const r = buildReceipt(sale, { ...ctx, pkp: true });
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

  it('a shop not registered for PPN prints no DPP/PPN groups or exempt marks, unless PPN was added on top', () => {
    const r = buildReceipt(sale, { ...ctx, pkp: false });
    expect(r.taxes).toEqual([]);
    expect(r.lines.some((l) => l.exempt)).toBe(false);
    expect(r.total).toBe(37_000);
    const exclusive = {
      ...sale.input,
      priceMode: 'exclusive' as const,
      payments: [{ method: 'cash' as const, amount: 50_000 }],
    };
    const added = buildReceipt({ ...sale, input: exclusive }, ctx);
    expect(added.taxAdded).toBe(true);
    expect(added.taxes).toHaveLength(1);
  });

  it('drops the pending marker once synced and marks reprints as copies', () => {
    const r = buildReceipt({ ...sale, sync: { kind: 'synced', at: 'x', flags: [] } }, { ...ctx, copy: true });
    expect(r.pending).toBe(false);
    expect(r.copy).toBe(true);
  });
});

describe('receipt model as Indonesian practice expects (issue 14.2, 15.6)', () => {
  it('names each tax group by class, marks exempt lines, prints NPWP only for a PKP', async () => {
    const { fixtureSale, fixtureContext } = await import('./receipt-fixture.ts');
    const r = buildReceipt(fixtureSale, fixtureContext);
    expect(r.taxes.map((x) => x.taxClass)).toEqual(['standard', 'luxury']);
    expect(r.lines.filter((l) => l.exempt).map((l) => l.name)).toEqual(['Telur Ayam Negeri 1 kg']);
    expect(r.npwp).toBe('01.234.567.8-901.000');
    expect(buildReceipt(fixtureSale, { ...fixtureContext, pkp: false }).npwp).toBeNull();
    expect(r.headerLines).toEqual(['Jl. Sultan Hasanuddin No. 12', 'Makassar', 'Telp. 0411-123456']);
    expect(r).toMatchObject({ rounding: -50, total: 382_600, change: 17_400, cash: true });
    expect(r.payments[0]).toMatchObject({ cardLast4: '4242', approvalCode: 'A1B2C3' });
  });

  it('dates the sale in the branch time zone, WIB, WITA or WIT', async () => {
    const { formatReceiptDateTime } = await import('./receipt-model.ts');
    const at = '2026-12-02T06:05:00.000Z';
    expect(formatReceiptDateTime(at, 'Asia/Jakarta')).toBe('02/12/2026 13.05 WIB');
    expect(formatReceiptDateTime(at, 'Asia/Makassar')).toBe('02/12/2026 14.05 WITA');
    expect(formatReceiptDateTime(at, 'Asia/Jayapura')).toBe('02/12/2026 15.05 WIT');
    expect(formatReceiptDateTime(at, 'Not/AZone')).toBe('2026-12-02 06:05 UTC');
  });
});

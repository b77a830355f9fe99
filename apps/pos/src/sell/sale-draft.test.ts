import { SaleInput } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { saleDraftOf } from './sale-draft.ts';

/** A cart line of coffee at Rp 15.000 whose product carries 11% PPN. */
const kopi = (quantity: number) => ({
  productId: '01900000-0000-7000-8000-000000000001',
  name: 'Kopi',
  sku: 'K1',
  unitPrice: 15_000,
  taxRate: 11,
  quantity,
  discount: 0,
});

describe('sale draft', () => {
  it('is a valid sale once the engine adds id, number and time', () => {
    const draft = saleDraftOf(
      {
        lines: [kopi(2)],
        discount: 500,
      },
      [{ method: 'cash', amount: 50_000 }],
      { pkp: true, priceMode: 'inclusive' },
      'Kasir 1',
    );
    expect(draft.lines[0]).not.toHaveProperty('discount');
    const parsed = SaleInput.safeParse({
      ...draft,
      id: '01900000-0000-7000-8000-000000000002',
      invoiceNumber: 'JKT-01-20260101-0001',
      createdAt: '2026-01-01T10:00:00.000Z',
    });
    expect(parsed.success).toBe(true);
    expect(draft.lines[0]?.taxRate).toBe(11);
  });

  it('records no PPN for a shop that is not a PKP', () => {
    const draft = saleDraftOf(
      {
        lines: [kopi(1)],
        discount: 0,
      },
      [{ method: 'cash', amount: 15_000 }],
      { pkp: false, priceMode: 'inclusive' },
      'Kasir 1',
    );
    expect(draft.lines[0]?.taxRate).toBe(0);
    expect(draft.priceMode).toBe('inclusive');
  });
});

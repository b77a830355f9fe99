import { describe, expect, it } from 'vitest';
import { compactSale, expandSale, parseCompactSale, type SaleFacts } from './compact-sale.ts';

const line = {
  productId: '0190a000-0000-7000-8000-000000000001',
  quantity: 2,
  unitPrice: 5000,
  discount: 0,
  cartDiscountShare: 0,
  taxRate: 11,
  amount: 10000,
};
const facts: SaleFacts = {
  id: '0190a000-0000-7000-8000-0000000000aa',
  branchId: '0190a000-0000-7000-8000-0000000000bb',
  deviceId: '0190a000-0000-7000-8000-0000000000cc',
  invoiceNumber: 'B-01-20260105-0001',
  createdAt: '2026-01-05T08:00:00.000Z',
  receivedAt: '2026-01-05T08:00:01.000Z',
  lines: [line, { ...line, quantity: 1, amount: 5000 }],
  payments: [{ method: 'cash', amount: 20000, reference: null }],
  subtotal: 15000,
  discount: 0,
  tax: 1486,
  total: 15000,
  paid: 20000,
  change: 5000,
  flags: [],
  cashierName: 'Ani',
  note: null,
};
const stored = JSON.stringify({
  ...Object.fromEntries(Object.entries(facts).slice(0, 6)),
  priceMode: 'inclusive',
  lines: facts.lines,
  payments: facts.payments,
  taxes: [{ taxRate: 11, net: 13514, dpp: 13514, nominalRate: 11, tax: 1486 }],
  ...Object.fromEntries(Object.entries(facts).slice(8)),
});

describe('compacted sale outcomes', () => {
  it('keep only what the sale rows do not hold, and expand to the stored text byte for byte', () => {
    const compact = compactSale(stored, facts);
    if (compact === undefined) throw new Error('not compacted');
    expect(Object.keys(parseCompactSale(compact).keep)).toEqual(['priceMode', 'taxes']);
    expect(compact.length * 2).toBeLessThan(stored.length);
    expect(expandSale(parseCompactSale(compact), facts)).toBe(stored);
  });

  it('keep a field the rows now tell differently, and drop one the stored sale did not have', () => {
    const { note: _note, ...withoutNote } = JSON.parse(stored) as Record<string, unknown>;
    const older = JSON.stringify({ ...withoutNote, flags: ['price_deviation'] });
    const compact = compactSale(older, facts);
    if (compact === undefined) throw new Error('not compacted');
    expect(parseCompactSale(compact)).toMatchObject({ keep: { flags: ['price_deviation'] }, drop: ['note'] });
    expect(expandSale(parseCompactSale(compact), facts)).toBe(older);
  });

  it('leave whole what would not come back the same: another key order, or no sale at all', () => {
    const { id, ...rest } = JSON.parse(stored) as Record<string, unknown>;
    expect(compactSale(JSON.stringify({ ...rest, id }), facts)).toBeUndefined();
    expect(compactSale('[1,2]', facts)).toBeUndefined();
    expect(compactSale('null', facts)).toBeUndefined();
  });

  it('keep fields a later protocol adds, after the known ones', () => {
    const newer = JSON.stringify({ ...(JSON.parse(stored) as object), loyaltyPoints: 3 });
    const compact = compactSale(newer, facts);
    if (compact === undefined) throw new Error('not compacted');
    expect(expandSale(parseCompactSale(compact), facts)).toBe(newer);
  });
});

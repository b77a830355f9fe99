import { summarizeSale, type Sale } from '@kasir/protocol';
import type { LocalSale } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import type { TillRefund } from '../drawer/drawer-store.ts';
import { buildReceipt } from '../receipt/receipt-model.ts';
import { fixtureContext, fixtureSale } from '../receipt/receipt-fixture.ts';
import { buildRefundReceipt } from '../receipt/refund-receipt-model.ts';
import { fixtureRefund, fixtureRefundContext } from '../receipt/refund-receipt-fixture.ts';
import {
  defaultRefundMethod,
  findSale,
  leftToRefund,
  refundableSales,
  refundLines,
  taxRatesOf,
  type RefundableSale,
} from './refundable-sale.ts';

const sale: RefundableSale = {
  id: 'sale-1',
  invoiceNumber: 'SMG-01-20261202-0007',
  createdAt: '2026-12-02T01:00:00.000Z',
  total: 9_000,
  deviceName: 'Kasir 2',
  methods: ['cash'],
  lines: [
    { productId: 'p1', quantity: 3, amount: 6_000 },
    { productId: 'p2', quantity: 1, amount: 3_000 },
  ],
  left: [3, 1],
};
const line = (saleLineNo: number, quantity: number) => ({
  saleLineNo,
  productId: 'p1',
  quantity,
  amount: 0,
  damaged: false,
});

describe('refunds at the till', () => {
  it('what is left counts each refund once, from this till and from the feed', () => {
    const mine = { id: 'r1', saleId: 'sale-1', lines: [line(0, 1)] };
    const feed = [mine, { id: 'r2', saleId: 'sale-1', lines: [line(0, 1), line(1, 1)] }];
    expect(leftToRefund(sale, [mine, ...feed])).toEqual([1, 0]);
    expect(leftToRefund(sale, [{ id: 'r3', saleId: 'other', lines: [line(0, 3)] }])).toEqual([3, 1]);
  });

  it('finds a sale by its receipt number, typed or inside a scanned code', () => {
    expect(findSale([sale], 'smg-01-20261202-0007')?.id).toBe('sale-1');
    expect(findSale([sale], 'https://toko.example/r/SMG-01-20261202-0007')?.id).toBe('sale-1');
    expect(findSale([sale], 'SMG-01-20261202-0008')).toBeUndefined();
    expect(findSale([sale], '')).toBeUndefined();
  });

  it("finds a sale by the counter on the paper, this till's before another's, newest first", () => {
    const own = { ...sale, id: 'own', invoiceNumber: 'SMG-02-20261202-0007', deviceName: null };
    const older = { ...own, id: 'own-older', invoiceNumber: 'SMG-02-20261201-0007' };
    expect(findSale([sale, own, older], '0007')?.id).toBe('own');
    expect(findSale([sale, own, older], '7')?.id).toBe('own');
    expect(findSale([sale], '7')?.id).toBe('sale-1');
    expect(findSale([sale, own], '8')).toBeUndefined();
  });

  it('money goes back the way it came: cash only for a cash sale with the drawer open', () => {
    expect(defaultRefundMethod({ methods: ['cash'] }, true)).toBe('cash');
    expect(defaultRefundMethod({ methods: ['cash'] }, false)).toBe('original');
    expect(defaultRefundMethod({ methods: ['qris'] }, true)).toBe('original');
    expect(defaultRefundMethod({ methods: ['cash', 'card'] }, true)).toBe('original');
    // A summary from before refunds existed does not say how it was paid.
    expect(defaultRefundMethod({ methods: [] }, true)).toBe('original');
  });

  it('what a refund takes back: at most what is left of each line, each with its share of the money', () => {
    expect(refundLines(sale, [2, 5])).toEqual([
      { saleLineNo: 0, productId: 'p1', quantity: 2, amount: 4_000 },
      { saleLineNo: 1, productId: 'p2', quantity: 1, amount: 3_000 },
    ]);
    expect(refundLines({ ...sale, left: [1, 0] }, [3, 1])).toEqual([
      { saleLineNo: 0, productId: 'p1', quantity: 1, amount: 2_000 },
    ]);
    expect(refundLines(sale, [0, 0])).toEqual([]);
  });

  it("a refund keeps its lines' rates for the receipt, or none when a feed summary did not send one", () => {
    const rated = {
      lines: [
        { ...sale.lines[0]!, taxRate: 11 },
        { ...sale.lines[1]!, taxRate: 0 },
      ],
    };
    expect(taxRatesOf(rated, [{ saleLineNo: 1 }, { saleLineNo: 0 }])).toEqual({ taxRates: [0, 11] });
    // The receipt would otherwise show part of the PPN given back as if it were all of it.
    expect(
      taxRatesOf({ lines: [rated.lines[0]!, sale.lines[1]!] }, [{ saleLineNo: 0 }, { saleLineNo: 1 }]),
    ).toEqual({});
  });

  it.each(['inclusive', 'exclusive'] as const)(
    'a whole void of a sale with prices %s of PPN gives back the PPN its sale receipt showed',
    (priceMode) => {
      // Paid in cash with room to spare: PPN added on top raises the total above the card payment.
      const input = {
        ...fixtureSale.input,
        priceMode,
        rounding: 0,
        payments: [{ method: 'cash' as const, amount: 1_000_000 }],
      };
      const sale: LocalSale = { ...fixtureSale, input };
      const [picked] = refundableSales([sale], [], []);
      if (picked === undefined) throw new Error('the fixture sale is not refundable');
      const lines = refundLines(picked, picked.left).map((l) => ({ ...l, damaged: false }));
      const voided: TillRefund = {
        ...fixtureRefund,
        reason: 'void',
        lines,
        total: lines.reduce((a, l) => a + l.amount, 0),
        ...taxRatesOf(picked, lines),
      };
      const given = buildRefundReceipt(voided, fixtureRefundContext).taxes;
      const charged = buildReceipt(sale, fixtureContext).taxes;
      expect(given.map((g) => g.taxRate)).toEqual([11, 12]);
      // Exactly, in both modes: with PPN added on top a rate's lines were paid A + T (T = the
      // rate's PPN, spread over them), and T is what the inclusive split of A + T rounds to.
      expect(given).toEqual(charged);
    },
  );

  it("a refund of another till's sale, from its feed summary, shows the PPN given back too", () => {
    // Rp 35.000 of coffee with 11% PPN included, and an exempt egg tray, sold on Kasir 2.
    const sale: Sale = {
      id: fixtureSale.id,
      branchId: '01900000-0000-7000-8000-0000000000b1',
      deviceId: '01900000-0000-7000-8000-0000000000d2',
      invoiceNumber: fixtureSale.invoiceNumber,
      createdAt: fixtureSale.createdAt,
      receivedAt: fixtureSale.createdAt,
      priceMode: 'inclusive',
      lines: [
        {
          productId: 'kopi',
          quantity: 2,
          unitPrice: 18_500,
          discount: 2_000,
          cartDiscountShare: 0,
          taxRate: 11,
          amount: 35_000,
        },
        {
          productId: 'telur',
          quantity: 1,
          unitPrice: 28_750,
          discount: 0,
          cartDiscountShare: 0,
          taxRate: 0,
          amount: 28_750,
        },
      ],
      payments: [{ method: 'cash', amount: 63_750, reference: null }],
      taxes: [{ taxRate: 11, net: 31_532, dpp: 28_904, nominalRate: 12, tax: 3_468 }],
      subtotal: 65_750,
      discount: 2_000,
      tax: 3_468,
      total: 63_750,
      paid: 63_750,
      change: 0,
      flags: [],
      cashierName: null,
      note: null,
    };
    const [picked] = refundableSales([], [summarizeSale(sale, 'Kasir 2')], []);
    if (picked === undefined) throw new Error('the summary is not refundable');
    const lines = refundLines(picked, picked.left).map((l) => ({ ...l, damaged: false }));
    const r = buildRefundReceipt(
      { ...fixtureRefund, lines, total: 63_750, ...taxRatesOf(picked, lines) },
      fixtureRefundContext,
    );
    expect(r.taxes).toEqual([
      { taxClass: 'standard', taxRate: 11, nominalRate: 12, dpp: 28_904, tax: 3_468 },
    ]);
  });
});

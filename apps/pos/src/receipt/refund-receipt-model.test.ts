import { describe, expect, it } from 'vitest';
import { buildReceipt } from './receipt-model.ts';
import { fixtureContext, fixtureSale } from './receipt-fixture.ts';
import { buildRefundReceipt } from './refund-receipt-model.ts';
import { fixtureRefund, fixtureRefundContext } from './refund-receipt-fixture.ts';

describe('refund receipt model', () => {
  it('starts as the shop sale receipts do, and names the sale, the cashier and how it was paid', () => {
    const r = buildRefundReceipt(fixtureRefund, fixtureRefundContext);
    const sale = buildReceipt(fixtureSale, fixtureContext);
    expect({ shopName: r.shopName, headerLines: r.headerLines, npwp: r.npwp }).toEqual({
      shopName: sale.shopName,
      headerLines: sale.headerLines,
      npwp: sale.npwp,
    });
    expect(r).toMatchObject({
      kind: 'refund',
      invoiceNumber: fixtureSale.invoiceNumber,
      dateTime: '02/12/2026 15.30 WITA',
      cashier: 'Siti Nurhaliza',
      total: 45_650,
      cash: true,
      paidWith: ['card', 'cash'],
      copy: false,
    });
    expect(r.lines).toEqual([
      { name: 'Kopi Susu Gula Aren', quantity: 1, amount: 17_250, damaged: false },
      { name: 'Telur Ayam Negeri 1 kg', quantity: 1, amount: 28_400, damaged: true },
    ]);
  });

  it('a void by the original method opens no drawer; a refund saved before paidWith was kept names no method', () => {
    const r = buildRefundReceipt(
      { ...fixtureRefund, reason: 'void', method: 'original' },
      { ...fixtureRefundContext, pkp: false },
    );
    expect(r).toMatchObject({ kind: 'void', cash: false, npwp: null });
    const { paidWith: _, ...older } = fixtureRefund;
    expect(buildRefundReceipt(older, fixtureRefundContext).paidWith).toEqual([]);
  });

  it("a PKP's refund shows the DPP and PPN it gives back, per rate; a shop that is no PKP, or rates not kept, none", () => {
    // One coffee (Rp 17.250, PPN included at 11% of DPP 11/12) and one exempt egg tray.
    expect(buildRefundReceipt(fixtureRefund, fixtureRefundContext).taxes).toEqual([
      { taxClass: 'standard', taxRate: 11, nominalRate: 12, dpp: 14_246, tax: 1_709 },
    ]);
    expect(buildRefundReceipt(fixtureRefund, { ...fixtureRefundContext, pkp: false }).taxes).toEqual([]);
    const { taxRates: _, ...older } = fixtureRefund;
    expect(buildRefundReceipt(older, fixtureRefundContext).taxes).toEqual([]);
  });
});

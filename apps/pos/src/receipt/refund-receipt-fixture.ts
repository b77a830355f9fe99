import type { TillRefund } from '../drawer/drawer-store.ts';
import { fixtureContext, fixtureSale } from './receipt-fixture.ts';
import type { RefundReceiptContext } from './refund-receipt-model.ts';

/** A cash refund of two lines of the fixture sale, one of them damaged, for the refund receipt's tests. */
export const fixtureRefund: TillRefund = {
  id: '01900000-0000-7000-8000-00000000000b',
  saleId: fixtureSale.id,
  invoiceNumber: fixtureSale.invoiceNumber,
  createdAt: '2026-12-02T07:30:00.000Z',
  reason: 'return',
  method: 'cash',
  lines: [
    { saleLineNo: 0, productId: 'kopi', quantity: 1, amount: 17_250, damaged: false },
    { saleLineNo: 2, productId: 'telur', quantity: 1, amount: 28_400, damaged: true },
  ],
  shiftId: '01900000-0000-7000-8000-00000000000c',
  staffId: null,
  total: 45_650,
  paidWith: ['card', 'cash'],
  taxRates: [11, 0],
};

export const fixtureRefundContext: RefundReceiptContext = {
  ...fixtureContext,
  cashier: 'Siti Nurhaliza',
  copy: false,
};

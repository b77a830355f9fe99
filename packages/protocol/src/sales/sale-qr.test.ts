import { describe, expect, it } from 'vitest';
import { parseSaleQr, saleQrPayload } from './sale-qr.ts';

describe('sale QR on the receipt', () => {
  it('round-trips the sale id and receipt number, and refuses other codes', () => {
    const sale = { id: '01900000-0000-7000-8000-000000000001', invoiceNumber: 'JKT-01-20260101-0007' };
    expect(parseSaleQr(saleQrPayload(sale))).toEqual({ saleId: sale.id, invoiceNumber: sale.invoiceNumber });
    expect(parseSaleQr('8991234567890')).toBeNull();
    expect(parseSaleQr('KASIR1|JKT-01|not-an-id')).toBeNull();
  });
});

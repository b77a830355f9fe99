import type { LocalSale } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import { renderStatic, textOf } from '../testing/render-static.ts';
import { buildReceipt } from './receipt-model.ts';
import { ReceiptView } from './receipt-view.tsx';

const sale: LocalSale = {
  id: '01900000-0000-7000-8000-000000000001',
  invoiceNumber: 'JKT-01-20260101-0007',
  createdAt: '2026-01-01T10:00:00.000Z',
  total: 111_000,
  itemCount: 1,
  input: {
    id: '01900000-0000-7000-8000-000000000001',
    invoiceNumber: 'JKT-01-20260101-0007',
    createdAt: '2026-01-01T10:00:00.000Z',
    lines: [{ productId: 'a', quantity: 1, unitPrice: 111_000, taxRate: 11 }],
    payments: [{ method: 'cash', amount: 120_000 }],
  },
  sync: { kind: 'pending' },
};

const receiptOf = (copy: boolean, s: LocalSale = sale) =>
  buildReceipt(s, {
    shopName: 'Toko Maju',
    header: '',
    footer: 'Terima kasih',
    cashier: 'Kasir 1',
    nameOf: () => 'Beras',
    pkp: true,
    copy,
  });

describe('receipt view', () => {
  it('prints number, lines, DPP and PPN, change and the "Belum tersinkron" marker', async () => {
    const text = textOf(await renderStatic(ReceiptView, { receipt: receiptOf(false), paperWidth: 58 }));
    expect(text).toContain('No: JKT-01-20260101-0007');
    expect(text).toContain('Beras 1 × Rp 111.000 Rp 111.000');
    expect(text).toContain('DPP Rp 91.667 PPN 12% Rp 11.000');
    expect(text).toContain('Kembalian Rp 9.000');
    expect(text).toContain('Belum tersinkron');
    expect(text).not.toContain('SALINAN');
  });

  it('marks a reprint as a copy and drops the marker once synced', async () => {
    const synced: LocalSale = { ...sale, sync: { kind: 'synced', at: '2026-01-01T10:00:01Z', flags: [] } };
    const html = await renderStatic(ReceiptView, { receipt: receiptOf(true, synced), paperWidth: 80 });
    expect(textOf(html)).toContain('*** SALINAN ***');
    expect(textOf(html)).not.toContain('Belum tersinkron');
    expect(html).toContain('receipt--80');
  });
});

describe('receipt view, issue 15.6', () => {
  it('keeps "Belum tersinkron" off paper and names two tax groups apart', async () => {
    const { fixtureSale, fixtureContext } = await import('./receipt-fixture.ts');
    const html = await renderStatic(ReceiptView, {
      receipt: buildReceipt(fixtureSale, fixtureContext),
      paperWidth: 58,
    });
    expect(html).toMatch(/class="receipt__pending no-print"/);
    const text = textOf(html);
    expect(text).toContain('PPN barang umum (DPP 11/12)');
    expect(text).toContain('PPN barang mewah');
    expect(text).toContain('Telur Ayam Negeri 1 kg *');
    expect(text).toContain('* Tidak dikenai PPN');
    expect(text).toContain('Pembulatan -Rp 50');
    expect(text).toContain('NPWP 01.234.567.8-901.000');
  });
});

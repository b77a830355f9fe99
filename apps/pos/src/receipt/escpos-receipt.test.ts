import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/create-i18n.ts';
import { encodeReceipt, encodeRefundReceipt, pairLines, wrap, type PaperColumns } from './escpos-receipt.ts';
import { fixtureContext, fixtureSale } from './receipt-fixture.ts';
import { buildReceipt } from './receipt-model.ts';
import { buildRefundReceipt } from './refund-receipt-model.ts';
import { fixtureRefund, fixtureRefundContext } from './refund-receipt-fixture.ts';

const goldenPath = (cols: PaperColumns): URL => new URL(`./golden/receipt-${cols}.hex`, import.meta.url);
/** Hex, 32 bytes a line, so a change shows as a readable diff. */
const hex = (bytes: Uint8Array): string =>
  (
    Buffer.from(bytes)
      .toString('hex')
      .match(/.{1,64}/g) ?? []
  ).join('\n') + '\n';
const has = (bytes: Uint8Array, seq: readonly number[]): boolean =>
  Buffer.from(bytes).indexOf(Buffer.from(seq)) >= 0;
const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')];

async function receiptBytes(cols: PaperColumns, openDrawer: boolean): Promise<Uint8Array> {
  const i18n = await createI18n('id');
  const model = buildReceipt(fixtureSale, fixtureContext);
  return encodeReceipt(model, (k, o) => (o === undefined ? i18n.t(k) : i18n.t(k, o)), {
    columns: cols,
    openDrawer,
  });
}

describe('ESC/POS receipt', () => {
  for (const cols of [32, 48] as const) {
    it(`golden bytes at ${cols === 32 ? '58' : '80'} mm (${cols} columns), Indonesian text and the sale QR`, async () => {
      const bytes = await receiptBytes(cols, true);
      // KASIR_UPDATE_GOLDEN=1 rewrites the files after a deliberate layout change (review the diff).
      if (process.env['KASIR_UPDATE_GOLDEN'] === '1') writeFileSync(goldenPath(cols), hex(bytes));
      expect(hex(bytes)).toBe(readFileSync(goldenPath(cols), 'utf8'));
      expect(has(bytes, [0x1b, 0x40])).toBe(true); // ESC @ initialise
      expect(has(bytes, ascii('Kembalian'))).toBe(true);
      expect(has(bytes, ascii('PPN barang mewah'))).toBe(true);
      expect(has(bytes, ascii('Pembulatan'))).toBe(true);
      expect(has(bytes, ascii('NPWP 01.234.567.8-901.000'))).toBe(true);
      expect(has(bytes, ascii('02/12/2026 14.05 WITA'))).toBe(true);
      expect(has(bytes, ascii('**** 4242 Appr A1B2C3'))).toBe(true);
      // GS ( k ... 50 30: store the QR data, which is the sale's QR payload.
      expect(has(bytes, [0x1d, 0x28, 0x6b])).toBe(true);
      expect(has(bytes, ascii(`KASIR1|${fixtureSale.invoiceNumber}|${fixtureSale.id}`))).toBe(true);
      expect(has(bytes, ascii('Belum tersinkron'))).toBe(false);
    });
  }

  it('prints the customer under the cashier for a sale made for one', async () => {
    const i18n = await createI18n('id');
    const sale = { ...fixtureSale, input: { ...fixtureSale.input, customerId: fixtureSale.id } };
    const model = buildReceipt(sale, { ...fixtureContext, customerName: 'Dewi Lestari' });
    const bytes = encodeReceipt(model, (k, o) => (o === undefined ? i18n.t(k) : i18n.t(k, o)), {
      columns: 32,
      openDrawer: false,
    });
    const at = (s: string) => Buffer.from(bytes).indexOf(Buffer.from(s, 'latin1'));
    expect(at('Pelanggan: Dewi Lestari')).toBeGreaterThan(at('Kasir: Siti Nurhaliza'));
    expect(at('Kasir: Siti Nurhaliza')).toBeGreaterThan(0);
    expect(has(await receiptBytes(32, false), ascii('Pelanggan'))).toBe(false);
  });

  it('a receipt of a sale that went back says so at the top', async () => {
    const i18n = await createI18n('id');
    const voided = {
      id: 'r1',
      saleId: fixtureSale.id,
      total: 382_600,
      lines: fixtureSale.input.lines.map((l, i) => ({ ...l, saleLineNo: i, amount: 0, damaged: false })),
    };
    const model = buildReceipt(fixtureSale, { ...fixtureContext, refunds: [voided] });
    const bytes = encodeReceipt(model, (k, o) => (o === undefined ? i18n.t(k) : i18n.t(k, o)), {
      columns: 32,
      openDrawer: false,
    });
    const at = (s: string) => Buffer.from(bytes).indexOf(Buffer.from(s, 'latin1'));
    expect(at('*** SELURUHNYA DIKEMBALIKAN ***')).toBeGreaterThan(0);
    expect(at('*** SELURUHNYA DIKEMBALIKAN ***')).toBeLessThan(at('Toko Sembako Makmur Jaya'));
  });

  it('pulses the drawer (ESC p) only when asked, after the cut', async () => {
    const withDrawer = await receiptBytes(32, true);
    const without = await receiptBytes(32, false);
    expect(has(withDrawer, [0x1b, 0x70, 0x00])).toBe(true);
    expect(has(without, [0x1b, 0x70])).toBe(false);
  });

  it('speaks StarPRNT to a Star printer: no ESC/POS QR command, the same text', async () => {
    const i18n = await createI18n('id');
    const model = buildReceipt(fixtureSale, fixtureContext);
    const star = encodeReceipt(model, (k, o) => (o === undefined ? i18n.t(k) : i18n.t(k, o)), {
      columns: 48,
      openDrawer: true,
      language: 'star-prnt',
    });
    expect(has(star, ascii('Kembalian'))).toBe(true);
    expect(has(star, [0x1d, 0x28, 0x6b])).toBe(false);
    expect(Buffer.from(star).equals(Buffer.from(await receiptBytes(48, true)))).toBe(false);
  });

  it('prints a refund under the same shop header, with the sale it undoes, and pulses the drawer only when asked', async () => {
    const i18n = await createI18n('id');
    const t = (k: string, o?: Record<string, unknown>) => (o === undefined ? i18n.t(k) : i18n.t(k, o));
    const model = buildRefundReceipt(fixtureRefund, fixtureRefundContext);
    const sale = await receiptBytes(32, false);
    const bytes = encodeRefundReceipt(model, t, { columns: 32, openDrawer: true });
    // The shop's header (name, address, header line, NPWP) is byte for byte the sale receipt's.
    const header = Buffer.from(sale).subarray(0, Buffer.from(sale).indexOf(Buffer.from('-'.repeat(32))));
    expect(Buffer.from(bytes).indexOf(header)).toBe(0);
    for (const text of [
      'STRUK REFUND',
      `Untuk struk ${fixtureSale.invoiceNumber}`,
      'Tanggal: 02/12/2026 15.30 WITA',
      'Kasir: Siti Nurhaliza',
      '1 x Kopi Susu Gula Aren',
      '  (Rusak)',
      'Alasan: Retur pelanggan',
      'Total dikembalikan',
      'Rp 45.650',
      'Tunai dari laci',
      'Termasuk PPN yang dikembalikan',
      'PPN barang umum (DPP 11/12)',
      '14.246',
      'PPN 12%',
      '1.709',
    ])
      expect(has(bytes, ascii(text)), text).toBe(true);
    expect(has(bytes, [0x1b, 0x70, 0x00])).toBe(true);
    const voided = encodeRefundReceipt(
      buildRefundReceipt({ ...fixtureRefund, reason: 'void', method: 'original' }, fixtureRefundContext),
      t,
      { columns: 48, openDrawer: false },
    );
    expect(has(voided, ascii('STRUK PEMBATALAN'))).toBe(true);
    expect(has(voided, ascii('Metode pembayaran asal: Kartu (EDC), Tunai'))).toBe(true);
    expect(has(voided, [0x1b, 0x70])).toBe(false);
    // A cash sale given back by "its own method" is cash from somewhere else than this drawer.
    const cashSale = encodeRefundReceipt(
      buildRefundReceipt({ ...fixtureRefund, method: 'original', paidWith: ['cash'] }, fixtureRefundContext),
      t,
      { columns: 48, openDrawer: false },
    );
    expect(has(cashSale, ascii('Tunai, bukan dari laci'))).toBe(true);
  });

  it('fits every printed line in the paper width', () => {
    for (const cols of [32, 48]) {
      const out = [
        ...pairLines('Beras Pandan Wangi Premium 5 kg 1 x 74.900', '74.900', cols),
        ...wrap('Parfum Impor Eau de Toilette Extra Long Name Without Breaks', cols),
        ...wrap('x'.repeat(100), cols),
      ];
      for (const line of out) expect(line.length).toBeLessThanOrEqual(cols);
    }
    expect(pairLines('Subtotal', '100.000', 32)).toEqual([`Subtotal${' '.repeat(17)}100.000`]);
  });
});

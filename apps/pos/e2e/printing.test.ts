import { join } from 'node:path';
import { parseQris } from '@kasir/protocol';
import { postSimulatedPayment, simulatorAcquirer } from '@kasir/server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, SCREENSHOTS, addBySearch, seedCatalog, startHarness, type Harness } from './harness.ts';

/*
 * Issue 14 in Chromium: a stubbed `navigator.usb` stands for a USB thermal printer and records
 * every byte sent to it; a flag in localStorage makes it fail like an unplugged printer.
 */

/** A static merchant QRIS published by Nobu Bank's merchant (see packages/protocol/src/payments/qris.test.ts). */
const MERCHANT_QRIS =
  '00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE OK12295776006KEDIRI61056421262070703A0163047127';

/** Runs in the page before the app: the fake printer. */
function installFakePrinter(): void {
  const w = window as unknown as { printerBytes: number[][] };
  w.printerBytes = [];
  const device = {
    vendorId: 0x0416,
    productId: 0x5011,
    serialNumber: 'E2E-58',
    productName: 'POS-58 (stub)',
    opened: false,
    configuration: null as unknown,
    open() {
      this.opened = true;
      return Promise.resolve();
    },
    selectConfiguration() {
      this.configuration = {
        interfaces: [
          {
            interfaceNumber: 0,
            alternate: {
              interfaceClass: 7,
              endpoints: [
                { endpointNumber: 2, direction: 'in', type: 'bulk' },
                { endpointNumber: 1, direction: 'out', type: 'bulk' },
              ],
            },
          },
        ],
      };
      return Promise.resolve();
    },
    claimInterface: () => Promise.resolve(),
    transferOut(_endpoint: number, data: Uint8Array) {
      if (localStorage.getItem('e2e.printerFails') === '1') {
        return Promise.reject(new DOMException('A transfer error has occurred.', 'NetworkError'));
      }
      w.printerBytes.push([...data]);
      return Promise.resolve({ status: 'ok', bytesWritten: data.length });
    },
    close() {
      this.opened = false;
      return Promise.resolve();
    },
  };
  Object.defineProperty(navigator, 'usb', {
    configurable: true,
    value: {
      requestDevice: () => {
        localStorage.setItem('e2e.usbGranted', '1');
        return Promise.resolve(device);
      },
      getDevices: () => Promise.resolve(localStorage.getItem('e2e.usbGranted') === '1' ? [device] : []),
    },
  });
}

const SIMULATOR_SECRET = 'e2e-simulator-secret-0123456789';

const printed = async (page: Page): Promise<Buffer[]> =>
  (await page.evaluate(() => (window as unknown as { printerBytes: number[][] }).printerBytes)).map((b) =>
    Buffer.from(b),
  );
const ESC_P = Buffer.from([0x1b, 0x70]);

describe('printing, drawer and QRIS (issue 14; issue 15 items 6 and 8)', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness({ acquirers: [simulatorAcquirer(SIMULATOR_SECRET)] });
    const branch = await h.admin.branch('SBY', 'Toko Makmur Surabaya');
    await seedCatalog(h, branch.id, 4);
    const extra = await h.admin.products([
      { sku: 'GULA-1', name: 'Gula Pasir 1 kg', price: 18_750, category: 'Sembako', taxRate: 11 },
      { sku: 'TELUR-1', name: 'Telur Ayam 1 kg', price: 28_750, category: 'Sembako', taxRate: 0 },
    ]);
    for (const p of extra) await h.admin.stock(branch.id, p.id, 50);
    // The owner's settings in the back office reach the till through the branch feed (issue 15).
    const patched = await fetch(`${h.server.url}/api/admin/branches/${branch.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        qrisMerchant: MERCHANT_QRIS,
        cashRounding: 100,
        // A PKP: its receipts carry the DPP/PPN groups and the exempt mark.
        pkp: true,
        paymentMethods: [{ method: 'ewallet', enabled: true, referenceRequired: true }],
      }),
    });
    expect(patched.status).toBe(200);
    const code = await h.admin.pairingCode(branch.id, 'Kasir 1');
    context = await h.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
    await context.addInitScript(installFakePrinter);
    page = await context.newPage();
    await page.goto(h.server.url);
    await page.getByTestId('pair-code').fill(code);
    await page.getByTestId('pair-submit').click();
    await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('chooses and remembers a USB printer; auto-print on', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('choose-printer-usb').click();
    await expect.poll(() => page.getByTestId('printer-chosen').textContent()).toContain('POS-58 (stub)');
    await page.getByTestId('auto-print').check();
    await page.getByTestId('test-print').click();
    await expect.poll(async () => (await printed(page)).length).toBe(1);
    expect((await printed(page))[0]!.includes(Buffer.from('TES PRINTER KASIR'))).toBe(true);
    await page.getByTestId('nav-sell').click();
  });

  it('a cash sale prints by itself, rounded to Rp 100, and kicks the drawer', async () => {
    // 2 x 18.750 + 28.750 = 66.250, rounded down to 66.200 for cash.
    await addBySearch(page, 'Gula Pasir');
    await addBySearch(page, 'Gula Pasir');
    await addBySearch(page, 'Telur Ayam');
    // The cart already says what cash pays, before the payment screen asks for it.
    expect(await page.getByTestId('cart-total').textContent()).toBe('Rp 66.250');
    expect(await page.getByTestId('cart-cash-total').textContent()).toBe('Rp 66.200');
    await page.getByTestId('pay').click();
    expect(await page.getByTestId('due').textContent()).toBe('Rp 66.200');
    expect(await page.getByTestId('rounding').textContent()).toBe('-Rp 50');
    await page.getByTestId('quick-cash').first().click();
    await page.getByTestId('complete').click();
    const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
    expect(await page.getByTestId('receipt-rounding').textContent()).toBe('-Rp 50');
    await expect.poll(async () => (await printed(page)).length).toBe(2);
    const bytes = (await printed(page))[1]!;
    expect(bytes.includes(Buffer.from(number))).toBe(true);
    expect(bytes.includes(Buffer.from('Pembulatan'))).toBe(true);
    expect(bytes.includes(Buffer.from('* Tidak dikenai PPN'))).toBe(true);
    expect(bytes.includes(Buffer.from('Belum tersinkron'))).toBe(false);
    expect(bytes.includes(ESC_P)).toBe(true);
    await page.getByTestId('receipt-qr').waitFor();
    await page.getByTestId('receipt').screenshot({ path: join(SCREENSHOTS, 'receipt-58mm.png') });
    await page.getByTestId('new-sale').click();
  });

  it('a card sale needs no reference (issue 15.8) and does not open the drawer', async () => {
    await addBySearch(page, 'Kopi Susu');
    await page.getByTestId('pay').click();
    await page.getByTestId('method-card').click();
    await page.getByTestId('add-payment').click();
    await page.getByTestId('complete').click();
    await page.getByTestId('receipt-screen').waitFor();
    await expect.poll(async () => (await printed(page)).length).toBe(3);
    expect((await printed(page))[2]!.includes(ESC_P)).toBe(false);
    await page.getByTestId('new-sale').click();
    // An e-wallet payment here must carry its reference: the branch requires it.
    await addBySearch(page, 'Kopi Susu');
    await page.getByTestId('pay').click();
    await page.getByTestId('method-ewallet').click();
    await page.getByTestId('add-payment').click();
    expect(await page.getByRole('alert').textContent()).toContain('E-wallet');
    await page.getByTestId('pay-reference').fill('OVO-123');
    await page.getByTestId('add-payment').click();
    await page.getByTestId('complete').click();
    await page.getByTestId('new-sale').click();
  });

  it('a refund prints its own receipt by itself, and the drawer opens for cash given back', async () => {
    await page.getByTestId('nav-shift').click();
    await page.getByTestId('shift-float').fill('100000');
    await page.getByTestId('shift-open').click();
    await page.getByTestId('shift-float-shown').waitFor();
    await page.getByTestId('nav-sell').click();
    const atStart = (await printed(page)).length;
    await addBySearch(page, 'Teh Botol');
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').first().click();
    await page.getByTestId('complete').click();
    const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
    await expect.poll(async () => (await printed(page)).length).toBe(atStart + 1);
    await page.getByTestId('new-sale').click();
    await page.getByTestId('nav-refund').click();
    await page.getByTestId('refund-search').fill(number);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-qty-0').fill('1');
    expect(await page.getByTestId('refund-method-cash').isChecked()).toBe(true);
    await page.getByTestId('refund-submit').click();
    await page.getByTestId('refund-receipt').waitFor();
    await expect.poll(async () => (await printed(page)).length).toBe(atStart + 2);
    const bytes = (await printed(page))[atStart + 1]!;
    for (const text of ['STRUK REFUND', `Untuk struk ${number}`, 'Tunai dari laci', 'Retur pelanggan'])
      expect(bytes.includes(Buffer.from(text)), text).toBe(true);
    expect(bytes.includes(ESC_P)).toBe(true);
    // Printed again from its screen: a copy, marked so, that does not open the drawer again.
    await page.getByTestId('refund-print').click();
    await expect.poll(async () => (await printed(page)).length).toBe(atStart + 3);
    const again = (await printed(page))[atStart + 2]!;
    expect(again.includes(Buffer.from('*** SALINAN ***'))).toBe(true);
    expect(again.includes(ESC_P)).toBe(false);
    expect(await page.getByTestId('refund-receipt-copy').count()).toBe(1);
    await page.getByTestId('refund-done').click();
    // The X report goes to the same printer, as laid out on screen, and opens no drawer.
    await page.getByTestId('nav-shift').click();
    await page.getByTestId('x-report-show').click();
    await page.getByTestId('x-print').click();
    await expect.poll(async () => (await printed(page)).length).toBe(atStart + 4);
    const report = (await printed(page))[atStart + 3]!;
    expect(report.includes(Buffer.from('LAPORAN X'))).toBe(true);
    expect(report.includes(Buffer.from('Refund tunai'))).toBe(true);
    expect(report.includes(ESC_P)).toBe(false);
    await page.getByTestId('nav-sell').click();
  });

  it('a failing printer leaves the sale intact and queued, across a reload, until it prints', async () => {
    await page.evaluate(() => localStorage.setItem('e2e.printerFails', '1'));
    const before = (await printed(page)).length;
    await addBySearch(page, 'Teh Botol');
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').first().click();
    await page.getByTestId('complete').click();
    const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
    await page.getByTestId('print-queue').waitFor();
    expect(await page.getByTestId('print-queue-count').getAttribute('data-count')).toBe('1');
    expect((await printed(page)).length).toBe(before);
    // The sale is recorded and reaches the server as usual.
    await expect.poll(() => page.getByTestId('receipt-pending').count(), { timeout: 30_000 }).toBe(0);
    const row = await h.server.db.kysely
      .selectFrom('sales')
      .select('id')
      .where('invoiceNumber', '=', number)
      .executeTakeFirst();
    expect(row).toBeDefined();

    await page.reload();
    await page.getByTestId('print-queue').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('print-queue-count').getAttribute('data-count')).toBe('1');
    await page.evaluate(() => localStorage.removeItem('e2e.printerFails'));
    await page.getByTestId('print-retry').click();
    await expect.poll(() => page.getByTestId('print-queue').count()).toBe(0);
    const after = await printed(page);
    expect(after).toHaveLength(1);
    expect(after[0]!.includes(Buffer.from(number))).toBe(true);
    expect(after[0]!.includes(ESC_P)).toBe(true);
  });

  it('a QRIS sale offline end to end: dynamic code for the exact amount, reference stored with the sale', async () => {
    await context.setOffline(true);
    await addBySearch(page, 'Gula Pasir');
    await page.getByTestId('pay').click();
    await page.getByTestId('method-qris').click();
    await page.getByTestId('qris-code').waitFor();
    const payload = (await page.getByTestId('qris').getAttribute('data-payload')) ?? '';
    expect(parseQris(payload)).toEqual({
      ok: true,
      merchantName: 'GRANOOL STORE OK1229577',
      merchantCity: 'KEDIRI',
      amount: 18_750,
    });
    expect(payload.slice(0, 12)).toBe('000201010212');
    for (const [name, width, height] of [
      ['phone', 390, 844],
      ['tablet', 1024, 768],
      ['desktop', 1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('qris-code').scrollIntoViewIfNeeded();
      const box = await page.getByTestId('qris-code').boundingBox();
      expect(box!.width).toBeGreaterThanOrEqual(250);
      await page.screenshot({ path: join(SCREENSHOTS, `payment-qris-${name}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 860 });
    const reference = /Ref (QR\w+)/.exec((await page.getByTestId('qris').textContent()) ?? '')?.[1] ?? '';
    expect(reference).toMatch(/^QR\d{12}[A-Z]{2}$/);
    await page.getByTestId('qris-confirm').click();
    await page.getByTestId('complete').click();
    const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
    expect(await page.getByTestId('receipt-payment').textContent()).toContain(`QRIS (${reference})`);
    expect(await page.getByTestId('receipt-pending').textContent()).toBe('Belum tersinkron');

    // Issue 15.6: on paper no "Belum tersinkron", and a page size Chromium takes (not Letter).
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('receipt-pending').isVisible()).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    expect(Number(box?.[1])).toBeCloseTo((58 / 25.4) * 72, 0);
    expect(Number(box?.[2])).toBeGreaterThan(200);
    await page.emulateMedia({ media: 'screen' });

    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('receipt-pending').count(), { timeout: 60_000 }).toBe(0);
    const sale = await h.server.db.kysely
      .selectFrom('sales')
      .innerJoin('salePayments', 'salePayments.saleId', 'sales.id')
      .select(['salePayments.method', 'salePayments.reference', 'salePayments.amount'])
      .where('sales.invoiceNumber', '=', number)
      .execute();
    expect(sale.map((p) => ({ ...p, amount: Number(p.amount) }))).toEqual([
      { method: 'qris', reference, amount: 18_750 },
    ]);
  });

  it('online, the acquirer confirms the QRIS payment by webhook and the till takes it by itself', async () => {
    await page.getByTestId('new-sale').click();
    await addBySearch(page, 'Telur Ayam');
    await page.getByTestId('pay').click();
    await page.getByTestId('method-qris').click();
    await page.getByTestId('qris-code').waitFor();
    const reference = /Ref (QR\w+)/.exec((await page.getByTestId('qris').textContent()) ?? '')?.[1] ?? '';
    const status = await postSimulatedPayment(h.server.url, SIMULATOR_SECRET, {
      externalId: 'sim-e2e-1',
      reference,
      amount: 28_750,
      status: 'paid',
      paidAt: new Date().toISOString(),
    });
    expect(status).toBe(200);
    // No click on "Pembayaran QRIS diterima": the confirmation adds the payment.
    await expect
      .poll(() => page.getByTestId('payments').textContent(), { timeout: 15_000 })
      .toContain(reference);
    await page.getByTestId('complete').click();
    expect(await page.getByTestId('receipt-payment').textContent()).toContain(`QRIS (${reference})`);
  });

  it('after a start, the receipt warm-up runs in an idle moment and prints and shows nothing', async () => {
    // Auto-print is on (above): a warm-up receipt taken for a sale just made would print.
    await page.reload();
    const printedBefore = await page.evaluate(() => localStorage.getItem('kasir.printed'));
    await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByName('kasir:receipt-warmed-up').length))
      .toBe(1);
    await page.waitForTimeout(500);
    expect(await printed(page)).toHaveLength(0);
    expect(await page.getByTestId('receipt-screen').count()).toBe(0);
    expect(await page.getByTestId('print-queue').count()).toBe(0);
    expect(await page.getByText('WARM-UP').count()).toBe(0);
    // Nothing marked printed either (the receipts printed so far are this file's sales).
    expect(await page.evaluate(() => localStorage.getItem('kasir.printed'))).toBe(printedBefore);
  });
});

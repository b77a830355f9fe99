import { unwrap } from '@kasir/admin-client';
import type { Product } from '@kasir/protocol';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  addBySearch,
  payExactCash,
  seedCatalog,
  startHarness,
  type Harness,
} from './harness.ts';

/**
 * In the page: IndexedDB refuses the next sale's transaction once, as a full disk would. It aborts
 * at the journal's write, with everything the transaction wrote before.
 */
const FAIL_NEXT_SALE_WRITE = `(() => {
  const add = IDBObjectStore.prototype.add;
  let failed = false;
  IDBObjectStore.prototype.add = function (...args) {
    const request = add.apply(this, args);
    if (!failed && this.name === 'journal') {
      failed = true;
      this.transaction.abort();
    }
    return request;
  };
})()`;

describe('cashier app: first run and selling', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let products: Product[];

  beforeAll(async () => {
    h = await startHarness();
    context = await h.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('first run: the setup page creates the branch and this device with the admin token', async () => {
    await page.goto(h.server.url);
    await page.getByTestId('setup-admin-token').fill(ADMIN_TOKEN);
    await page.getByTestId('setup-branch-code').fill('JKT');
    await page.getByTestId('setup-branch-name').fill('Toko Maju Jaya');
    await page.getByTestId('setup-device-name').fill('Kasir 1');
    await page.getByTestId('pair-submit').click();
    await page.getByTestId('sell-screen').waitFor();
    const branches = unwrap(await h.admin.client.listBranches());
    expect(branches.map((b) => b.code)).toEqual(['JKT']);
    // A PKP (registered for PPN): its receipts carry the DPP/PPN summary (a non-PKP's do not).
    const pkp = await fetch(`${h.server.url}/api/admin/branches/${branches[0]!.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pkp: true }),
    });
    expect(pkp.status).toBe(200);
    products = await seedCatalog(h, branches[0]!.id);
    // The catalog arrives by realtime or the next pull; a reload starts a sync at once.
    await page.reload();
    await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    // Persisted identity: the reload did not ask to pair again.
    expect(await page.getByTestId('pairing').count()).toBe(0);
  });

  it('sells by search as you type, and shows the receipt at once (S1, S10)', async () => {
    // A till that never opened a shift sells without a word about shifts.
    expect(await page.getByTestId('shift-reminder').count()).toBe(0);
    await page.getByTestId('search').fill('kopi susu');
    await expect.poll(() => page.getByTestId('product-tile').count()).toBe(1);
    await page.getByTestId('search').press('Enter');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    expect(await page.getByTestId('cart-total').textContent()).toBe('Rp 5.000');
    const number = await payExactCash(page);
    expect(number).toMatch(/^JKT-01-\d{8}-0001$/);
    expect(await page.getByTestId('receipt-total').textContent()).toBe('Rp 5.000');
    await expect.poll(() => page.getByTestId('receipt-pending').count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId('new-sale').click();
  });

  it('sells by a scanned barcode (keyboard wedge: digits + Enter anywhere)', async () => {
    const roti = products.find((p) => p.sku === 'SKU-5')!;
    // Focus on a product button: the scanner's Enter must add the scanned product, not click it.
    await page.locator('[data-testid=product-tile][data-sku=SKU-1]').focus();
    await page.keyboard.type(roti.barcodes[0]!, { delay: 5 });
    await page.keyboard.press('Enter');
    await page.keyboard.type(roti.barcodes[0]!, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('line-qty').inputValue()).toBe('2');
    expect(await page.getByTestId('cart-total').textContent()).toBe('Rp 35.000');
    await payExactCash(page);
    expect(await page.getByTestId('receipt-total').textContent()).toBe('Rp 35.000');
    await page.getByTestId('new-sale').click();
  });

  it('takes a split payment (QRIS with reference + cash) and gives change', async () => {
    await addBySearch(page, 'Sabun Mandi');
    await addBySearch(page, 'Deterjen');
    expect(await page.getByTestId('cart-total').textContent()).toBe('Rp 45.900');
    await page.getByTestId('pay').click();
    await page.getByTestId('method-qris').click();
    await page.getByTestId('pay-amount').fill('20000');
    await page.getByTestId('pay-reference').fill('QR-778899');
    await page.getByTestId('add-payment').click();
    expect(await page.getByTestId('due').textContent()).toBe('Rp 25.900');
    await page.getByTestId('method-cash').click();
    await page.getByTestId('pay-amount').fill('50000');
    // Enter in the amount adds the payment, as the button does.
    await page.getByTestId('pay-amount').press('Enter');
    expect(await page.getByTestId('change').textContent()).toBe('Rp 24.100');
    await page.getByTestId('complete').click();
    expect(await page.getByTestId('receipt-change').textContent()).toBe('Rp 24.100');
    expect(await page.getByTestId('receipt').textContent()).toContain('QR-778899');
    // Tax summary of a PKP: DPP and PPN 12% on 11/12 of the net price.
    expect(await page.getByTestId('receipt-taxes').textContent()).toContain('PPN 12%');
    await page.getByTestId('new-sale').click();
  });

  it('holds a cart and resumes it', async () => {
    await addBySearch(page, 'Indomie');
    await page.getByTestId('hold').click();
    await page.getByTestId('hold-confirm').click();
    expect(await page.getByTestId('cart-line').count()).toBe(0);
    await addBySearch(page, 'Air Mineral');
    await payExactCash(page);
    await page.getByTestId('new-sale').click();
    await page.getByTestId('held-toggle').click();
    await page.getByTestId('resume').click();
    await expect.poll(() => page.locator('[data-testid=cart-line][data-sku=SKU-4]').count()).toBe(1);
    await payExactCash(page);
    await page.getByTestId('new-sale').click();
  });

  it('voids a line and a whole cart', async () => {
    await addBySearch(page, 'Indomie');
    await addBySearch(page, 'Keripik');
    await page.locator('[data-testid=cart-line][data-sku=SKU-4] [data-testid=void-line]').click();
    expect(await page.getByTestId('cart-line').count()).toBe(1);
    await page.getByTestId('void-cart').click();
    await page.getByTestId('void-cart-yes').click();
    expect(await page.getByTestId('cart-line').count()).toBe(0);
  });

  it('prints the receipt with print CSS, and a reprint is marked as a copy', async () => {
    await addBySearch(page, 'Teh Botol');
    await addBySearch(page, 'Kopi Susu');
    await page.getByTestId('line-qty').first().fill('3');
    await payExactCash(page);
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.getByTestId('print').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(await page.getByTestId('receipt-copy').count()).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    const width = await page.getByTestId('receipt').evaluate((e) => e.getBoundingClientRect().width);
    expect(Math.round(width)).toBe(Math.round((58 / 25.4) * 96));
    const pdf = await page.pdf({ width: '58mm', printBackground: false });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });
    // From the history, an older receipt reprints as a copy too.
    await page.getByTestId('nav-history').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBeGreaterThanOrEqual(5);
    await page.getByTestId('open-receipt').first().click();
    await page.getByTestId('print').click();
    expect(await page.getByTestId('receipt-copy').count()).toBe(1);
  });

  it('shows the sync dashboard and switches the language to English and back', async () => {
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-dashboard').waitFor();
    await page.getByTestId('outbox-empty').waitFor();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language').selectOption('en');
    expect(await page.getByTestId('nav-sell').textContent()).toBe('Sell');
    expect(await page.getByTestId('nav-settings').textContent()).toBe('Settings');
    await page.reload();
    await page.getByTestId('nav-sell').waitFor();
    expect(await page.getByTestId('nav-sell').textContent()).toBe('Sell');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language').selectOption('id');
    expect(await page.getByTestId('nav-sell').textContent()).toBe('Jual');
  });

  it('a sale the device cannot store shows an error and no receipt; the cart stays, and the next try records it once', async () => {
    await page.getByTestId('nav-sell').click();
    await addBySearch(page, 'Teh Botol');
    const before = await payExactCash(page);
    await page.getByTestId('new-sale').click();
    await addBySearch(page, 'Kopi Susu');
    await page.evaluate(FAIL_NEXT_SALE_WRITE);
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').first().click();
    await page.getByTestId('complete').click();
    await expect
      .poll(() => page.getByTestId('snackbars').textContent())
      .toContain('Penyimpanan perangkat bermasalah');
    // No receipt; the payment is still on screen for another try.
    expect(await page.getByTestId('receipt-screen').count()).toBe(0);
    await page.getByTestId('complete').click();
    const after = await page.getByTestId('receipt-number').textContent();
    // The failed try used up no receipt number.
    const counter = (n: string | null) => Number((n ?? '').split('-').at(-1));
    expect(counter(after)).toBe(counter(before) + 1);
    expect(await page.getByTestId('receipt-total').textContent()).toBe('Rp 5.000');
    await page.getByTestId('new-sale').click();
  });

  it('on a phone, an error shows above the payment sheet, not behind it', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await addBySearch(page, 'Kopi Susu');
    await page.evaluate(FAIL_NEXT_SALE_WRITE);
    await page.getByTestId('cartbar-pay').click();
    await page.getByTestId('quick-cash').first().click();
    await page.getByTestId('complete').click();
    const snack = page.locator('[data-testid=snackbars] .snack--error').last();
    await snack.waitFor();
    // What a finger at the message's middle would touch: the message itself, not the sheet.
    const onTop = await snack.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
    });
    expect(onTop).toBe(true);
    await page.getByTestId('complete').click();
    await page.getByTestId('new-sale').click();
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('the server holds every sale once', async () => {
    const rows = await h.server.db.kysely.selectFrom('sales').select(['invoiceNumber']).execute();
    const numbers = rows.map((r) => r.invoiceNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.length).toBeGreaterThanOrEqual(5);
  });
});

import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@kasir/server';
import { SCREENSHOTS, addBySearch, pairedPage, startHarness, type Harness } from './harness.ts';

describe('the demo shop (2,000 products) in the cashier app', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let readyMs = 0;

  beforeAll(async () => {
    h = await startHarness();
    const demo = await seedDemo(h.server.db, h.server.pairingKey, Date.now());
    const code = demo.devices[0]!.pairingCode;
    const started = Date.now();
    ({ context, page } = await pairedPage(h, code));
    readyMs = Date.now() - started;
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('pairs with a demo code and downloads the catalog (S12) in pages', async () => {
    expect(readyMs).toBeLessThan(20_000);
    await expect
      .poll(() => page.locator('.pager span').textContent(), { timeout: 20_000 })
      .toBe('Hal 1 / 84');
    await page.getByRole('button', { name: 'Berikutnya ›' }).click();
    expect(await page.locator('.pager span').textContent()).toBe('Hal 2 / 84');
    await page.locator('.chip', { hasText: 'Sembako' }).click();
    expect(await page.locator('.pager span').textContent()).not.toBe('Hal 2 / 84');
    await page.locator('.chip', { hasText: 'Semua' }).click();
  });

  it('searches 2,000 products as you type and sells with a cart discount', async () => {
    await page.getByTestId('search').fill('kopi');
    await expect.poll(() => page.getByTestId('product-tile').count()).toBeGreaterThan(1);
    await page.getByTestId('search').fill('');
    await addBySearch(page, 'Minyak Goreng');
    await addBySearch(page, 'Kopi');
    await addBySearch(page, 'Beras');
    await page.getByTestId('line-qty').first().fill('2');
    await page.getByTestId('cart-discount').fill('2000');
    await page.getByTestId('search').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'sell-screen.png') });
    await page.getByTestId('pay').click();
    await page.getByTestId('method-qris').click();
    await page.getByTestId('pay-amount').fill('20000');
    await page.getByTestId('pay-reference').fill('QRIS-0042');
    await page.getByTestId('add-payment').click();
    await page.getByTestId('method-cash').click();
    await page.getByTestId('quick-cash').last().click();
    await page.getByTestId('complete').click();
    await page.getByTestId('receipt').waitFor();
    expect(await page.getByTestId('receipt-number').textContent()).toMatch(/^DEMO-\w+-\d{8}-0001$/);
    await page.getByTestId('receipt').screenshot({ path: join(SCREENSHOTS, 'receipt.png') });
  });
});

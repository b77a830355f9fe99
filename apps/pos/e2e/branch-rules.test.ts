import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminSalePage } from '@kasir/protocol';
import {
  ADMIN_TOKEN,
  SCREENSHOTS,
  addBySearch,
  idbRows,
  pairedShop,
  payExactCash,
  startHarness,
  type Harness,
} from './harness.ts';

/**
 * Two of a branch's shop settings at the till: "require a shift" (no sale or refund without an
 * open shift) and the receipt language (the receipt in the branch's language, the screens in the
 * cashier's).
 */
describe("a branch's rules at the till", () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let branchId: string;

  const patchBranch = async (body: Record<string, unknown>): Promise<void> => {
    const r = await fetch(`${h.server.url}/api/admin/branches/${branchId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(200);
  };

  /** The price mode in the till's stored branch settings: what its next render reads. */
  const storedPriceMode = async (p: Page): Promise<string | undefined> => {
    const rows = (await idbRows(p, 'branchSettings')) as { key?: string; value?: { priceMode?: string } }[];
    return rows.find((r) => r.key === 'current')?.value?.priceMode;
  };

  beforeAll(async () => {
    h = await startHarness();
    const shop = await pairedShop(h, { code: 'MLG', name: 'Toko Malang' }, ['Kasir 1']);
    branchId = shop.branch.id;
    ({ context, page } = shop.pages[0]!);
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('a shop that is not a PKP charges and records no PPN; once it is one, the cart shows PPN at once', async () => {
    await addBySearch(page, 'Roti Tawar');
    expect(await page.getByTestId('cart-total').textContent()).toBe('Rp 17.500');
    expect(await page.getByTestId('cart-tax').count()).toBe(0);
    const number = await payExactCash(page);
    await page.getByTestId('new-sale').click();
    // Recorded at 0%: the back office counts no PPN the shop never charged, and flags nothing.
    await expect
      .poll(
        async () => {
          const r = await fetch(`${h.server.url}/api/admin/sales?branchId=${branchId}`, {
            headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          });
          const list = (await r.json()) as AdminSalePage;
          return list.items.find((x) => x.invoiceNumber === number);
        },
        { timeout: 30_000, interval: 300 },
      )
      .toMatchObject({ total: 17_500, tax: 0, flags: [] });

    // The line kept its product's 11%: the cart charges it as soon as the branch is a PKP.
    await addBySearch(page, 'Roti Tawar');
    await patchBranch({ pkp: true });
    await expect.poll(() => page.getByTestId('cart-tax').textContent(), { timeout: 15_000 }).toBe('Rp 1.734');
    expect(await page.getByTestId('cart-total').textContent()).toBe('Rp 17.500');
    // A change that reaches the till while paying does not move the amount due under the
    // payments entered: the rules stay as they were when "Bayar" was pressed.
    await page.getByTestId('pay').click();
    expect(await page.getByTestId('due').textContent()).toBe('Rp 17.500');
    await patchBranch({ priceMode: 'exclusive' });
    await expect.poll(() => storedPriceMode(page), { timeout: 15_000 }).toBe('exclusive');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('due').textContent()).toBe('Rp 17.500');
    // Back in the cart the branch's rules apply: with PPN added on top, a void gives back
    // everything the customer paid, its PPN too.
    await page.getByTestId('payment-back').click();
    await expect
      .poll(() => page.getByTestId('cart-total').textContent(), { timeout: 15_000 })
      .toBe('Rp 19.425');
    const added = await payExactCash(page);
    await page.getByTestId('new-sale').click();
    await page.getByTestId('nav-refund').click();
    await page.locator('[data-testid="refund-history"][data-loaded="true"]').waitFor();
    await page.getByTestId('refund-search').fill(added);
    await page.getByTestId('refund-find').click();
    expect(await page.getByTestId('refund-line-paid-0').textContent()).toBe('1 dibeli · Rp 19.425');
    await page.getByTestId('refund-void').click();
    expect(await page.getByRole('alertdialog').textContent()).toContain('Rp 19.425');
    await page.getByTestId('refund-void-yes').click();
    expect(await page.getByTestId('refund-total').textContent()).toBe('Rp 19.425');
    // A PKP's void receipt shows the PPN it gives back: all the sale charged (DPP 11/12 of Rp 17.500).
    const taxesBack = await page.getByTestId('refund-taxes').textContent();
    expect(taxesBack).toContain('Rp 16.042');
    expect(taxesBack).toContain('Rp 1.925');
    for (const [w, hgt, tag] of [
      [390, 844, 'phone'],
      [1024, 768, 'tablet'],
      [1280, 860, 'desktop'],
    ] as const) {
      await page.setViewportSize({ width: w, height: hgt });
      await page.screenshot({ path: join(SCREENSHOTS, `void-receipt-pkp-${tag}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByTestId('refund-done').click();
    await page.getByTestId('nav-sell').click();
    await patchBranch({ pkp: false, priceMode: 'inclusive' });
    await addBySearch(page, 'Roti Tawar');
    await expect.poll(() => page.getByTestId('cart-tax').count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId('void-cart').click();
    await page.getByTestId('void-cart-yes').click();
  });

  it('with a shift required, no payment or refund without one; receipts print in the branch language', async () => {
    // A till that never used shifts says nothing about them until the branch requires one.
    expect(await page.getByTestId('shift-reminder').count()).toBe(0);
    await patchBranch({ requireShift: true, receiptLanguage: 'en' });
    await expect
      .poll(() => page.getByTestId('shift-reminder').textContent(), { timeout: 15_000 })
      .toContain('mewajibkan shift');

    // The till's settings screen says what the branch decided.
    await page.getByTestId('nav-settings').click();
    expect(await page.getByTestId('branch-receipt-language').textContent()).toBe('English');
    await page.getByTestId('nav-sell').click();
    await addBySearch(page, 'Roti Tawar');
    await page.getByTestId('pay').click();
    expect(await page.getByTestId('snackbars').textContent()).toContain('mewajibkan shift');
    expect(await page.getByTestId('complete').count()).toBe(0);
    for (const [w, hgt, tag] of [
      [390, 844, 'phone'],
      [1024, 768, 'tablet'],
    ] as const) {
      await page.setViewportSize({ width: w, height: hgt });
      await page.screenshot({ path: join(SCREENSHOTS, `shift-required-${tag}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByTestId('shift-reminder').getByRole('button').click();
    await page.getByTestId('shift-float').fill('50000');
    await page.getByTestId('shift-open').click();
    // Opened from the sell screen's banner: back to the cart, which kept its line.
    await page.getByTestId('sell-screen').waitFor();
    expect(await page.getByTestId('shift-reminder').count()).toBe(0);
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').first().click();
    await page.getByTestId('complete').click();
    const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
    // The receipt in English, the till's own buttons in Indonesian.
    const receipt = (await page.getByTestId('receipt').textContent()) ?? '';
    expect(receipt).toContain('Cashier');
    expect(receipt).toContain('Change');
    expect(receipt).not.toContain('Kembalian');
    expect(await page.getByTestId('new-sale').textContent()).toBe('Transaksi baru');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOTS, 'receipt-branch-language-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByTestId('new-sale').click();

    // The shift closes once the sale synced; then the refund of that sale waits for a new shift.
    await page.getByTestId('nav-shift').click();
    await page.getByTestId('shift-close-start').click();
    await page.getByTestId('count-total').fill('67500');
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 30_000 })
      .not.toMatch(/[1-9]/);
    await page.getByTestId('shift-close').click();
    await page.getByTestId('z-report').waitFor();
    await page.getByTestId('nav-refund').click();
    await page.locator('[data-testid="refund-history"][data-loaded="true"]').waitFor();
    await page.getByTestId('refund-search').fill(number);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-shift-required').waitFor();
    expect(await page.getByTestId('refund-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('refund-void').isDisabled()).toBe(true);
  });
});

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBySearch, pairedShop, payExactCash, startHarness, type Harness } from './harness.ts';

describe('two devices of one branch (S6)', () => {
  let h: Harness;
  const contexts: BrowserContext[] = [];
  let one: Page;
  let two: Page;

  beforeAll(async () => {
    h = await startHarness();
    const { pages } = await pairedShop(h, { code: 'SBY', name: 'Toko Surabaya' }, ['Kasir 1', 'Kasir 2']);
    contexts.push(...pages.map((p) => p.context));
    [one, two] = pages.map((p) => p.page) as [Page, Page];
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await h?.close();
  });

  it("device 2 sees device 1's sale and the stock change live", async () => {
    await expect.poll(() => two.getByTestId('connection').textContent(), { timeout: 30_000 }).toBe('Online');
    await two.getByTestId('search').fill('Roti Tawar');
    expect(await two.getByTestId('stock').first().textContent()).toBe('Stok 100');

    await addBySearch(one, 'Roti Tawar');
    await one.getByTestId('line-qty').fill('3');
    const number = await payExactCash(one);

    await expect
      .poll(() => two.getByTestId('stock').first().textContent(), { timeout: 20_000 })
      .toBe('Stok 97');
    await expect
      .poll(() => two.getByTestId('snackbars').textContent(), { timeout: 20_000 })
      .toContain('Transaksi baru dari Kasir 1');
    await two.getByTestId('nav-history').click();
    await expect
      .poll(() => two.getByTestId('branch-sales').textContent(), { timeout: 20_000 })
      .toContain(number);
  });

  it('a second tab of device 1 sells too; one tab runs sync for both (S11)', async () => {
    const tab = await contexts[0]!.newPage();
    await tab.goto(h.server.url);
    await tab.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    await tab.getByTestId('nav-settings').click();
    expect(await tab.getByTestId('device-info').textContent()).toContain('Sinkron dijalankan tab lain');
    await tab.getByTestId('nav-sell').click();
    await addBySearch(tab, 'Keripik');
    const number = await payExactCash(tab);
    await expect
      .poll(
        async () =>
          (await h.server.db.kysely.selectFrom('sales').select('invoiceNumber').execute()).map(
            (r) => r.invoiceNumber,
          ),
        { timeout: 30_000, interval: 300 },
      )
      .toContain(number);
    await expect.poll(() => tab.getByTestId('receipt-pending').count(), { timeout: 30_000 }).toBe(0);
    await tab.close();
  });
});

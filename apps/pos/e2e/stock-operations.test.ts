import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, SCREENSHOTS, pairedShop, startHarness, type Harness } from './harness.ts';

/** Stock operations on the till (issue 12): a delivery received offline, the low-stock badge. */
describe('stock operations on the till', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let branchId: string;

  beforeAll(async () => {
    h = await startHarness();
    const shop = await pairedShop(h, { code: 'SMG', name: 'Toko Semarang' }, ['Kasir 1']);
    branchId = shop.branch.id;
    ({ context, page } = shop.pages[0]!);
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  const stockShown = async (name: string): Promise<string | null> => {
    await page.getByTestId('nav-sell').click();
    await page.getByTestId('search').fill(name);
    const text = await page.getByTestId('stock').first().textContent();
    await page.getByTestId('search').fill('');
    return text;
  };

  it('S1 S3: a delivery received offline with the scanner shows at once and reaches the ledger once', async () => {
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 }).toBe('Online');
    await context.setOffline(true);
    await expect
      .poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 })
      .toBe('Offline');
    await page.getByTestId('nav-receive').click();
    await page.getByTestId('receive-reference').fill('SJ-0042');
    // A keyboard-wedge scanner types the barcode fast and ends with Enter, outside any text field.
    await page.locator('h1').click();
    await page.keyboard.type('8991000000004', { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('receive-line').count()).toBe(1);
    // A text that matches several products asks which one: nothing is added by guessing.
    await page.getByTestId('receive-search').fill('ml');
    await page.getByTestId('receive-search').press('Enter');
    await expect.poll(() => page.getByTestId('stock-choice').count()).toBe(3);
    expect(await page.getByTestId('receive-line').count()).toBe(1);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOTS, 'receive-choices-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
    // The same product searched by name adds to its line.
    await page.getByTestId('receive-search').fill('Indomie');
    await page.getByTestId('receive-search').press('Enter');
    await expect.poll(() => page.getByTestId('stock-choice').count()).toBe(0);
    // Cleared on the way to a new number, the line stays.
    await page.getByTestId('receive-quantity').fill('');
    expect(await page.getByTestId('receive-line').count()).toBe(1);
    await page.getByTestId('receive-quantity').fill('12');
    // Saving without a cost asks first: a forgotten cost would drag the average cost down.
    await page.getByTestId('receive-save').click();
    expect(await page.getByRole('alertdialog').textContent()).toContain('Indomie Goreng');
    await page.getByRole('button', { name: 'Isi harga beli' }).click();
    expect(await page.getByTestId('receive-line').count()).toBe(1);
    await page.getByTestId('receive-cost').fill('2500');
    for (const [w, hgt, name] of [
      [390, 844, 'receive-390.png'],
      [1024, 768, 'receive-1024.png'],
      [1440, 900, 'receive-desktop.png'],
    ] as const) {
      await page.setViewportSize({ width: w, height: hgt });
      await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByTestId('receive-save').click();
    await expect.poll(() => page.getByTestId('receive-line').count()).toBe(0);
    expect(await stockShown('Indomie')).toBe('Stok 112');
    expect(await h.server.db.kysely.selectFrom('receipts').select('id').execute()).toHaveLength(0);

    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 60_000, interval: 500 })
      .toBe('0 tertunda');
    const receipts = await h.server.db.kysely.selectFrom('receipts').selectAll().execute();
    expect(receipts).toMatchObject([{ reference: 'SJ-0042', branchId }]);
    const lines = await h.server.db.kysely.selectFrom('receiptLines').selectAll().execute();
    expect(lines).toMatchObject([{ quantity: 12, unitCost: 2500 }]);
    const stock = await h.server.db.kysely
      .selectFrom('stock')
      .innerJoin('products', 'products.id', 'stock.productId')
      .select(['stock.onHand', 'stock.avgCost'])
      .where('products.name', '=', 'Indomie Goreng')
      .where('stock.branchId', '=', branchId)
      .executeTakeFirstOrThrow();
    // 100 came without a cost (opening stock): the average starts from this delivery.
    expect(stock).toEqual({ onHand: 112, avgCost: 2500 });
    const moved = await h.server.db.kysely
      .selectFrom('stockMovements')
      .select((eb) => eb.fn.sum<number>('delta').as('sum'))
      .where('branchId', '=', branchId)
      .where('productId', '=', lines[0]!.productId)
      .executeTakeFirstOrThrow();
    expect(Number(moved.sum)).toBe(112);
    expect(await stockShown('Indomie')).toBe('Stok 112');
  });

  it('a minimum set in the back office shows a low-stock badge on the tile', async () => {
    const product = await h.server.db.kysely
      .selectFrom('products')
      .select('id')
      .where('name', '=', 'Teh Botol Sosro 450ml')
      .executeTakeFirstOrThrow();
    const res = await fetch(`${h.server.url}/api/admin/stock/minimum`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ branchId, productId: product.id, minimum: 150 }),
    });
    expect(res.status).toBe(200);
    await page.getByTestId('nav-sell').click();
    await page.getByTestId('search').fill('Teh Botol');
    await expect
      .poll(() => page.locator('[data-testid=product-tile] [data-testid=low-stock]').count(), {
        timeout: 30_000,
      })
      .toBe(1);
    expect(await page.getByTestId('low-stock').textContent()).toBe('Menipis');
    await page.screenshot({ path: join(SCREENSHOTS, 'low-stock-badge.png') });
    await page.getByTestId('search').fill('');
  });
});

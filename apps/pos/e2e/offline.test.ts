import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, addBySearch, pairedShop, payExactCash, startHarness, type Harness } from './harness.ts';

describe('cashier app offline (S1, S2, S3)', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    const { pages } = await pairedShop(h, { code: 'BDG', name: 'Toko Bandung' }, ['Kasir 1']);
    ({ context, page } = pages[0]!);
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('pairs with a code; the service worker caches the app shell', async () => {
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 }).toBe('Online');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The shell is cached at install: wait until the worker controls the page.
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.getByTestId('product-tile').first().waitFor();
    // Online again before the network goes: a socket still connecting when it goes fails only at its
    // timeout, and "Offline" then waits for the next HTTP request (noted in the session's note).
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 }).toBe('Online');
  });

  it('sells 5 times offline, survives a reload offline, and syncs each sale exactly once', async () => {
    await context.setOffline(true);
    await expect
      .poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 })
      .toBe('Offline');
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      await addBySearch(page, 'Indomie');
      numbers.push(await payExactCash(page));
      expect(await page.getByTestId('receipt-pending').textContent()).toBe('Belum tersinkron');
      if (i === 0) await page.getByTestId('receipt-qr').waitFor();
      await page.getByTestId('new-sale').click();
    }
    expect(new Set(numbers).size).toBe(5);
    await expect.poll(() => page.getByTestId('pending-count').textContent()).toBe('5 tertunda');
    // Stock shown counts the local sales at once.
    await page.getByTestId('search').fill('Indomie');
    expect(await page.getByTestId('stock').first().textContent()).toBe('Stok 95');
    await page.getByTestId('search').fill('');

    await page.getByTestId('nav-sync').click();
    await expect.poll(() => page.getByTestId('outbox-entry').count()).toBe(5);
    // A sync tried offline fails; the screen says so in the cashier's language, the detail beside.
    await page.getByTestId('sync-now').click();
    await expect
      .poll(() => page.getByTestId('sync-last-error').textContent(), { timeout: 10_000 })
      .toMatch(/^Server tidak terjangkau\. .*\(network: /);
    await page.locator('[data-testid=outbox-entry] details').first().click();
    await page.screenshot({ path: join(SCREENSHOTS, 'sync-dashboard.png') });

    // Unsynced sales: the device refuses to sign out or reset, and says why.
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('unsynced-block').textContent()).toContain('5 transaksi');
    expect(await page.getByTestId('sign-out').isDisabled()).toBe(true);
    expect(await page.getByTestId('reset').isDisabled()).toBe(true);

    await page.reload();
    await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('pending-count').textContent()).toBe('5 tertunda');
    // The start's script and the two loaded once the till is idle (printer encoder, QR) came from
    // the service worker's cache, offline.
    await expect
      .poll(() =>
        page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .filter((e) => /\/assets\/.*\.js$/.test(e.name))
            .map((e) => (e as PerformanceResourceTiming).responseStatus),
        ),
      )
      .toEqual([200, 200, 200]);
    expect(await h.server.db.kysely.selectFrom('sales').select('id').execute()).toHaveLength(0);

    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 60_000, interval: 500 })
      .toBe('0 tertunda');
    const rows = await h.server.db.kysely.selectFrom('sales').select(['id', 'invoiceNumber']).execute();
    expect(rows.map((r) => r.invoiceNumber).sort()).toEqual([...numbers].sort());
    await expect.poll(() => page.getByTestId('snackbars').textContent()).toContain('berhasil disinkronkan');
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 }).toBe('Online');
  });

  it('a cart brought back by a power cut right after its sale is known as sold: cleared, not sold again', async () => {
    // Not the noodles: the next test counts their stock.
    await addBySearch(page, 'Roti Tawar');
    const cart = await page.evaluate(() => localStorage.getItem('kasir.cart'));
    expect((JSON.parse(cart ?? '{}') as { id?: string }).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const number = await payExactCash(page);
    await page.getByTestId('new-sale').click();
    // What a power cut can leave: the sale committed (strictly), the cart's clearing (written
    // without waiting for the disk) lost, in both of the till's copies of the cart.
    await page.evaluate(async (text) => {
      localStorage.setItem('kasir.cart', text);
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('kasir-till', 1);
        open.onerror = () => reject(open.error ?? new Error('no till store'));
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          tx.objectStore('kv').put(text, 'kasir.cart');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error('not written'));
        };
      });
    }, cart ?? '');
    await page.reload();
    await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('snackbars').textContent(), { timeout: 10_000 })
      .toContain(`sudah dibayar (struk ${number})`);
    expect(await page.getByTestId('cart-line').count()).toBe(0);
    const after = await page.evaluate(() => localStorage.getItem('kasir.cart'));
    expect((JSON.parse(after ?? '{}') as { lines?: unknown[] }).lines).toEqual([]);
    await expect
      .poll(
        () =>
          h.server.db.kysely.selectFrom('sales').select('id').where('invoiceNumber', '=', number).execute(),
        {
          timeout: 30_000,
        },
      )
      .toHaveLength(1);
  });

  it('once synced: full sync with progress, reset & re-download after confirming, then sign-out', async () => {
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('unsynced-block').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('sign-out').isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('full-sync').click();
    await expect
      .poll(() => page.getByTestId('snackbars').textContent(), { timeout: 30_000 })
      .toContain('Selesai');
    await page.getByTestId('reset').click();
    await page.getByTestId('reset-yes').click();
    await expect
      .poll(() => page.getByTestId('snackbars').textContent(), { timeout: 30_000 })
      .toContain('Selesai');
    await page.getByTestId('nav-sell').click();
    await page.getByTestId('search').fill('Indomie');
    await expect
      .poll(() => page.getByTestId('stock').first().textContent(), { timeout: 20_000 })
      .toBe('Stok 95');
    await page.getByTestId('nav-settings').click();
    expect(await page.getByTestId('device-info').textContent()).toContain('Toko Bandung');
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-out-yes').click();
    await page.getByTestId('pair-code').waitFor({ timeout: 30_000 });
  });
});

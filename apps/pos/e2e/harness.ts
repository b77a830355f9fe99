import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Branch, Product } from '@kasir/protocol';
import type { RunningServer } from '@kasir/server';
import { launchChromium, startInProcessServer, type AdminSetup } from '@kasir/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
export const PWA_DIR = resolve(import.meta.dirname, '../dist');
/**
 * Where the tests save their screenshots: the README's docs/screenshots when asked for
 * (`KASIR_UPDATE_SCREENSHOTS=1 npm run test:e2e -w @kasir/pos`), a scratch folder otherwise, so an
 * ordinary test run leaves the work tree as it found it.
 */
export const SCREENSHOTS =
  process.env.KASIR_UPDATE_SCREENSHOTS === '1'
    ? resolve(import.meta.dirname, '../../../docs/screenshots')
    : mkdtempSync(join(tmpdir(), 'kasir-screenshots-'));

/** A real server on SQLite in a temp folder, serving the built PWA, and a headless Chromium. */
export interface Harness {
  readonly server: RunningServer;
  readonly browser: Browser;
  readonly admin: AdminSetup;
  close(): Promise<void>;
}

export async function startHarness(
  options: Pick<NonNullable<Parameters<typeof startInProcessServer>[1]>, 'acquirers'> = {},
): Promise<Harness> {
  const real = await startInProcessServer('sqlite', { ...options, adminToken: ADMIN_TOKEN, pwaDir: PWA_DIR });
  const browser = await launchChromium();
  return {
    server: real.server,
    browser,
    admin: real.admin,
    async close() {
      await browser.close();
      await real.close();
    },
  };
}

/** The named products the tests sell, by name, price and category. */
const NAMED: readonly { category: string; name: string; price: number }[] = [
  { name: 'Kopi Susu Gula Aren', price: 5_000, category: 'Minuman' },
  { name: 'Teh Botol Sosro 450ml', price: 6_500, category: 'Minuman' },
  { name: 'Air Mineral 600ml', price: 4_000, category: 'Minuman' },
  { name: 'Indomie Goreng', price: 3_500, category: 'Makanan' },
  { name: 'Roti Tawar Gandum', price: 17_500, category: 'Makanan' },
  { name: 'Keripik Singkong Pedas', price: 12_000, category: 'Makanan' },
  { name: 'Sabun Mandi Cair 450ml', price: 24_900, category: 'Kebutuhan Rumah' },
  { name: 'Deterjen Bubuk 800g', price: 21_000, category: 'Kebutuhan Rumah' },
];

/** A branch's catalog: 8 named products plus fillers (for paging), each with stock 100. */
export async function seedCatalog(h: Harness, branchId: string, fillers = 40): Promise<Product[]> {
  const inputs = [
    ...NAMED.map((named, i) => ({
      sku: `SKU-${i + 1}`,
      ...named,
      barcode: `899100000${String(i + 1).padStart(4, '0')}`,
      taxRate: 11,
    })),
    ...Array.from({ length: fillers }, (_, i) => ({
      sku: `FIL-${i + 1}`,
      name: `Produk Contoh ${String(i + 1).padStart(2, '0')}`,
      price: 1_000 * (i + 1),
      category: 'Lain-lain',
      barcode: `899200000${String(i + 1).padStart(4, '0')}`,
    })),
  ];
  const products = await h.admin.products(inputs);
  for (const p of products) await h.admin.stock(branchId, p.id, 100);
  return products;
}

/**
 * A branch `code` with the seeded catalog, and the app paired on a page of its own for each of
 * `devices` (e.g. `['Kasir 1', 'Kasir 2']`), each showing the products.
 */
export async function pairedShop(
  h: Harness,
  branch: { readonly code: string; readonly name: string },
  devices: readonly string[],
): Promise<{ branch: Branch; pages: { context: BrowserContext; page: Page }[] }> {
  const created = await h.admin.branch(branch.code, branch.name);
  await seedCatalog(h, created.id);
  const pages = [];
  for (const name of devices) pages.push(await pairedPage(h, await h.admin.pairingCode(created.id, name)));
  return { branch: created, pages };
}

/** Opens the app in a new context and pairs it with `code`, waiting until products show. */
export async function pairedPage(h: Harness, code: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(h.server.url);
  await page.getByTestId('pair-code').fill(code);
  await page.getByTestId('pair-submit').click();
  await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
  return { context, page };
}

/** Pays the cart with the exact amount in cash and completes; returns the receipt number. */
export async function payExactCash(page: Page): Promise<string> {
  await page.getByTestId('pay').click();
  await page.getByTestId('quick-cash').first().click();
  await page.getByTestId('complete').click();
  const number = await page.getByTestId('receipt-number').textContent();
  return number ?? '';
}

export async function addBySearch(page: Page, query: string): Promise<void> {
  await page.getByTestId('search').fill(query);
  await page.getByTestId('product-tile').first().click();
  await page.getByTestId('search').fill('');
}

/**
 * Every row of the object store `store` in the page's IndexedDB databases (the first database
 * that has one), read in the page: what the till holds, for checks and failure messages.
 */
export function idbRows(page: Page, store: string): Promise<unknown[]> {
  return page.evaluate(async (name) => {
    for (const { name: db } of await indexedDB.databases()) {
      if (db === undefined) continue;
      const open = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(db);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('open failed'));
      });
      try {
        if (!open.objectStoreNames.contains(name)) continue;
        return await new Promise<unknown[]>((resolve) => {
          const q = open.transaction(name).objectStore(name).getAll();
          q.onsuccess = () => resolve(q.result);
          q.onerror = () => resolve([]);
        });
      } finally {
        open.close();
      }
    }
    return [];
  }, store);
}

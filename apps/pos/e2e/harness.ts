import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type RunningServer } from '@kasir/server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';

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
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kasir-e2e-'));
  const server = await startServer({
    database: { engine: 'sqlite', dataDir },
    adminToken: ADMIN_TOKEN,
    port: 0,
    logger: false,
    pwaDir: PWA_DIR,
  });
  const browser = await launchChromium();
  return {
    server,
    browser,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    async close() {
      await browser.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SeededProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly price: number;
  readonly barcodes: string[];
}

const NAMES = [
  ['Minuman', 'Kopi Susu Gula Aren', 5_000],
  ['Minuman', 'Teh Botol Sosro 450ml', 6_500],
  ['Minuman', 'Air Mineral 600ml', 4_000],
  ['Makanan', 'Indomie Goreng', 3_500],
  ['Makanan', 'Roti Tawar Gandum', 17_500],
  ['Makanan', 'Keripik Singkong Pedas', 12_000],
  ['Kebutuhan Rumah', 'Sabun Mandi Cair 450ml', 24_900],
  ['Kebutuhan Rumah', 'Deterjen Bubuk 800g', 21_000],
] as const;

/** A branch's catalog: 8 named products plus fillers (for paging), each with stock 100. */
export async function seedCatalog(h: Harness, branchId: string, fillers = 40): Promise<SeededProduct[]> {
  const inputs = [
    ...NAMES.map(([category, name, price], i) => ({
      sku: `SKU-${i + 1}`,
      name,
      price,
      category,
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
  const products = await h.admin<SeededProduct[]>('PUT', '/api/admin/products', inputs);
  for (const p of products) {
    await h.admin('POST', '/api/admin/stock', { branchId, productId: p.id, delta: 100, reason: 'receive' });
  }
  return products;
}

export async function createBranch(h: Harness, code: string, name: string): Promise<{ id: string }> {
  return h.admin('POST', '/api/admin/branches', { code, name });
}

/** A device registered by the admin, and a fresh pairing code for it. */
export async function pairingCodeFor(h: Harness, branchId: string, name: string): Promise<string> {
  const device = await h.admin<{ id: string }>('POST', '/api/admin/devices', { branchId, name });
  const { code } = await h.admin<{ code: string }>('POST', `/api/admin/devices/${device.id}/pairing-code`);
  return code;
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

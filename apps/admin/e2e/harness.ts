import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InProcessServer } from '@kasir/test-kit';
import { launchChromium, startInProcessServer } from '@kasir/test-kit';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';

/** The setup token a newcomer types: the admin token the server printed at its first start. */
export const ADMIN_TOKEN = 'admin-e2e-token-0123456789abcdef';
export const ADMIN_DIST = resolve(import.meta.dirname, '../dist');
export const POS_DIST = resolve(import.meta.dirname, '../../pos/dist');
export const SAMPLE_CSV = resolve(import.meta.dirname, '../../../docs/samples/produk-contoh.csv');

/** The owner the walk creates. */
export const OWNER = { username: 'pemilik', displayName: 'Bu Sari', password: 'rahasia-sekali-123' } as const;

/**
 * One real server (SQLite, in this process) serving the till at `/` and the back office at
 * `/admin/`, and one headless Chromium: what `npm start` gives a shop, in a test.
 */
export interface AdminHarness {
  readonly server: InProcessServer;
  readonly browser: Browser;
  readonly url: string;
  /** Console errors and page errors of every page opened through `page()`: a test ends with none. */
  readonly errors: string[];
  /** A fresh browser (context) at `path` of the back office. */
  page(path?: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startAdminHarness(): Promise<AdminHarness> {
  const server = await startInProcessServer('sqlite', {
    adminToken: ADMIN_TOKEN,
    pwaDir: POS_DIST,
    adminDir: ADMIN_DIST,
  });
  const browser = await launchChromium();
  const errors: string[] = [];
  return {
    server,
    browser,
    url: server.url,
    errors,
    async page(path = '/admin', viewport = { width: 1280, height: 860 }) {
      const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
      const page = await context.newPage();
      watchErrors(page, errors);
      await page.goto(`${server.url}${path}`);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Records what a person would not see but a broken page shows: uncaught errors, console errors
 * (a CSP violation is one). Expected 4xx answers the screens handle are left out.
 */
export function watchErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    errors.push(`console: ${text}`);
  });
}

/** Signs in on the login screen (the page is at it). */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
}

/** A new browser context signed in as `username` (through the login screen). */
export async function signedIn(
  h: AdminHarness,
  username: string,
  password: string,
  path = '/admin',
): Promise<Page> {
  const page = await h.page(`/admin/login?next=${encodeURIComponent(path.replace(/^\/admin/, '') || '/')}`);
  await signIn(page, username, password);
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
  return page;
}

/** The till app in a browser of its own, paired with `code`, showing its products. */
export async function pairTill(
  h: AdminHarness,
  code: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
  const page = await context.newPage();
  watchErrors(page, h.errors);
  await page.goto(h.url);
  await page.getByTestId('pair-code').fill(code);
  await page.getByTestId('pair-submit').click();
  await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
  return { context, page };
}

/**
 * Adds the first product found for each query to the till's cart, pays in cash (or by QRIS with a
 * reference) and starts the next sale; the receipt number.
 */
export async function sellOnTill(
  page: Page,
  query: string | readonly string[],
  method: 'cash' | 'qris' = 'cash',
): Promise<string> {
  for (const q of typeof query === 'string' ? [query] : query) {
    await page.getByTestId('search').fill(q);
    await page.getByTestId('product-tile').first().click();
  }
  await page.getByTestId('search').fill('');
  await page.getByTestId('pay').click();
  if (method === 'cash') {
    await page.getByTestId('quick-cash').first().click();
  } else {
    await page.getByTestId(`method-${method}`).click();
    await page.getByTestId('pay-reference').fill('QR-000123');
    await page.getByTestId('add-payment').click();
  }
  await page.getByTestId('complete').click();
  const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
  await page.getByTestId('new-sale').click();
  return number;
}

/** The sample catalog plus broken rows, as a person might bring it (lines 302–307 are bad). */
export function brokenSampleCsv(): Buffer {
  const sample = readFileSync(SAMPLE_CSV, 'utf8');
  const broken = [
    ';Tanpa SKU;5.000;;Makanan;pcs;11;ya;3',
    'CTH-9002;Harga huruf;lima ribu;;Makanan;pcs;11;ya;3',
    'CTH-9003;Ada sen;12.500,50;;Makanan;pcs;11;ya;3',
    'CTH-9004;Barcode rusak Excel;4.000;8,99123E+12;Minuman;pcs;11;ya;3',
    'CTH-0001;SKU kembar;4.000;;Minuman;pcs;11;ya;3',
    'CTH-9006;Kurang kolom',
  ].join('\r\n');
  return Buffer.from(`${sample}${broken}\r\n`, 'utf8');
}

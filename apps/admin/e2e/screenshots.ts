import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../../pos/e2e/chromium.ts';
import { createFixtures, routeFixtures } from './fixtures.ts';
import { serveAdmin } from './static-server.ts';

/**
 * Screenshots of the back office against the fixture API (`npm run screenshots -w @kasir/admin`):
 * to a scratch folder, or docs/screenshots with KASIR_UPDATE_SCREENSHOTS=1.
 */
export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 1024, height: 768 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

const ROOT = resolve(import.meta.dirname, '..');

/** The sample catalog plus broken rows, as a person might bring it. */
export function brokenSampleCsv(): Buffer {
  const sample = readFileSync(resolve(ROOT, '../../docs/samples/produk-contoh.csv'), 'utf8');
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

export async function buildAdmin(): Promise<void> {
  const previous = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root: ROOT,
      configFile: resolve(ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (previous === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = previous;
  }
}

export async function fixturePage(
  browser: Browser,
  base: string,
  width: number,
  height: number,
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  const page = await context.newPage();
  await routeFixtures(page, createFixtures());
  return page;
}

async function main(): Promise<void> {
  const out =
    process.env['KASIR_UPDATE_SCREENSHOTS'] === '1'
      ? resolve(ROOT, '../../docs/screenshots')
      : join(tmpdir(), 'kasir-admin-shots');
  mkdirSync(out, { recursive: true });
  await buildAdmin();
  const { url, server } = await serveAdmin();
  const browser = await launchChromium();
  try {
    for (const v of VIEWPORTS) {
      const page = await fixturePage(browser, url, v.width, v.height);
      const shot = (name: string) =>
        page.screenshot({ path: join(out, `admin-${name}-${v.name}.png`), fullPage: v.name === 'phone' });
      await page.goto(`${url}/admin/`);
      await page.getByTestId('tile-count').getByText('187').waitFor();
      await page.getByTestId('chart-days').locator('.chart__col').first().waitFor();
      await shot('dashboard');
      await page.goto(`${url}/admin/products`);
      await page.getByTestId('product-list').getByText('Indomie Goreng 85 g').first().waitFor();
      await shot('products');
      await page.goto(`${url}/admin/products/import`);
      await page
        .getByTestId('csv-file')
        .setInputFiles({ name: 'produk.csv', mimeType: 'text/csv', buffer: brokenSampleCsv() });
      await page.getByTestId('branch-select').selectOption({ label: 'JKT · Jakarta Pusat' });
      await page.getByTestId('dry-run').click();
      await page.getByTestId('dry-run-errors').waitFor();
      await page.getByTestId('dry-run-result').evaluate((el) => el.scrollIntoView());
      await shot('csv-dry-run');
      await page.goto(`${url}/admin/devices`);
      await page.getByTestId('device-list').getByText('Kasir 1').waitFor();
      await page.getByRole('button', { name: 'Kode pemasangan' }).first().click();
      await page.getByTestId('pairing-qr').waitFor();
      await shot('devices-pairing');
      await page.goto(`${url}/admin/sales?flag=any`);
      await page.getByTestId('sales-totals').waitFor();
      await shot('sales-flagged');
      await page.goto(`${url}/admin/sales`);
      await page.getByTestId('sales-list').locator('.srow').nth(1).waitFor();
      await shot('sales');
      await page.goto(`${url}/admin/monitoring`);
      await page.getByTestId('monitoring-days').locator('tbody tr').first().waitFor();
      await shot('monitoring');
      await page.context().close();
    }
    console.log(`screenshots in ${out}`);
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await main();
}

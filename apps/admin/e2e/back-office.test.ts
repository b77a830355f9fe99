import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../pos/e2e/chromium.ts';
import { createFixtures, routeFixtures, withSales, type Fixtures } from './fixtures.ts';
import { brokenSampleCsv } from './screenshots.ts';
import { serveAdmin } from './static-server.ts';

/**
 * The back office in Chromium against the fixture API (the server side of issue 11 comes later):
 * what the screens do with the contract's answers. The server's own e2e walk replaces these mocks.
 */
describe('back office (fixture API)', () => {
  let browser: Browser;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const s = await serveAdmin();
    server = s.server;
    base = `${s.url}/admin`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    server.close();
  });

  async function open(f: Fixtures, path: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 768 },
      timezoneId: 'Asia/Jakarta',
    });
    const page = await context.newPage();
    await routeFixtures(page, f);
    await page.goto(`${base}${path}`);
    return page;
  }

  it('the dashboard shows a new sale within 2 s without a reload', async () => {
    const f = createFixtures();
    const page = await open(f, '/');
    await page.getByTestId('tile-count').getByText('187').waitFor();
    withSales(f, 188);
    const started = Date.now();
    await page.getByTestId('tile-count').getByText('188').waitFor({ timeout: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    await page.context().close();
  });

  it('sends a signed-out person to login, refuses a wrong password, then returns to where they were', async () => {
    const f = createFixtures();
    f.me = null;
    const page = await open(f, '/sales?flag=any');
    await page.waitForURL(/\/admin\/login\?next=/);
    await page.locator('input[name=username]').fill('pemilik');
    await page.locator('input[name=password]').fill('salah-sekali');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Nama pengguna atau kata sandi salah').waitFor();
    await page.locator('input[name=password]').fill('rahasia-sekali');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(/\/admin\/sales\?flag=any$/);
    await page.getByTestId('sales-totals').waitFor();
    expect(f.requests.some((r) => r.startsWith('GET /api/admin/sales?flag=any'))).toBe(true);
    await page.context().close();
  });

  it('first run goes to the setup screen', async () => {
    const f = createFixtures();
    f.me = null;
    f.needsOwner = true;
    const page = await open(f, '/');
    await page.waitForURL(/\/admin\/setup$/);
    await page.getByRole('button', { name: 'Buat akun pemilik' }).waitFor();
    await page.context().close();
  });

  it('keeps filters in the URL: a reload shows the same view and back steps out of the flagged view', async () => {
    const f = createFixtures();
    const page = await open(f, '/sales');
    await page.getByTestId('sales-totals').waitFor();
    await page.getByTestId('flagged-tab').click();
    await page.waitForURL(/flag=any/);
    await page.reload();
    await page.getByTestId('sales-totals').getByText('29').waitFor();
    await page.goBack();
    await page.waitForURL(/\/admin\/sales$/);
    await page.getByTestId('sales-totals').getByText('250').waitFor();
    await page.context().close();
  });

  it('a CSV with broken rows: the dry run lists each with its line, then the good rows are imported', async () => {
    const f = createFixtures();
    const page = await open(f, '/products/import');
    await page
      .getByTestId('csv-file')
      .setInputFiles({ name: 'produk.csv', mimeType: 'text/csv', buffer: brokenSampleCsv() });
    await page.getByTestId('branch-select').selectOption({ label: 'JKT · Jakarta Pusat' });
    await page.getByTestId('dry-run').click();
    const lines = await page
      .getByTestId('dry-run-errors')
      .locator('tbody tr td:first-child')
      .allTextContents();
    expect(lines).toEqual(['302', '303', '304', '305', '306', '307', '307']);
    await page.getByTestId('apply-import').click();
    await page.getByTestId('import-progress').getByText('300 baru').waitFor();
    expect(f.requests.filter((r) => r === 'POST /api/admin/products/import')).toHaveLength(1);
    await page.context().close();
  });

  it('adding a device shows its pairing code large, with a QR code', async () => {
    const f = createFixtures();
    const page = await open(f, '/devices?branchId=' + f.branches[0]!.id);
    await page.getByTestId('new-device-name').fill('Kasir 4');
    await page.getByRole('button', { name: 'Tambah perangkat' }).click();
    await expect(page.getByTestId('pairing-code').textContent()).resolves.toBe('K7QX-9M2P');
    await page.getByTestId('pairing-qr').locator('svg').waitFor();
    await page.context().close();
  });
});

import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROTOCOL_VERSION, type BranchSettings, type ProductImportRow } from '@kasir/protocol';
import { guessMapping } from '../src/products/csv/columns.ts';
import { readCsv, validateRows } from '../src/products/csv/csv-import.ts';
import buildApps from './global-setup.ts';
import {
  ADMIN_TOKEN,
  OWNER,
  SAMPLE_CSV,
  brokenSampleCsv,
  pairTill,
  sellOnTill,
  signedIn,
  startAdminHarness,
  type AdminHarness,
} from './harness.ts';

/**
 * Screenshots of the back office on the real server with a shop in it (`npm run screenshots -w
 * @kasir/admin`): the sample catalog with opening stock, two tills that sold, a flagged sale. To a
 * scratch folder, or docs/screenshots with KASIR_UPDATE_SCREENSHOTS=1.
 */
export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 1024, height: 768 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

async function call(h: AdminHarness, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** The shop: owner, two branches, the sample catalog (read by the app's own CSV code), tills that sold. */
async function seedShop(h: AdminHarness): Promise<void> {
  await fetch(`${h.url}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ setupToken: ADMIN_TOKEN, ...OWNER }),
  });
  const jkt = (await call(h, 'POST', '/api/admin/branches', {
    code: 'JKT',
    name: 'Jakarta Pusat',
  })) as BranchSettings;
  await call(h, 'POST', '/api/admin/branches', { code: 'BDG', name: 'Bandung Dago' });
  const table = readCsv(readFileSync(SAMPLE_CSV, 'utf8'));
  const rows: ProductImportRow[] = validateRows(table, guessMapping(table.headers), {
    withStock: true,
  }).valid.map((v) => v.row);
  // One product out of stock at JKT: selling it flags the sale (negative stock).
  const [first, ...rest] = rows;
  await call(h, 'POST', '/api/admin/products/import', {
    branchId: jkt.id,
    rows: [{ ...first!, stock: 0 }, ...rest],
  });
  const codes = [];
  for (const name of ['Kasir 1', 'Kasir 2']) {
    const d = (await call(h, 'POST', '/api/admin/devices', { branchId: jkt.id, name })) as { id: string };
    codes.push(((await call(h, 'POST', `/api/admin/devices/${d.id}/pairing-code`)) as { code: string }).code);
  }
  const spare = (await call(h, 'POST', '/api/admin/devices', { branchId: jkt.id, name: 'Kasir Gudang' })) as {
    token: string;
  };
  // A till whose browser deleted its local data after a crash, as its sync engine reports it.
  const reported = await fetch(`${h.url}/api/device/health`, {
    method: 'POST',
    headers: { authorization: `Bearer ${spare.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      unsyncedSales: 0,
      oldestUnsyncedAt: null,
      lastSyncAt: new Date().toISOString(),
      appVersion: '0.1.0',
      protocolVersion: PROTOCOL_VERSION,
      storeLost: { at: new Date(Date.now() - 3_600_000).toISOString(), restored: 3 },
    }),
  });
  if (!reported.ok) throw new Error(`health report: ${reported.status} ${await reported.text()}`);
  const [one, two] = [await pairTill(h, codes[0]!), await pairTill(h, codes[1]!)];
  const baskets: [string[], 'cash' | 'qris'][] = [
    [['CTH-0004', 'CTH-0003'], 'cash'],
    [['CTH-0010', 'CTH-0021', 'CTH-0022'], 'qris'],
    [['CTH-0030'], 'cash'],
    [['CTH-0041', 'CTH-0042'], 'cash'],
    [['CTH-0055'], 'qris'],
    [[first!.sku], 'cash'],
  ];
  for (const [i, [items, method]] of baskets.entries())
    await sellOnTill((i % 2 === 0 ? one : two).page, items, method);
  await two.context.close();
}

export async function takeScreenshots(out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  const h = await startAdminHarness();
  try {
    await seedShop(h);
    for (const v of VIEWPORTS) {
      const page = await signedIn(h, OWNER.username, OWNER.password, '/');
      await page.setViewportSize({ width: v.width, height: v.height });
      const shot = (name: string) =>
        page.screenshot({ path: join(out, `admin-${name}-${v.name}.png`), fullPage: v.name === 'phone' });
      const go = (path: string) => page.goto(`${h.url}/admin${path}`);
      await page.getByTestId('tile-count').getByText('6', { exact: true }).waitFor();
      await page.getByTestId('chart-days').locator('.chart__col').first().waitFor();
      await shot('dashboard');
      await go('/products');
      await page.getByTestId('product-list').locator('.prow').nth(3).waitFor();
      await shot('products');
      await go('/products/import');
      await page
        .getByTestId('csv-file')
        .setInputFiles({ name: 'produk.csv', mimeType: 'text/csv', buffer: brokenSampleCsv() });
      await page.getByTestId('branch-select').selectOption({ label: 'JKT · Jakarta Pusat' });
      await page.getByTestId('dry-run').click();
      await page.getByTestId('dry-run-errors').waitFor();
      await page.getByTestId('dry-run-result').evaluate((el) => el.scrollIntoView());
      await shot('csv-dry-run');
      await go('/devices');
      await page.getByTestId('device-list').getByText('Kasir 1').waitFor();
      await page.getByTestId('device-store-lost').waitFor();
      await shot('devices');
      await page.getByRole('button', { name: 'Kode pairing' }).last().click();
      await page.getByTestId('pairing-qr').waitFor();
      await shot('devices-pairing');
      await go('/sales');
      await page.getByTestId('sales-list').locator('.srow').nth(3).waitFor();
      await shot('sales');
      await go('/sales?flag=any');
      await page.getByTestId('sales-totals').waitFor();
      await page.getByTestId('sales-list').locator('.srow').nth(1).waitFor();
      await shot('sales-flagged');
      await go('/monitoring');
      await page.getByTestId('monitoring-days').locator('tbody tr').first().waitFor();
      await shot('monitoring');
      await page.context().close();
    }
  } finally {
    await h.close();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const out =
    process.env['KASIR_UPDATE_SCREENSHOTS'] === '1'
      ? resolve(import.meta.dirname, '../../../docs/screenshots')
      : join(tmpdir(), 'kasir-admin-shots');
  await buildApps();
  await takeScreenshots(out);
  console.log(`screenshots in ${out}`);
}

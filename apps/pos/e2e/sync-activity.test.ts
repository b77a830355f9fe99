import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, addBySearch, pairedShop, payExactCash, startHarness, type Harness } from './harness.ts';

describe('sync screen: sale audit and sync log (issue 16)', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    const { pages } = await pairedShop(h, { code: 'AUD', name: 'Toko Audit' }, ['Kasir 1']);
    ({ context, page } = pages[0]!);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('shows the log, audits on demand, re-sends a sale the server lost, and exports the log', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      await addBySearch(page, 'Indomie');
      numbers.push(await payExactCash(page));
      await page.getByTestId('new-sale').click();
    }
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 30_000 })
      .toBe('0 tertunda');
    await page.getByTestId('nav-sync').click();
    await expect.poll(() => page.getByTestId('log-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('sync-log').textContent()).toContain('Kirim');
    expect(await page.getByTestId('audit-result').textContent()).toBe('Belum pernah diaudit');

    await page.getByTestId('audit-now').click();
    await expect
      .poll(() => page.getByTestId('audit-result').textContent(), { timeout: 30_000 })
      .toContain('Cocok: 2 penjualan ada di server');

    // The server loses one sale, as after a restore from a backup taken before it arrived.
    const db = h.server.db.kysely;
    const lost = await db
      .selectFrom('sales')
      .select('id')
      .where('invoiceNumber', '=', numbers[1]!)
      .executeTakeFirstOrThrow();
    await db.deleteFrom('saleLines').where('saleId', '=', lost.id).execute();
    await db.deleteFrom('salePayments').where('saleId', '=', lost.id).execute();
    await db.deleteFrom('sales').where('id', '=', lost.id).execute();
    await db.deleteFrom('mutations').where('id', '=', lost.id).execute();

    await page.getByTestId('audit-now').click();
    await expect
      .poll(() => page.getByTestId('audit-result').textContent(), { timeout: 30_000 })
      .toContain('1 penjualan tidak ada di server dan dikirim ulang');
    await expect
      .poll(
        async () => (await db.selectFrom('sales').select('id').where('id', '=', lost.id).execute()).length,
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    await expect.poll(() => page.getByTestId('sync-log').textContent()).toContain('repaired');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-log').click(),
    ]);
    const path = await download.path();
    const file = JSON.parse(readFileSync(path, 'utf8')) as { events: { kind: string; code?: string }[] };
    expect(file.events.filter((e) => e.kind === 'audit').map((e) => e.code)).toEqual(['repaired', 'ok']);
    expect(download.suggestedFilename()).toMatch(/^kasir-sync-log-kasir-1-.*\.json$/);

    for (const [name, width, height] of [
      ['sync-activity-phone', 390, 844],
      ['sync-activity-tablet', 1024, 768],
      ['sync-activity-desktop', 1280, 860],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('sync-activity').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
    }
  }, 120_000);
});

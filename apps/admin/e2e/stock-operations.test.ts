import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Branch, Product } from '@kasir/protocol';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  OWNER,
  pairTill,
  sellOnTill,
  signedIn,
  startAdminHarness,
  type AdminHarness,
} from './harness.ts';

const SHOTS = mkdtempSync(join(tmpdir(), 'kasir-stock-screens-'));

/**
 * Stock operations end to end (issue 12, "Done when"): a stocktake counted on two tills while a
 * third sells, closed in the back office with the right adjustments; a transfer from branch A to B
 * received partly; the numbers on the screens equal the ledger.
 */
describe('stock operations in the back office and on the tills', () => {
  let h: AdminHarness;
  let owner: Page;
  let a: Branch;
  let b: Branch;
  let products: Product[];
  const tills: { context: BrowserContext; page: Page }[] = [];

  const db = () => h.server.server.db.kysely;
  const onHand = async (branchId: string, productId: string) =>
    (
      await db()
        .selectFrom('stock')
        .select('onHand')
        .where('branchId', '=', branchId)
        .where('productId', '=', productId)
        .executeTakeFirst()
    )?.onHand ?? 0;
  const ledger = async (branchId: string, productId: string) =>
    Number(
      (
        await db()
          .selectFrom('stockMovements')
          .select((eb) => eb.fn.sum<number>('delta').as('s'))
          .where('branchId', '=', branchId)
          .where('productId', '=', productId)
          .executeTakeFirstOrThrow()
      ).s,
    );
  const shots = async (page: Page, name: string) => {
    for (const [w, hgt] of [
      [390, 844],
      [1024, 768],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width: w, height: hgt });
      await page.screenshot({ path: join(SHOTS, `${name}-${w}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 860 });
  };

  beforeAll(async () => {
    h = await startAdminHarness();
    const setup = await fetch(`${h.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ setupToken: ADMIN_TOKEN, ...OWNER }),
    });
    expect(setup.status).toBe(201);
    a = await h.server.admin.branch('STA', 'Toko A');
    b = await h.server.admin.branch('STB', 'Toko B');
    products = await h.server.admin.products([
      {
        sku: 'BRS-5',
        name: 'Beras Premium 5kg',
        price: 75_000,
        barcode: '8993000000011',
        category: 'Sembako',
      },
      {
        sku: 'MYK-2',
        name: 'Minyak Goreng 2L',
        price: 38_000,
        barcode: '8993000000028',
        category: 'Sembako',
      },
      { sku: 'GLA-1', name: 'Gula Pasir 1kg', price: 17_000, barcode: '8993000000035', category: 'Sembako' },
    ]);
    for (const p of products) await h.server.admin.stock(a.id, p.id, 50);
    for (const name of ['Kasir 1', 'Kasir 2', 'Kasir 3'])
      tills.push(await pairTill(h, await h.server.admin.pairingCode(a.id, name)));
    owner = await signedIn(h, OWNER.username, OWNER.password, `/admin/stock?branchId=${a.id}&tab=stocktake`);
  });
  afterAll(async () => {
    for (const t of tills) await t.context.close();
    await h?.close();
  });

  it('a stocktake counted on two tills (one offline) while a third sells, closed with the right adjustments', async () => {
    const [beras, minyak] = [products[0]!, products[1]!];
    await owner.getByTestId('stocktake-open').click();
    await expect.poll(() => owner.getByTestId('stocktake-status').textContent()).toContain('Sedang berjalan');
    const [t1, t2, t3] = tills.map((t) => t.page);
    for (const p of [t1!, t2!]) {
      await p.getByTestId('nav-count').click();
      await p.getByTestId('count-search').waitFor({ timeout: 30_000 });
    }
    const count = async (p: Page, query: string, quantity: number) => {
      await p.getByTestId('count-search').fill(query);
      await p.getByTestId('count-search').press('Enter');
      await p.getByTestId('count-quantity').fill(String(quantity));
      await p.getByTestId('count-record').click();
      await expect.poll(() => p.getByTestId('count-product').count()).toBe(0);
    };
    // Till 2 counts offline: 25 rice on the back shelf and 48 oil; till 1 counts 20 rice in front.
    await tills[1]!.context.setOffline(true);
    await count(t2!, 'Beras', 25);
    await count(t2!, 'Minyak', 48);
    await count(t1!, 'Beras', 20);
    // Till 3 sells two rice after they were counted: not a variance.
    await sellOnTill(t3!, 'Beras');
    await sellOnTill(t3!, 'Beras');
    await expect.poll(() => onHand(a.id, beras.id), { timeout: 30_000 }).toBe(48);
    await tills[1]!.context.setOffline(false);
    await expect
      .poll(async () => (await db().selectFrom('stocktakeCounts').select('id').execute()).length, {
        timeout: 60_000,
      })
      .toBe(3);
    // Live: counted 45 of 50 expected at the counting position, 48 on hand now.
    const row = (sku: string) => owner.locator(`[data-testid=stocktake-line][data-sku="${sku}"]`);
    await expect
      .poll(() => row('BRS-5').getByTestId('counted').textContent(), { timeout: 10_000 })
      .toBe('45');
    expect(await row('BRS-5').getByTestId('expected').textContent()).toBe('50');
    expect(await row('BRS-5').getByTestId('variance').textContent()).toBe('-5');
    expect(await row('BRS-5').getByTestId('on-hand').textContent()).toBe('48');
    expect(await row('MYK-2').getByTestId('variance').textContent()).toBe('-2');
    // Closing adjusts stock for good: it asks first, and a "no" leaves the stocktake open.
    let question = '';
    owner.once('dialog', (d) => {
      question = d.message();
      void d.dismiss();
    });
    await owner.getByTestId('stocktake-close').click();
    expect(question).toContain('tidak bisa dibatalkan');
    expect(await owner.getByTestId('stocktake-status').textContent()).not.toContain('Ditutup');
    owner.once('dialog', (d) => void d.accept());
    await owner.getByTestId('stocktake-close').click();
    await expect.poll(() => owner.getByTestId('stocktake-status').textContent()).toContain('Ditutup');
    // 45 on the shelves when counted, 2 sold since: 43. The ledger adds up to what is on hand.
    expect(await onHand(a.id, beras.id)).toBe(43);
    expect(await onHand(a.id, minyak.id)).toBe(48);
    for (const p of products) expect(await ledger(a.id, p.id)).toBe(await onHand(a.id, p.id));
    await expect.poll(() => row('BRS-5').getByTestId('on-hand').textContent()).toBe('43');
    await shots(owner, 'stocktake');
    // The tills hear of the adjustment.
    await t1!.getByTestId('nav-sell').click();
    await t1!.getByTestId('search').fill('Beras');
    await expect
      .poll(() => t1!.getByTestId('stock').first().textContent(), { timeout: 30_000 })
      .toBe('Stok 43');
    // The history screen shows the same running on-hand as the ledger.
    await owner.goto(`${h.url}/admin/stock?branchId=${a.id}&tab=history`);
    // The whole branch: each row names its product; the stocktake's own note is in Indonesian.
    await owner.getByTestId('history-row').first().waitFor();
    const newest = owner.getByTestId('history-row').first();
    expect(await newest.getByTestId('history-product-name').textContent()).toMatch(/Beras|Minyak/);
    expect(await newest.textContent()).toContain('stok opname');
    // A product that is not there is said so, not answered with the whole branch.
    await owner.getByTestId('history-product').fill('Tidak Ada Barang Ini');
    await owner.getByTestId('history-product').press('Enter');
    await owner.getByText('Tidak ada produk untuk "Tidak Ada Barang Ini"').waitFor();
    await owner.getByTestId('history-product').fill('Beras');
    await owner.getByTestId('history-product').press('Enter');
    await expect.poll(() => owner.getByTestId('history-row').count()).toBe(4);
    expect(await owner.getByTestId('history-row').first().locator('td').nth(3).textContent()).toBe('43');
    await shots(owner, 'history');
  });

  it('a transfer from A to B received partly: both ledgers, the loss kept, the screens agree', async () => {
    const gula = products[2]!;
    await owner.goto(`${h.url}/admin/stock?branchId=${a.id}&tab=transfers`);
    // The branch itself is no destination.
    await owner
      .getByTestId('branch-select')
      .nth(1)
      .locator(`option[value="${b.id}"]`)
      .waitFor({ state: 'attached' });
    expect(await owner.getByTestId('branch-select').nth(1).locator(`option[value="${a.id}"]`).count()).toBe(
      0,
    );
    await owner.getByTestId('branch-select').nth(1).selectOption(b.id);
    await owner.getByTestId('line-search').fill('Gula');
    await owner.getByTestId('line-search').press('Enter');
    // Cleared on the way to a new number, the line stays; nothing to send meanwhile.
    expect(await owner.getByTestId('line-on-hand').textContent()).toBe('stok sekarang 50');
    await owner.getByTestId('line-quantity').fill('');
    expect(await owner.getByTestId('picked-line').count()).toBe(1);
    expect(await owner.getByTestId('transfer-send').isDisabled()).toBe(true);
    await owner.getByTestId('line-quantity').fill('10');
    await shots(owner, 'transfer-lines');
    await owner.getByTestId('transfer-send').click();
    await expect
      .poll(() => owner.locator('[data-testid=transfer-row][data-status=in_transit]').count())
      .toBe(1);
    expect(await onHand(a.id, gula.id)).toBe(40);
    await owner.goto(`${h.url}/admin/stock?branchId=${b.id}&tab=transfers`);
    await owner.getByTestId('transfer-receive').click();
    await owner.getByTestId('transfer-received').fill('8');
    // A shortfall gets its reason (missing unless chosen otherwise).
    await owner.getByTestId('transfer-loss-reason').selectOption('damaged');
    await shots(owner, 'transfer');
    await owner.getByTestId('transfer-confirm').click();
    await expect
      .poll(() => owner.locator('[data-testid=transfer-row][data-status=received]').count())
      .toBe(1);
    expect(await owner.locator('[data-testid=transfer-row]').first().textContent()).toContain(
      '8 / 10 · Rusak',
    );
    expect(await owner.getByTestId('transfer-line').first().textContent()).toContain('Gula Pasir 1kg');
    expect(await onHand(b.id, gula.id)).toBe(8);
    expect(await ledger(b.id, gula.id)).toBe(8);
    expect(await ledger(a.id, gula.id)).toBe(40);
    const line = await db().selectFrom('transferLines').selectAll().executeTakeFirstOrThrow();
    expect(line).toMatchObject({ sent: 10, received: 8, lossReason: 'damaged' });

    // A transfer sent by mistake is cancelled, after a question: its goods go back to A.
    await owner.goto(`${h.url}/admin/stock?branchId=${a.id}&tab=transfers`);
    await owner.getByTestId('branch-select').nth(1).selectOption(b.id);
    await owner.getByTestId('line-search').fill('Gula');
    await owner.getByTestId('line-search').press('Enter');
    // More than A holds: asked first, and a "no" sends nothing.
    await owner.getByTestId('line-quantity').fill('500');
    let overStock = '';
    owner.once('dialog', (d) => {
      overStock = d.message();
      void d.dismiss();
    });
    await owner.getByTestId('transfer-send').click();
    expect(overStock).toContain('Gula Pasir 1kg: kirim 500, stok 40');
    expect(await owner.getByTestId('picked-line').count()).toBe(1);
    await owner.getByTestId('line-quantity').fill('5');
    await owner.getByTestId('transfer-send').click();
    await owner.getByTestId('transfer-cancel').waitFor();
    expect(await onHand(a.id, gula.id)).toBe(35);
    let question = '';
    owner.once('dialog', (d) => {
      question = d.message();
      void d.dismiss();
    });
    await owner.getByTestId('transfer-cancel').click();
    expect(question).toContain('Batalkan transfer ini?');
    expect(await onHand(a.id, gula.id)).toBe(35);
    owner.once('dialog', (d) => void d.accept());
    await owner.getByTestId('transfer-cancel').click();
    await expect
      .poll(() => owner.locator('[data-testid=transfer-row][data-status=in_transit]').count())
      .toBe(0);
    expect(await onHand(a.id, gula.id)).toBe(40);
    // Till 2 was offline on purpose: its failed requests are the only errors.
    expect(h.errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  it('a minimum set on the low-stock screen lists the product with its on-hand from the ledger', async () => {
    const gula = products[2]!;
    // Opened on a phone: the menu, scrolled sideways, shows the tab of this screen whole.
    await owner.setViewportSize({ width: 390, height: 844 });
    await owner.goto(`${h.url}/admin/stock?branchId=${a.id}&tab=low`);
    const tab = owner.locator('.shell__nav .active');
    await expect
      .poll(async () => {
        const box = await tab.boundingBox();
        return box !== null && box.x >= 0 && box.x + box.width <= 390;
      })
      .toBe(true);
    await owner.setViewportSize({ width: 1280, height: 860 });
    await owner.getByTestId('minimum-product').fill('Gula');
    await owner.getByTestId('minimum-value').fill('45');
    await owner.getByTestId('minimum-value').press('Enter');
    const table = owner.getByTestId('low-stock-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr td').nth(1).textContent()).toBe(String(await ledger(a.id, gula.id)));
    await shots(owner, 'low-stock');
  });

  it('a stocktake opened for a chosen category is recorded and shown with it', async () => {
    await owner.goto(`${h.url}/admin/stock?branchId=${b.id}&tab=stocktake`);
    await owner.getByTestId('stocktake-category').first().waitFor({ timeout: 10_000 });
    const box = owner.getByTestId('stocktake-categories').locator('label', { hasText: 'Sembako' });
    await box.getByTestId('stocktake-category').check();
    await shots(owner, 'stocktake-categories');
    await owner.getByTestId('stocktake-open').click();
    await expect.poll(() => owner.getByTestId('stocktake-status').textContent()).toContain('Sembako');
    const opened = await db()
      .selectFrom('stocktakes')
      .select(['categories'])
      .where('branchId', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(opened.categories).toContain('Sembako');
  });

  it('a delivery takes its unit cost as rupiah are written: "14.500" is Rp 14.500', async () => {
    const minyak = products[1]!;
    const before = await onHand(a.id, minyak.id);
    await owner.goto(`${h.url}/admin/stock?branchId=${a.id}&tab=receive`);
    await owner.getByTestId('line-search').fill('Minyak');
    await owner.getByTestId('line-search').press('Enter');
    await owner.getByTestId('line-quantity').fill('12');
    await owner.getByTestId('line-cost').fill('14.500');
    await owner.getByLabel('No. surat jalan').fill('SJ-0042');
    await owner.getByTestId('receipt-save').click();
    await expect
      .poll(() =>
        db()
          .selectFrom('receiptLines')
          .select(['quantity', 'unitCost'])
          .where('productId', '=', minyak.id)
          .execute(),
      )
      .toEqual([{ quantity: 12, unitCost: 14_500 }]);
    expect(await onHand(a.id, minyak.id)).toBe(before + 12);
  });
});

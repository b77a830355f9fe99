import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, SCREENSHOTS, pairedShop, startHarness, type Harness } from './harness.ts';

/** Transfers on the till (issue 12): one sent from branch A is received on B's tills offline. */
describe('transfers on the till', () => {
  let h: Harness;
  let tills: { context: BrowserContext; page: Page }[];
  let branchB: string;
  let branchA: string;

  beforeAll(async () => {
    h = await startHarness();
    const shop = await pairedShop(h, { code: 'BDG', name: 'Toko Bandung' }, ['Kasir 1', 'Kasir 2']);
    branchB = shop.branch.id;
    tills = shop.pages;
    branchA = (await h.admin.branch('JKT', 'Gudang Jakarta')).id;
  });
  afterAll(async () => {
    for (const t of tills ?? []) await t.context.close();
    await h?.close();
  });

  const onHand = async (branchId: string, name: string): Promise<number> => {
    const row = await h.server.db.kysely
      .selectFrom('stock')
      .innerJoin('products', 'products.id', 'stock.productId')
      .select('stock.onHand')
      .where('products.name', '=', name)
      .where('stock.branchId', '=', branchId)
      .executeTakeFirstOrThrow();
    return row.onHand;
  };
  const connection = (page: Page, text: string) =>
    expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 }).toBe(text);

  it('S1 S3: received short offline on one till, the same transfer received on a second till is applied once', async () => {
    const product = await h.server.db.kysely
      .selectFrom('products')
      .select('id')
      .where('name', '=', 'Roti Tawar Gandum')
      .executeTakeFirstOrThrow();
    await h.admin.stock(branchA, product.id, 50);
    const transferId = '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5b01';
    const res = await fetch(`${h.server.url}/api/admin/transfers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        transferId,
        fromBranchId: branchA,
        toBranchId: branchB,
        lines: [{ productId: product.id, quantity: 5 }],
      }),
    });
    expect(res.status).toBe(201);
    const [one, two] = [tills[0]!, tills[1]!];
    for (const t of [one, two]) {
      await connection(t.page, 'Online');
      // The source's send pokes only the source's room: B's tills find it on their next pull.
      await t.page.getByTestId('nav-sync').click();
      await t.page.getByTestId('sync-now').click();
      await t.page.getByTestId('nav-receive').click();
      await expect.poll(() => t.page.getByTestId('transfer-in').count(), { timeout: 30_000 }).toBe(1);
      await t.context.setOffline(true);
      await connection(t.page, 'Offline');
    }
    expect(await one.page.getByTestId('transfer-in-line').textContent()).toContain('Roti Tawar Gandum');

    await one.page.getByTestId('transfer-in-received').fill('3');
    await one.page.getByTestId('transfer-in-reason').selectOption('missing');
    for (const [w, hgt, name] of [
      [390, 844, 'transfer-in-390.png'],
      [1024, 768, 'transfer-in-1024.png'],
      [1440, 900, 'transfer-in-desktop.png'],
    ] as const) {
      await one.page.setViewportSize({ width: w, height: hgt });
      await one.page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
    }
    await one.page.setViewportSize({ width: 1280, height: 860 });
    await one.page.getByTestId('transfer-in-receive').click();
    await expect.poll(() => one.page.getByTestId('transfer-in').count()).toBe(0);
    // The second till did not hear of it and receives everything sent.
    await two.page.getByTestId('transfer-in-receive').click();
    await expect.poll(() => two.page.getByTestId('transfer-in').count()).toBe(0);
    expect(await onHand(branchB, 'Roti Tawar Gandum')).toBe(100);

    await one.context.setOffline(false);
    await expect
      .poll(() => one.page.getByTestId('pending-count').textContent(), { timeout: 60_000, interval: 500 })
      .toBe('0 tertunda');
    await two.context.setOffline(false);
    await expect
      .poll(() => two.page.getByTestId('pending-count').textContent(), { timeout: 60_000, interval: 500 })
      .toBe('0 tertunda');

    expect(await onHand(branchB, 'Roti Tawar Gandum')).toBe(103);
    expect(await onHand(branchA, 'Roti Tawar Gandum')).toBe(45);
    const transfer = await h.server.db.kysely
      .selectFrom('transfers')
      .select('status')
      .where('id', '=', transferId)
      .executeTakeFirstOrThrow();
    expect(transfer.status).toBe('received');
    const lines = await h.server.db.kysely
      .selectFrom('transferLines')
      .select(['sent', 'received', 'lossReason'])
      .where('transferId', '=', transferId)
      .execute();
    expect(lines).toEqual([{ sent: 5, received: 3, lossReason: 'missing' }]);
    const moved = await h.server.db.kysely
      .selectFrom('stockMovements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('branchId', '=', branchB)
      .where('productId', '=', product.id)
      .where('reason', '=', 'transfer')
      .executeTakeFirstOrThrow();
    expect(Number(moved.n)).toBe(1);
  });
});

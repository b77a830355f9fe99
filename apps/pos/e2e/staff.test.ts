import { join } from 'node:path';
import { parseInvoiceNumber, type Branch } from '@kasir/protocol';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, addBySearch, pairedPage, seedCatalog, startHarness, type Harness } from './harness.ts';

/** Types a PIN on the keypad of `who` ('signin' or 'approve') and presses OK. */
async function enterPin(page: Page, who: 'signin' | 'approve', pin: string): Promise<void> {
  for (const d of pin) await page.getByTestId(`${who}-pin-key-${d}`).click();
  await page.getByTestId(`${who}-pin-ok`).click();
}

async function choose(page: Page, who: 'signin' | 'approve', name: string): Promise<void> {
  await page.getByTestId(`${who}-person`).filter({ hasText: name }).click();
}

async function signIn(page: Page, name: string, pin: string): Promise<void> {
  await page.getByTestId('staff-signin').waitFor({ timeout: 30_000 });
  await choose(page, 'signin', name);
  await enterPin(page, 'signin', pin);
  await page.getByTestId('staff-signin').waitFor({ state: 'detached' });
  expect(await page.getByTestId('staff-current').textContent()).toBe(name);
}

/** Issue 13: staff sign in by PIN offline, wrong PINs lock the keypad, a supervisor approves, numbers never repeat. */
describe('staff at the till (issue 13)', () => {
  let h: Harness;
  let branch: Branch;
  let context: BrowserContext;
  let page: Page;
  let ids: Record<'siti' | 'budi' | 'rina', string>;

  beforeAll(async () => {
    h = await startHarness();
    branch = await h.admin.branch('STF', 'Toko Staf');
    await seedCatalog(h, branch.id, 4);
    ids = {
      siti: (await h.admin.staff(branch.id, 'Siti', 'cashier', '1234')).id,
      budi: (await h.admin.staff(branch.id, 'Budi', 'supervisor', '5678')).id,
      rina: (await h.admin.staff(branch.id, 'Rina', 'manager', '909090')).id,
    };
    ({ context, page } = await pairedPage(h, await h.admin.pairingCode(branch.id, 'Kasir 1')));
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('signs in by PIN offline; wrong PINs lock the keypad for longer each time; switching person keeps the cart', async () => {
    await page.getByTestId('staff-signin').waitFor({ timeout: 30_000 });
    await context.setOffline(true);
    await choose(page, 'signin', 'Siti');
    for (let i = 0; i < 2; i++) {
      await enterPin(page, 'signin', '0000');
      await page.getByTestId('signin-error').waitFor();
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-signin-390.png') });
    await page.setViewportSize({ width: 1280, height: 860 });
    await enterPin(page, 'signin', '0000');
    const locked = page.getByTestId('signin-locked');
    await locked.waitFor();
    expect(await locked.textContent()).toMatch(/30|29|28/);
    expect(await page.getByTestId('signin-pin-key-1').isDisabled()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-lockout-1280.png') });
    // The first lock lasts 30 s; after it the right PIN signs in, still offline.
    await locked.waitFor({ state: 'detached', timeout: 45_000 });
    await enterPin(page, 'signin', '1234');
    await page.getByTestId('staff-signin').waitFor({ state: 'detached' });
    expect(await page.getByTestId('staff-current').textContent()).toBe('Siti');

    await addBySearch(page, 'kopi susu');
    await page.getByTestId('staff-lock').click();
    await signIn(page, 'Budi', '5678');
    expect(await page.getByTestId('cart-line').count()).toBe(1);
    await page.getByTestId('staff-lock').click();
    await signIn(page, 'Siti', '1234');
    await context.setOffline(false);
  });

  it('a discount above the threshold asks for a supervisor PIN and records both people on the sale and in the audit', async () => {
    expect(await page.getByTestId('cart-line').count()).toBe(1);
    await page.getByTestId('cart-discount').fill('1000'); // 20% of Rp 5.000
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').first().click();
    await page.getByTestId('complete').click();
    await page.getByTestId('staff-override').waitFor();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-override-1024.png') });
    await page.setViewportSize({ width: 1280, height: 860 });
    // Only people who may approve are offered: not Siti herself.
    expect(await page.getByTestId('approve-person').allTextContents()).toEqual([
      expect.stringContaining('Budi'),
      expect.stringContaining('Rina'),
    ]);
    await choose(page, 'approve', 'Budi');
    await enterPin(page, 'approve', '1111');
    await page.getByTestId('approve-error').waitFor();
    await enterPin(page, 'approve', '5678');
    const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
    expect(await page.getByTestId('receipt').textContent()).toContain('Siti');
    await expect
      .poll(
        async () =>
          h.server.db.kysely
            .selectFrom('sales')
            .select(['staffId', 'approvedBy', 'cashierName'])
            .where('invoiceNumber', '=', number)
            .executeTakeFirst(),
        { timeout: 30_000 },
      )
      .toEqual({ staffId: ids.siti, approvedBy: ids.budi, cashierName: 'Siti' });
    await expect
      .poll(
        async () =>
          (
            await h.server.db.kysely
              .selectFrom('auditLog')
              .select('action')
              .where('staffId', '=', ids.siti)
              .orderBy('action')
              .execute()
          ).map((r) => r.action),
        { timeout: 30_000 },
      )
      .toEqual(['till.discount_above_threshold', 'till.override']);
    const lockout = await h.server.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('action', '=', 'till.pin_lockout')
      .execute();
    expect(lockout).toEqual([{ action: 'till.pin_lockout', entityId: ids.siti }]);
    await page.getByTestId('new-sale').click();
  });

  it("a cashier's X report (expected cash, which would unblind the closing count) needs a supervisor", async () => {
    await page.getByTestId('nav-shift').click();
    await page.getByTestId('shift-float').fill('100000');
    await page.getByTestId('shift-open').click();
    await page.getByTestId('x-report-show').click();
    await page.getByTestId('staff-override').waitFor();
    expect(await page.getByTestId('staff-override').textContent()).toContain('laporan X');
    await page.getByTestId('approve-cancel').click();
    expect(await page.getByTestId('x-report').count()).toBe(0);
    await page.getByTestId('x-report-show').click();
    await choose(page, 'approve', 'Budi');
    await enterPin(page, 'approve', '5678');
    await page.getByTestId('x-report').waitFor();
    await page.getByTestId('nav-sell').click();
  });

  it('locks itself after 5 minutes without a touch; the cart stays', async () => {
    const other = await h.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
    try {
      await other.clock.install();
      const till = await other.newPage();
      await till.goto(h.server.url);
      await till.getByTestId('pair-code').fill(await h.admin.pairingCode(branch.id, 'Kasir 2'));
      await till.getByTestId('pair-submit').click();
      await signIn(till, 'Budi', '5678');
      await addBySearch(till, 'kopi susu');
      await till.clock.fastForward('04:00');
      expect(await till.getByTestId('staff-signin').count()).toBe(0);
      await till.getByTestId('cart-line').click();
      await till.clock.fastForward('04:00');
      expect(await till.getByTestId('staff-signin').count()).toBe(0);
      await till.clock.fastForward('01:10');
      await till.getByTestId('staff-signin').waitFor();
      await signIn(till, 'Budi', '5678');
      expect(await till.getByTestId('cart-line').count()).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('S10: signing out and pairing again never repeats a receipt number', async () => {
    await addBySearch(page, 'indomie');
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').first().click();
    await page.getByTestId('complete').click();
    const before = parseInvoiceNumber((await page.getByTestId('receipt-number').textContent()) ?? '')!;
    await page.getByTestId('new-sale').click();
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 }).toBe('Online');
    await expect
      .poll(
        () =>
          h.server.db.kysely
            .selectFrom('sales')
            .select('id')
            .execute()
            .then((r) => r.length),
        {
          timeout: 30_000,
        },
      )
      .toBe(2);

    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('sign-out').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-out-yes').click();
    // A cashier may not reset the device: only Rina (manager) may, so she is chosen already.
    await page.getByTestId('staff-override').waitFor();
    expect(await page.getByTestId('approve-chosen').textContent()).toBe('Rina');
    await enterPin(page, 'approve', '909090');
    await page.getByTestId('pair-code').waitFor({ timeout: 30_000 });

    const devices = await h.admin.client.listDevices(branch.id);
    const device = devices.ok ? devices.value.find((d) => d.name === 'Kasir 1') : undefined;
    const code = await h.admin.client.createPairingCode(device!.id);
    await page.getByTestId('pair-code').fill(code.ok ? code.value.code : '');
    await page.getByTestId('pair-submit').click();
    await signIn(page, 'Siti', '1234');
    await addBySearch(page, 'indomie');
    await page.getByTestId('pay').click();
    await page.getByTestId('quick-cash').first().click();
    await page.getByTestId('complete').click();
    const after = parseInvoiceNumber((await page.getByTestId('receipt-number').textContent()) ?? '')!;
    expect(after.deviceCode).toBe(before.deviceCode);
    expect(after.counter).toBe(before.counter + 1);
    await expect
      .poll(
        async () =>
          (await h.server.db.kysely.selectFrom('sales').select(['invoiceNumber', 'flags']).execute()).map(
            (r) => r.flags,
          ),
        { timeout: 30_000 },
      )
      .toEqual(['[]', '[]', '[]']);
    const reset = await h.server.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'approvedBy'])
      .where('action', '=', 'till.reset_device')
      .execute();
    expect(reset).toEqual([{ action: 'till.reset_device', approvedBy: ids.rina }]);
  });
});

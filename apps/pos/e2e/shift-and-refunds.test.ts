import { join } from 'node:path';
import type {
  AuditPage,
  AdminSaleDetail,
  CustomerDetail,
  CustomerList,
  Refund,
  RefundList,
  ShiftReportList,
} from '@kasir/protocol';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  SCREENSHOTS,
  addBySearch,
  pairedShop,
  payExactCash,
  startHarness,
  type Harness,
} from './harness.ts';

/** The drawer and refunds at the till (issue 13, items 3 and 4), on two tills of one branch. */
describe('shifts, cash and refunds at the till', () => {
  let h: Harness;
  let branchId: string;
  const contexts: BrowserContext[] = [];
  let one: Page;
  let two: Page;

  const admin = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${h.server.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(r.status).toBe(200);
    return (await r.json()) as T;
  };
  const refundsOfSale = async (invoiceNumber: string) =>
    h.server.db.kysely.selectFrom('refunds').selectAll().where('invoiceNumber', '=', invoiceNumber).execute();
  const synced = async (page: Page, numbers: readonly string[]): Promise<void> => {
    await expect
      .poll(
        async () =>
          (
            await h.server.db.kysely
              .selectFrom('sales')
              .select('invoiceNumber')
              .where('invoiceNumber', 'in', [...numbers])
              .execute()
          ).length,
        { timeout: 30_000, interval: 300 },
      )
      .toBe(numbers.length);
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 30_000 })
      .not.toMatch(/[1-9]/);
  };
  const online = async (page: Page) =>
    expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 }).toBe('Online');
  const offline = async (page: Page, context: BrowserContext) => {
    await context.setOffline(true);
    await expect
      .poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 })
      .toBe('Offline');
  };
  /** Opens the refund screen until `number` is in its history (another till's sale arrives by the feed). */
  const refundScreenWith = async (page: Page, number: string): Promise<void> => {
    await expect
      .poll(
        async () => {
          await page.getByTestId('nav-sell').click();
          await page.getByTestId('nav-refund').click();
          // A freshly opened screen is empty until its read of the device's sales returns.
          await page.locator('[data-testid="refund-history"][data-loaded="true"]').waitFor();
          return page.getByTestId('refund-history').textContent();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain(number);
  };
  const sell = async (page: Page, product: string): Promise<string> => {
    await page.getByTestId('nav-sell').click();
    await addBySearch(page, product);
    const number = await payExactCash(page);
    await page.getByTestId('new-sale').click();
    return number;
  };

  beforeAll(async () => {
    h = await startHarness();
    const shop = await pairedShop(h, { code: 'SMG', name: 'Toko Semarang' }, ['Kasir 1', 'Kasir 2']);
    branchId = shop.branch.id;
    contexts.push(...shop.pages.map((p) => p.context));
    [one, two] = shop.pages.map((p) => p.page) as [Page, Page];
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await h?.close();
  });

  it('a whole shift: float, sales, a refund, a cash out, X report, blind count, Z report equal to the back office', async () => {
    await online(one);
    await one.getByTestId('nav-shift').click();
    await one.getByTestId('shift-float').fill('200000');
    await one.getByTestId('shift-open').click();
    await one.getByTestId('shift-float-shown').waitFor();

    const first = await sell(one, 'Roti Tawar'); // Rp 17,500
    const second = await sell(one, 'Roti Tawar');

    await one.getByTestId('nav-refund').click();
    // The counter as printed at the end of the receipt number is enough to find it.
    await one.getByTestId('refund-search').fill(first.slice(-4));
    await one.getByTestId('refund-find').click();
    expect(await one.getByTestId('refund-sale-number').textContent()).toBe(first);
    expect(await one.getByTestId('refund-amount').textContent()).toBe('Rp 0');
    await one.getByTestId('refund-qty-0').fill('1');
    expect(await one.getByTestId('refund-amount').textContent()).toBe('Rp 17.500');
    // A cash sale with the drawer open: the money goes back from the drawer unless changed.
    expect(await one.getByTestId('refund-method-cash').isChecked()).toBe(true);
    for (const [w, hgt, tag] of [
      [390, 844, 'phone'],
      [1024, 768, 'tablet'],
      [1280, 860, 'desktop'],
    ] as const) {
      await one.setViewportSize({ width: w, height: hgt });
      await one.screenshot({ path: join(SCREENSHOTS, `refund-${tag}.png`) });
    }
    await one.setViewportSize({ width: 1280, height: 860 });
    await one.getByTestId('refund-submit').click();
    expect(await one.getByTestId('refund-original').textContent()).toContain(first);
    expect(await one.getByTestId('refund-total').textContent()).toBe('Rp 17.500');
    // The refund receipt says whose it is and when, as the sale's receipt does.
    expect(await one.getByTestId('refund-receipt').textContent()).toContain('Toko Semarang');
    expect(await one.getByTestId('refund-meta').textContent()).toMatch(
      /Tanggal: \d{2}\/\d{2}\/\d{4} .*Kasir: .*Kasir 1/,
    );
    expect(await one.getByTestId('refund-method').textContent()).toBe('Tunai dari laci');
    // No thermal printer set: the refund receipt goes to the browser's print, alone on the page.
    await one.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await one.getByTestId('refund-print').click();
    expect(await one.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await one.emulateMedia({ media: 'print' });
    expect(await one.locator('.topbar').isVisible()).toBe(false);
    expect(await one.getByTestId('refund-print').isVisible()).toBe(false);
    expect(await one.getByTestId('refund-receipt').isVisible()).toBe(true);
    await one.emulateMedia({ media: 'screen' });
    await one.getByTestId('refund-done').click();

    await one.getByTestId('nav-shift').click();
    await one.getByTestId('x-report-show').click();
    // 200,000 + 2 x 17,500 - 17,500
    expect(await one.getByTestId('x-report').textContent()).toMatch(/Seharusnya\s+Rp 217\.500/);
    await one.getByTestId('cash-amount').fill('10000');
    await one.getByTestId('cash-reason').fill('beli galon');
    await one.getByTestId('cash-out').click();
    // The X report on screen counts the cash out at once.
    await expect
      .poll(() => one.getByTestId('x-report').textContent(), { timeout: 5_000 })
      .toMatch(/Seharusnya\s+Rp 207\.500/);

    // Opening the drawer without a sale (no printer here): recorded as a till audit event.
    await one.getByTestId('open-drawer').click();
    for (const [w, hgt, tag] of [
      [390, 844, 'phone'],
      [1024, 768, 'tablet'],
      [1280, 860, 'desktop'],
    ] as const) {
      await one.setViewportSize({ width: w, height: hgt });
      await one.screenshot({ path: join(SCREENSHOTS, `open-drawer-${tag}.png`) });
    }
    await one.setViewportSize({ width: 1280, height: 860 });
    await expect
      .poll(
        async () =>
          (
            await h.server.db.kysely
              .selectFrom('auditLog')
              .select('id')
              .where('action', '=', 'till.open_drawer')
              .where('branchId', '=', branchId)
              .execute()
          ).length,
        { timeout: 30_000, interval: 300 },
      )
      .toBe(1);
    await one.getByTestId('x-report-show').click();
    // 200,000 + 2 x 17,500 - 17,500 - 10,000
    expect(await one.getByTestId('x-report').textContent()).toMatch(/Seharusnya\s+Rp 207\.500/);

    await synced(one, [first, second]);
    await one.getByTestId('shift-close-start').click();
    // Blind: the expected cash is not on screen while counting.
    expect(await one.getByTestId('shift-screen').textContent()).not.toContain('Seharusnya');
    await one.getByTestId('count-total').fill('207000');
    for (const [w, hgt, tag] of [
      [390, 844, 'phone'],
      [1024, 768, 'tablet'],
      [1280, 860, 'desktop'],
    ] as const) {
      await one.setViewportSize({ width: w, height: hgt });
      await one.screenshot({ path: join(SCREENSHOTS, `shift-count-${tag}.png`) });
    }
    await one.setViewportSize({ width: 1280, height: 860 });
    await one.getByTestId('shift-close').click();
    const z = (await one.getByTestId('z-report').textContent()) ?? '';
    expect(z).toContain('LAPORAN Z');
    expect(z).toMatch(/Dihitung\s+Rp 207\.000/);
    expect(z).toMatch(/Selisih\s+-Rp 500/);
    // What each payment method took, to reconcile beside the drawer: both sales were paid in cash.
    expect(z).toMatch(/Tunai\s+2 \/ Rp 35\.000/);
    await one.screenshot({ path: join(SCREENSHOTS, 'z-report.png') });

    await expect
      .poll(async () => (await admin<ShiftReportList>(`/api/admin/shifts?branchId=${branchId}`)).shifts, {
        timeout: 30_000,
        interval: 500,
      })
      .toMatchObject([
        {
          float: 200_000,
          cashSales: 35_000,
          cashRefunds: 17_500,
          cashOut: 10_000,
          expected: 207_500,
          counted: 207_000,
          difference: -500,
          salesCount: 2,
          refundsCount: 1,
        },
      ]);
    await one.getByTestId('z-done').click();
    // This till works with shifts: selling with none open is said, with a way to open one.
    await one.getByTestId('nav-sell').click();
    await one.getByTestId('shift-reminder').waitFor();
    await one.getByTestId('shift-reminder').getByRole('button').click();
    await one.getByTestId('shift-float').waitFor();
  });

  it('refunds offline a sale made on another till; it syncs once', async () => {
    await online(two);
    const number = await sell(two, 'Keripik'); // Rp 12,000, on Kasir 2
    await synced(two, [number]);
    await refundScreenWith(one, number);
    await offline(one, contexts[0]!);
    await one.getByTestId('refund-search').fill(number);
    await one.getByTestId('refund-find').click();
    await one.getByTestId('refund-all').click();
    await one.getByTestId('refund-damaged-0').check();
    await one.getByTestId('refund-submit').click();
    expect(await one.getByTestId('refund-original').textContent()).toContain(number);
    expect(await one.getByTestId('refund-total').textContent()).toBe('Rp 12.000');
    await one.getByTestId('refund-done').click();
    expect(await refundsOfSale(number)).toEqual([]);
    await contexts[0]!.setOffline(false);
    await expect
      .poll(async () => (await refundsOfSale(number)).length, { timeout: 30_000, interval: 300 })
      .toBe(1);
    const [r] = await refundsOfSale(number);
    // No open shift on Kasir 1: the money went back by the original method; damaged goods stay out.
    expect(r).toMatchObject({ method: 'original', total: 12_000, flags: '[]' });
  });

  it('two tills refunding the same line offline: both recorded, one flagged over_refund in the back office', async () => {
    await online(one);
    await online(two);
    const number = await sell(one, 'Teh Botol'); // Rp 6,500
    await synced(one, [number]);
    await refundScreenWith(two, number);
    await refundScreenWith(one, number);
    await offline(one, contexts[0]!);
    await offline(two, contexts[1]!);
    for (const page of [one, two]) {
      await page.getByTestId('refund-search').fill(number);
      await page.getByTestId('refund-find').click();
      await page.getByTestId('refund-void').click();
      // A void gives everything back at once: asked first, with the amount.
      expect(await page.getByRole('alertdialog').textContent()).toContain(number);
      expect(await page.getByTestId('refund-receipt').count()).toBe(0);
      await page.getByTestId('refund-void-yes').click();
      await page.getByTestId('refund-receipt').waitFor();
      await page.getByTestId('refund-done').click();
    }
    // Picked again, the voided sale says nothing is left and offers no refund or void.
    await one.getByTestId('refund-search').fill(number);
    await one.getByTestId('refund-find').click();
    await one.getByTestId('refund-nothing-left').waitFor();
    expect(await one.getByTestId('refund-void').isDisabled()).toBe(true);
    expect(await one.getByTestId('refund-submit').isDisabled()).toBe(true);
    // The history marks it, and its receipt opened again says the sale was voided (not "returned").
    await one.getByTestId('nav-history').click();
    const row = one.getByTestId('history-row').filter({ hasText: number });
    expect(await row.getByTestId('history-refunded').textContent()).toBe('Dibatalkan');
    await row.getByTestId('open-receipt').click();
    expect(await one.getByTestId('receipt-refunded').textContent()).toBe('*** TRANSAKSI DIBATALKAN ***');
    await one.getByTestId('new-sale').click();
    await one.getByTestId('nav-refund').click();
    await contexts[0]!.setOffline(false);
    await contexts[1]!.setOffline(false);
    await expect
      .poll(async () => (await refundsOfSale(number)).length, { timeout: 30_000, interval: 300 })
      .toBe(2);
    const flagged = await admin<RefundList>(`/api/admin/refunds?branchId=${branchId}&flag=over_refund`);
    const mine = flagged.refunds.filter((r: Refund) => r.invoiceNumber === number);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ reason: 'void', flags: ['over_refund'], total: 6_500 });
    // Both voids are in the audit log, by till, though nobody was signed in (no staff PINs).
    await expect
      .poll(
        async () =>
          (await admin<AuditPage>(`/api/admin/audit?action=till.void_sale&branchId=${branchId}`)).items
            .filter((e) => e.entityId === number)
            .map((e) => e.details?.['total']),
        { timeout: 30_000, interval: 300 },
      )
      .toEqual([6_500, 6_500]);
  });

  it('a shift cannot close while this till holds an unsynced sale', async () => {
    await online(two);
    await two.getByTestId('nav-shift').click();
    await two.getByTestId('shift-float').fill('100000');
    await two.getByTestId('shift-open').click();
    await two.getByTestId('shift-float-shown').waitFor();
    await offline(two, contexts[1]!);
    const number = await sell(two, 'Air Mineral');
    await two.getByTestId('nav-shift').click();
    await two.getByTestId('shift-close-start').click();
    // Counted per note and coin this time: 1 x 100,000 + 2 x 2,000.
    await two.getByTestId('count-by-denomination').check();
    await two.getByTestId('denom-100000').fill('1');
    await two.getByTestId('denom-2000').fill('2');
    expect(await two.getByTestId('count-pieces-total').textContent()).toContain('Rp 104.000');
    await two.getByTestId('shift-close').click();
    expect(await two.getByTestId('close-refused').textContent()).toContain('1 transaksi');
    await two.screenshot({ path: join(SCREENSHOTS, 'shift-close-refused.png') });
    // Without a manager (no staff signed in yet) the override is refused too.
    await two.getByTestId('shift-close-override').click();
    expect(await two.getByTestId('z-report').count()).toBe(0);
    await contexts[1]!.setOffline(false);
    await synced(two, [number]);
    await two.getByTestId('shift-close').click();
    expect(await two.getByTestId('z-report').textContent()).toMatch(/Selisih\s+Rp 0/);
    await expect
      .poll(
        async () =>
          (
            await h.server.db.kysely
              .selectFrom('shifts')
              .select(['unsyncedAtClose', 'denominations'])
              .where('branchId', '=', branchId)
              .where('counted', '=', 104_000)
              .execute()
          ).map((s) => [s.unsyncedAtClose, s.denominations]),
        { timeout: 30_000, interval: 300 },
      )
      .toEqual([[0, JSON.stringify({ '100000': 1, '2000': 2 })]]);
  });

  it('a customer made offline is attached to a sale, found again by phone, and its purchase shows in the back office', async () => {
    await online(one);
    await one.getByTestId('nav-sell').click();
    await offline(one, contexts[0]!);
    await one.getByTestId('customer-new').click();
    await one.getByTestId('customer-name').fill('Dewi Lestari');
    await one.getByTestId('customer-phone').fill('0813-1111-2222');
    await one.getByTestId('customer-create').click();
    expect(await one.getByTestId('customer-selected').textContent()).toContain('+6281311112222');
    await one.screenshot({ path: join(SCREENSHOTS, 'customer-bar.png') });
    await addBySearch(one, 'Indomie');
    // A reload (or a crash) brings the cart back with its customer.
    await one.reload();
    await one.getByTestId('customer-selected').waitFor({ timeout: 30_000 });
    expect(await one.getByTestId('customer-selected').textContent()).toContain('Dewi Lestari');
    expect(await one.getByTestId('cart-line').count()).toBe(1);
    const number = await payExactCash(one);
    expect(await one.getByTestId('receipt-customer').textContent()).toBe('Pelanggan: Dewi Lestari');
    await one.getByTestId('new-sale').click();
    // The next sale starts without a customer; the one made offline is found by a phone typed another way.
    await one.getByTestId('customer-search').fill('6281311112222');
    await one.getByTestId('customer-option').first().click();
    expect(await one.getByTestId('customer-selected').textContent()).toContain('Dewi Lestari');
    await one.getByTestId('customer-clear').click();
    // Opened again from the history, the receipt names the customer too (read from the device).
    await one.getByTestId('nav-history').click();
    await one.getByTestId('open-receipt').first().click();
    expect(await one.getByTestId('receipt-number').textContent()).toBe(number);
    await expect
      .poll(() => one.getByTestId('receipt-customer').textContent())
      .toBe('Pelanggan: Dewi Lestari');
    await one.getByTestId('new-sale').click();
    await contexts[0]!.setOffline(false);
    await synced(one, [number]);
    await expect
      .poll(async () => (await admin<CustomerList>('/api/admin/customers?q=0813-1111-2222')).customers, {
        timeout: 30_000,
        interval: 300,
      })
      .toHaveLength(1);
    const [customer] = (await admin<CustomerList>('/api/admin/customers?q=Dewi')).customers;
    const detail = await admin<CustomerDetail>(`/api/admin/customers/${customer!.id}`);
    expect(detail.sales.map((s) => s.invoiceNumber)).toEqual([number]);
    // The sale's own detail in the back office names its customer.
    const sale = await admin<AdminSaleDetail>(`/api/admin/sales/${detail.sales[0]!.id}`);
    expect(sale.customer).toMatchObject({ name: 'Dewi Lestari', phone: '+6281311112222' });
  });
});

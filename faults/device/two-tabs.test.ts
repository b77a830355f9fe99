/**
 * Two tabs (issue 6): two instances of the cashier app of one device, in one Chromium profile,
 * over one IndexedDB store. Web Locks elect one leader: only that tab pushes (its requests are
 * counted per tab); the other records its sales into the shared outbox and leaves the pushing to
 * the leader. Closing the leader hands leadership to the other tab, which then syncs; so does the
 * leader's renderer crashing after the server committed its (held) push. Every sale of the tabs is
 * on the server exactly once.
 */
import { launchChromium, waitFor } from '@kasir/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ENGINES, faultOptions } from '../lib/fault-options.ts';
import { reportCleanRun, type CleanRunFigures } from '../lib/fault-report.ts';
import { appSales, appStatus, sellThroughUi, startAppShop, type AppShop } from './app-device.ts';

const opts = faultOptions();

describe.each(BROWSER_ENGINES)('two tabs of one device on %s', (engine) => {
  let shop: AppShop;
  let browser: Browser;
  let context: BrowserContext;
  /** The sales of the device so far (receipt numbers), across the tests. */
  const receipts: string[] = [];
  /** Every push request, in order, with the tab that sent it. */
  const pushes: string[] = [];

  beforeAll(async () => {
    shop = await startAppShop(engine, engine === 'sqlite' ? 'TABS' : 'TABP');
    browser = await launchChromium();
    context = await browser.newContext();
    const first = await tab('A');
    await shop.pair(first, 'Kasir 1');
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  async function tab(name: string): Promise<Page> {
    const page = await context.newPage();
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/sync/push')) pushes.push(name);
    });
    await shop.open(page);
    return page;
  }

  /** Opens tab `name` of the device, which finds another tab leading. */
  async function follower(name: string): Promise<Page> {
    const page = await tab(name);
    await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    expect(await isLeader(page)).toBe(false);
    return page;
  }

  const isLeader = (page: Page): Promise<boolean> => appStatus(page).then((s) => s?.leader === true);
  const serverSales = async (): Promise<number> => (await shop.truth()).sales.size;
  const serverHasEverySale = (what: string) =>
    waitFor(async () => (await serverSales()) === receipts.length, { message: what });
  let seq = 0;
  const sell = async (page: Page): Promise<string> => {
    const p = shop.products[(opts.seed + seq++) % shop.products.length]!;
    // A hidden tab gets no animation frames, which the clicks wait for: the cashier's tab is in front.
    await page.bringToFront();
    return sellThroughUi(page, p.name, 1 + (seq % 2));
  };
  /** Pushes since `from` all came from tab `name`, and there were some. */
  const onlyPushedBy = (name: string, from: number): void => {
    expect(pushes.slice(from).length).toBeGreaterThan(0);
    expect(pushes.slice(from).filter((t) => t !== name)).toEqual([]);
  };
  /**
   * `survivor` (tab `name`) alone pushed since `from`; it holds every sale of the device, synced,
   * each once on the server. Then the figures.
   */
  async function checkAndReport(
    [survivor, name]: [Page, string],
    from: number,
    figures: () => Pick<CleanRunFigures, 'scenario' | 'faults' | 'extra'>,
  ): Promise<void> {
    await shop.expectSyncedOnce(survivor, receipts);
    onlyPushedBy(name, from);
    reportCleanRun({
      ...figures(),
      engine,
      seed: opts.seed,
      durationS: 0,
      devices: 1,
      salesMade: receipts.length,
    });
  }

  it('one leader pushes for both tabs; closing it hands sync to the other; every sale once', async () => {
    const a = context.pages()[0]!;
    await waitFor(async () => (await appStatus(a))?.connection === 'online', { message: 'tab A online' });
    const b = await follower('B');
    // A took the lock first; B waits for it.
    expect(await isLeader(a)).toBe(true);
    await b.getByTestId('nav-settings').click();
    expect(await b.getByTestId('device-info').textContent()).toContain('Sinkron dijalankan tab lain');
    await b.getByTestId('nav-sell').click();

    for (let i = 0; i < 2; i++) receipts.push(await sell(a), await sell(b));
    await serverHasEverySale('the four sales on the server');
    onlyPushedBy('A', 0);
    const whileA = pushes.length;

    // The leader's tab closes: the browser releases its lock and B takes over.
    await a.close();
    await waitFor(() => isLeader(b), { message: 'tab B to become the leader' });
    receipts.push(await sell(b), await sell(b));
    await serverHasEverySale('the sales of B alone');
    await checkAndReport([b, 'B'], whileA, () => ({
      scenario: 'two tabs (Web Locks)',
      faults: { 'leader tab closed': 1 },
      extra: { 'push requests by the leader A': whileA, 'push requests by B after': pushes.length - whileA },
    }));
  });

  it('the leader tab crashes after the server committed its push; the other tab takes over; every sale once', async () => {
    const b = context.pages()[0]!;
    expect(await isLeader(b)).toBe(true);
    const c = await follower('C');
    // Both tabs sell while cut off; then one push of the leader carries both and is held.
    shop.proxy.setMode('down');
    receipts.push(await sell(b), await sell(c));
    const before = pushes.length;
    shop.proxy.setMode('hold-push');
    await serverHasEverySale('the held push committed');
    expect(shop.proxy.pushesHeld()).toBeGreaterThan(0);
    onlyPushedBy('B', before);
    const unsynced = (await appSales(c)).filter((s) => s.sync.kind !== 'synced');
    expect(unsynced).toHaveLength(2);

    // The leader's renderer dies (as under kill -9); the browser releases its Web Lock.
    const crashed = new Promise<void>((resolve) => b.once('crash', () => resolve()));
    const cdp = await context.newCDPSession(b);
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    const atCrash = pushes.length;
    shop.proxy.setMode('forward');
    await c.bringToFront();
    await waitFor(() => isLeader(c), { message: 'tab C to take over' });
    await checkAndReport([c, 'C'], atCrash, () => ({
      scenario: 'two tabs, leader tab crashed after push',
      faults: { 'leader tab crashed': 1 },
    }));
  });
});

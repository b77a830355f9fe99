/**
 * Two tabs (issue 6): two instances of the cashier app of one device, in one Chromium profile,
 * over one IndexedDB store. Web Locks elect one leader: only that tab pushes (its requests are
 * counted per tab); the other records its sales into the shared outbox and leaves the pushing to
 * the leader. Closing the leader hands leadership to the other tab, which then syncs; so does the
 * leader's renderer crashing after the server committed its (held) push. Every sale of the tabs is
 * on the server exactly once.
 */
import { rmSync } from 'node:fs';
import type { Product } from '@kasir/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../apps/pos/e2e/chromium.ts';
import { faultOptions } from '../lib/fault-options.ts';
import { reportFigures } from '../lib/fault-report.ts';
import { checkExactlyOnce, readServerTruth } from '../lib/invariant.ts';
import {
  copyOfPwa,
  appSales,
  appStatus,
  openApp,
  pairThroughUi,
  pairingCode,
  sellThroughUi,
} from './app-device.ts';
import { startPushProxy, type PushProxy } from './push-proxy.ts';
import { BROWSER_ENGINES, seedBranch, startRealServer, waitFor, type RealServer } from './real-server.ts';

const opts = faultOptions();

describe.each(BROWSER_ENGINES)('two tabs of one device on %s', (engine) => {
  let real: RealServer;
  let pwaDir: string | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let products: Product[];
  let baseStock: Map<string, number>;
  let observerToken: string;
  let proxy: PushProxy;
  /** The sales of the device so far (receipt numbers), across the tests. */
  const receipts: string[] = [];
  /** Every push request, in order, with the tab that sent it. */
  const pushes: string[] = [];

  beforeAll(async () => {
    const served = await copyOfPwa();
    pwaDir = served;
    real = await startRealServer(engine, { pwaDir: served });
    const seeded = await seedBranch(real.admin, engine === 'sqlite' ? 'TABS' : 'TABP', 3, 100);
    products = seeded.products;
    baseStock = seeded.baseStock;
    observerToken = (await real.admin.device(seeded.branchId, 'observer')).token;
    const url = new URL(real.server.url);
    proxy = await startPushProxy({ host: url.hostname, port: Number(url.port) });
    browser = await launchChromium();
    context = await browser.newContext();
    const first = await tab('A');
    await pairThroughUi(first, proxy.url, await pairingCode(real.server.url, seeded.branchId, 'Kasir 1'));
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await real?.close();
    if (pwaDir !== undefined) rmSync(pwaDir, { recursive: true, force: true });
  });

  async function tab(name: string): Promise<Page> {
    const page = await context.newPage();
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/sync/push')) pushes.push(name);
    });
    await openApp(page, real.server.url);
    return page;
  }

  const isLeader = (page: Page): Promise<boolean> => appStatus(page).then((s) => s?.leader === true);
  const serverSales = async (): Promise<number> =>
    (await readServerTruth(real.server.url, observerToken)).sales.size;
  let seq = 0;
  const sell = async (page: Page): Promise<string> => {
    const p = products[(opts.seed + seq++) % products.length]!;
    // A hidden tab gets no animation frames, which the clicks wait for: the cashier's tab is in front.
    await page.bringToFront();
    return sellThroughUi(page, p.name, 1 + (seq % 2));
  };

  it('one leader pushes for both tabs; closing it hands sync to the other; every sale once', async () => {
    const a = context.pages()[0]!;
    await waitFor(async () => (await appStatus(a))?.connection === 'online', 'tab A online', 30_000);
    const b = await tab('B');
    await b.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    // A took the lock first; B waits for it.
    expect(await isLeader(a)).toBe(true);
    expect(await isLeader(b)).toBe(false);
    await b.getByTestId('nav-settings').click();
    expect(await b.getByTestId('device-info').textContent()).toContain('Sinkron dijalankan tab lain');
    await b.getByTestId('nav-sell').click();

    for (let i = 0; i < 2; i++) receipts.push(await sell(a), await sell(b));
    await waitFor(async () => (await serverSales()) === receipts.length, 'the four sales on the server');
    const whileA = pushes.length;
    expect(whileA).toBeGreaterThan(0);
    expect(pushes.filter((t) => t !== 'A')).toEqual([]);

    // The leader's tab closes: the browser releases its lock and B takes over.
    await a.close();
    await waitFor(() => isLeader(b), 'tab B to become the leader', 30_000);
    receipts.push(await sell(b), await sell(b));
    await waitFor(async () => (await serverSales()) === receipts.length, 'the sales of B alone');
    await expect
      .poll(() => b.getByTestId('pending-count').textContent(), { timeout: 30_000 })
      .toBe('0 tertunda');
    expect(pushes.slice(whileA).length).toBeGreaterThan(0);
    expect(pushes.slice(whileA).filter((t) => t !== 'B')).toEqual([]);

    // One store: B sees every sale of the device, each synced, each once on the server.
    const recorded = await appSales(b);
    expect(recorded.map((s) => s.invoiceNumber).sort()).toEqual([...receipts].sort());
    expect(recorded.filter((s) => s.sync.kind !== 'synced')).toEqual([]);
    const truth = await readServerTruth(real.server.url, observerToken);
    const report = checkExactlyOnce({ truth, recorded, baseStock });
    expect(report).toEqual({ made: receipts.length, lost: [], unexpected: [], stockMismatches: [] });
    reportFigures({
      scenario: 'two tabs (Web Locks)',
      engine,
      seed: opts.seed,
      durationS: 0,
      devices: 1,
      salesMade: receipts.length,
      salesLost: 0,
      salesDuplicated: 0,
      skippedChanges: 0,
      crossBranchLeaks: 0,
      faults: { 'leader tab closed': 1 },
      extra: { 'push requests by the leader A': whileA, 'push requests by B after': pushes.length - whileA },
    });
  });

  it('the leader tab crashes after the server committed its push; the other tab takes over; every sale once', async () => {
    const b = context.pages()[0]!;
    expect(await isLeader(b)).toBe(true);
    const c = await tab('C');
    await c.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    expect(await isLeader(c)).toBe(false);
    // Both tabs sell while cut off; then one push of the leader carries both and is held.
    proxy.setMode('down');
    receipts.push(await sell(b), await sell(c));
    const before = pushes.length;
    proxy.setMode('hold-push');
    await waitFor(async () => (await serverSales()) === receipts.length, 'the held push committed', 30_000);
    expect(proxy.pushesHeld()).toBeGreaterThan(0);
    expect(pushes.slice(before).filter((t) => t !== 'B')).toEqual([]);
    const unsynced = (await appSales(c)).filter((s) => s.sync.kind !== 'synced');
    expect(unsynced).toHaveLength(2);

    // The leader's renderer dies (as under kill -9); the browser releases its Web Lock.
    const crashed = new Promise<void>((resolve) => b.once('crash', () => resolve()));
    const cdp = await context.newCDPSession(b);
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    const atCrash = pushes.length;
    proxy.setMode('forward');
    await c.bringToFront();
    await waitFor(() => isLeader(c), 'tab C to take over', 30_000);
    await expect
      .poll(() => c.getByTestId('pending-count').textContent(), { timeout: 60_000 })
      .toBe('0 tertunda');
    expect(pushes.slice(atCrash).length).toBeGreaterThan(0);
    expect(pushes.slice(atCrash).filter((t) => t !== 'C')).toEqual([]);
    const recorded = await appSales(c);
    expect(recorded.map((s) => s.invoiceNumber).sort()).toEqual([...receipts].sort());
    expect(recorded.filter((s) => s.sync.kind !== 'synced')).toEqual([]);
    const truth = await readServerTruth(real.server.url, observerToken);
    const report = checkExactlyOnce({ truth, recorded, baseStock });
    expect(report).toEqual({ made: receipts.length, lost: [], unexpected: [], stockMismatches: [] });
    reportFigures({
      scenario: 'two tabs, leader tab crashed after push',
      engine,
      seed: opts.seed,
      durationS: 0,
      devices: 1,
      salesMade: receipts.length,
      salesLost: 0,
      salesDuplicated: 0,
      skippedChanges: 0,
      crossBranchLeaks: 0,
      faults: { 'leader tab crashed': 1 },
    });
  });
});

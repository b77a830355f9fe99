import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Product, SaleSummary } from '@kasir/protocol';
import type { LocalSale, SyncStatus } from '@kasir/sync';
import { seedBranch, startInProcessServer, type Engine, type InProcessServer } from '@kasir/test-kit';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectExactlyOnce, readServerTruth, type ServerTruth } from '../lib/invariant.ts';
import { startPushProxy, type PushProxy } from './push-proxy.ts';

/** The built cashier app (`npm run build`; the faults project's global setup builds it). */
export const PWA_DIR = resolve(import.meta.dirname, '../../apps/pos/dist');

/**
 * A private copy of the built app for one test file to serve: another vitest run's global setup
 * may rebuild apps/pos/dist meanwhile (on a developer's machine), which would pull files from under
 * a page loading it. A copy taken in the middle of a build misses files its index.html names, so
 * it is taken again. The caller removes it.
 */
export async function copyOfPwa(): Promise<string> {
  const end = Date.now() + 60_000;
  for (;;) {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-pwa-'));
    try {
      cpSync(PWA_DIR, dir, { recursive: true });
      const html = readFileSync(join(dir, 'index.html'), 'utf8');
      const named = [...html.matchAll(/(?:src|href)="\.?\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
      if (named.length > 0 && named.every((f) => existsSync(join(dir, f))) && existsSync(join(dir, 'sw.js')))
        return dir;
    } catch {
      // Caught mid-build: try again.
    }
    rmSync(dir, { recursive: true, force: true });
    if (Date.now() > end) throw new Error(`no complete build in ${PWA_DIR} (npm run build)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * What the browser scenarios start from: the real server serving a private copy of the built app,
 * a branch of 3 products with 100 of each, and the push proxy the app's sync goes through.
 */
export interface AppShop {
  readonly real: InProcessServer;
  readonly proxy: PushProxy;
  readonly branchId: string;
  readonly products: readonly Product[];
  readonly baseStock: ReadonlyMap<string, number>;
  /** What the server holds for the branch, read by a device that never sells. */
  truth(): Promise<ServerTruth>;
  /**
   * Opens the app from the server itself; `?bench=1` makes the page expose its sync client, which
   * the checks read (local sales, status) besides what the screen shows.
   */
  open(page: Page): Promise<void>;
  /** Enrols device `name` and pairs the app on `page` with it, its sync going through the proxy. */
  pair(page: Page, name: string): Promise<void>;
  /**
   * The app on `page` has synced: nothing pending, its sales are exactly `receipts`, each synced,
   * and each is on the server once with its stock effect. After Chromium deleted the store (a
   * `restore` entry in the app's log), the sales it held synced are those an earlier check saw:
   * the server still has them, the device no longer does.
   */
  expectSyncedOnce(page: Page, receipts: readonly string[]): Promise<void>;
  /** Waits until the app on `page` has nothing pending (its uploads and first sync done). */
  expectSettled(page: Page): Promise<void>;
  /** How many times the app said its store was lost and restored (the `restore` log entries). */
  storeLosses(page: Page): Promise<number>;
  close(): Promise<void>;
}

/** Starts the shop of branch `code` on `engine`. */
export async function startAppShop(engine: Engine, code: string): Promise<AppShop> {
  const pwaDir = await copyOfPwa();
  // The app's page comes from the server itself and syncs through the proxy on another loopback
  // port: a cross-origin call the server must allow.
  const real = await startInProcessServer(engine, { pwaDir, corsOrigins: [/^http:\/\/127\.0\.0\.1:\d+$/] });
  const seeded = await seedBranch(real.admin, code, 3, 100);
  const observer = await real.admin.device(seeded.branchId, 'observer');
  const proxy = await startPushProxy(real.url);
  /** Every sale an earlier check saw on the device, by id. */
  const seen = new Map<string, LocalSale>();
  const shop: AppShop = {
    real,
    proxy,
    ...seeded,
    truth: () => readServerTruth(real.url, observer.token),
    async open(page) {
      await page.goto(`${real.url}/?bench=1`);
    },
    async pair(page, name) {
      const code = await real.admin.pairingCode(seeded.branchId, name);
      await page.getByTestId('pair-server').fill(proxy.url);
      await page.getByTestId('pair-code').fill(code);
      await page.getByTestId('pair-submit').click();
      await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    },
    async expectSettled(page) {
      await expect
        .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 60_000, interval: 250 })
        .toBe('0 tertunda');
    },
    async expectSyncedOnce(page, receipts) {
      await shop.expectSettled(page);
      const held = await appSales(page);
      expect(held.filter((s) => s.sync.kind !== 'synced')).toEqual([]);
      const lost = (await shop.storeLosses(page)) > 0;
      for (const sale of held) seen.set(sale.id, sale);
      // A store never lost must hold every sale it made. One lost holds what came back and since;
      // the rest it synced before the loss, which the feed brings back as branch sales of its own.
      if (lost)
        for (const sale of await ownBranchSales(page)) if (!seen.has(sale.id)) seen.set(sale.id, sale);
      const recorded = lost ? [...seen.values()] : held;
      // When the device's sales are not what it made, say what the page holds (a store swapped or
      // emptied under the app reads differently from a sale lost in one).
      const why = recorded.length === receipts.length ? '' : await pageStorage(page);
      expect(recorded.map((s) => s.invoiceNumber).sort(), why).toEqual([...receipts].sort());
      expect(await appStatus(page)).toMatchObject({ pending: 0, failed: 0 });
      expectExactlyOnce({ truth: await shop.truth(), recorded, baseStock: seeded.baseStock });
    },
    storeLosses: (page) =>
      page.evaluate(async () => {
        const hook = (globalThis as BenchHook).__kasirBench;
        if (!hook) throw new Error('no sync client in the page (open it with ?bench=1)');
        return (await hook.client.readLog(1_000)).filter((e) => e.kind === 'restore').length;
      }),
    async close() {
      await proxy.close();
      await real.close();
      rmSync(pwaDir, { recursive: true, force: true });
    },
  };
  return shop;
}

/** One sale through the cashier screen: the product found by name, paid exactly in cash. */
export async function sellThroughUi(page: Page, productName: string, quantity: number): Promise<string> {
  await page.getByTestId('search').fill(productName);
  await page.getByTestId('product-tile').first().click();
  await page.getByTestId('search').fill('');
  if (quantity !== 1) await page.getByTestId('line-qty').fill(String(quantity));
  await page.getByTestId('pay').click();
  await page.getByTestId('quick-cash').first().click();
  await page.getByTestId('complete').click();
  const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
  await page.getByTestId('new-sale').click();
  return number;
}

interface BenchHook {
  readonly __kasirBench?: {
    client: {
      listSales(limit: number): Promise<LocalSale[]>;
      storageUse(): Promise<unknown>;
      readLog(limit: number): Promise<{ kind: string }[]>;
      listBranchSales(limit: number): Promise<SaleSummary[]>;
      status: { get(): SyncStatus };
    };
    storeName: string;
  };
}

/** The device's own sales, read from its store (its truth, S1) in the page. */
export function appSales(page: Page): Promise<LocalSale[]> {
  return page.evaluate(async () => {
    const hook = (globalThis as BenchHook).__kasirBench;
    if (!hook) throw new Error('no sync client in the page (open it with ?bench=1)');
    return hook.client.listSales(100_000);
  });
}

/**
 * The feed's sales of this device (its branch sales), as the local sales they were: what a device
 * whose store the browser deleted still shows of the sales it had synced.
 */
export function ownBranchSales(page: Page): Promise<LocalSale[]> {
  return page.evaluate(async () => {
    const hook = (globalThis as BenchHook).__kasirBench;
    if (!hook) throw new Error('no sync client in the page (open it with ?bench=1)');
    const deviceId = hook.storeName.replace(/^kasir-/, '');
    const mine = (await hook.client.listBranchSales(100_000)).filter((s) => s.deviceId === deviceId);
    return mine.map((s) => ({
      id: s.id,
      invoiceNumber: s.invoiceNumber,
      createdAt: s.createdAt,
      total: s.total,
      itemCount: s.itemCount,
      input: { lines: (s.lines ?? []).map((l) => ({ productId: l.productId, quantity: l.quantity })) },
      sync: { kind: 'synced' },
    })) as unknown as LocalSale[];
  });
}

/** The page's IndexedDB databases and its store's counts, for a failure message. */
export function pageStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const hook = (globalThis as BenchHook).__kasirBench;
    const names = (await indexedDB.databases()).map((d) => `${d.name ?? '?'}@${d.version ?? '?'}`);
    const counts = hook ? await hook.client.storageUse().catch((e: unknown) => String(e)) : 'no hook';
    // The journal and sync's state of it as stored, and the sync log's last entries: whether a sale
    // missing from the list is missing from the store, and what sync did before.
    const raw = async (): Promise<unknown> => {
      if (!hook) return null;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(hook.storeName);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('open failed'));
      });
      const all = (store: string): Promise<unknown[]> =>
        new Promise((resolve) => {
          if (!db.objectStoreNames.contains(store)) return resolve([]);
          const q = db.transaction(store).objectStore(store).getAll();
          q.onsuccess = () => resolve(q.result as unknown[]);
          q.onerror = () => resolve([]);
        });
      try {
        type Row = { seq?: number; id?: string; counter?: number; sale?: { createdAt?: string } };
        const journal = ((await all('journal')) as Row[]).map((r) => [
          r.seq,
          r.id,
          r.counter,
          r.sale?.createdAt,
        ]);
        const state = ((await all('journalState')) as { seq: number; view: string; audited?: boolean }[]).map(
          (r) => [r.seq, r.view, r.audited === true],
        );
        return { journal, state, counters: await all('counters'), log: (await all('syncLog')).slice(-30) };
      } finally {
        db.close();
      }
    };
    return JSON.stringify({
      url: location.href,
      names,
      counts,
      status: hook?.client.status.get(),
      raw: await raw().catch((e: unknown) => String(e)),
    });
  });
}

/** The sync status the app shows (pending, failed, connection). */
export function appStatus(page: Page): Promise<SyncStatus | null> {
  return page.evaluate(() => (globalThis as BenchHook).__kasirBench?.client.status.get() ?? null);
}

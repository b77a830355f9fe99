import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalSale, SyncStatus } from '@kasir/sync';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN } from './real-server.ts';

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

/** A device registered by the admin, and a fresh pairing code for it. */
export async function pairingCode(serverUrl: string, branchId: string, name: string): Promise<string> {
  const call = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${serverUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const device = (await call('/api/admin/devices', { branchId, name })) as { id: string };
  const { code } = (await call(`/api/admin/devices/${device.id}/pairing-code`)) as { code: string };
  return code;
}

/**
 * Opens the app from the server itself; `?bench=1` makes the page expose its sync client, which
 * the checks read (local sales, status) besides what the screen shows.
 */
export async function openApp(page: Page, appUrl: string): Promise<void> {
  await page.goto(`${appUrl}/?bench=1`);
}

/** Pairs through the pairing screen, with sync pointed at `syncUrl` (the proxy). */
export async function pairThroughUi(page: Page, syncUrl: string, code: string): Promise<void> {
  await page.getByTestId('pair-server').fill(syncUrl);
  await page.getByTestId('pair-code').fill(code);
  await page.getByTestId('pair-submit').click();
  await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
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
    client: { listSales(limit: number): Promise<LocalSale[]>; status: { get(): SyncStatus } };
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

/** The sync status the app shows (pending, failed, connection). */
export function appStatus(page: Page): Promise<SyncStatus | null> {
  return page.evaluate(() => (globalThis as BenchHook).__kasirBench?.client.status.get() ?? null);
}

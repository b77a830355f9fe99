import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Branch } from '@kasir/protocol';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  demoCatalog,
  startInProcessServer,
  type InProcessServer,
} from '@kasir/test-kit';
import { chromium, type Page } from 'playwright-core';
import { readyWatcher } from './page-script.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PWA_DIR = join(ROOT, 'apps/pos/dist');
const log = (s: string) => console.log(`[bench:browser] ${s}`);

/** The server in this process on SQLite, serving the built app, with a branch of `n` demo products. */
export interface Shop {
  readonly real: InProcessServer;
  readonly branch: Branch;
  readonly barcodes: string[];
}

export async function startShop(n: number): Promise<Shop> {
  const real = await startInProcessServer('sqlite', { pwaDir: PWA_DIR });
  const branch = await real.admin.branch('BR', 'Cabang BR');
  const products = await real.admin.products(demoCatalog(n, 7));
  return { real, branch, barcodes: products.flatMap((p) => p.barcodes.slice(0, 1)) };
}

let devices = 0;
const pairingCode = (shop: Shop): Promise<string> =>
  shop.real.admin.pairingCode(shop.branch.id, `Kasir ${++devices}`);

/** When the page was ready to sell, and when its first product tile showed (performance.now()). */
export async function readyAt(page: Page): Promise<{ ready: number; firstTile: number }> {
  await page.waitForFunction('window.__benchReadyAt != null', undefined, { timeout: 180_000, polling: 50 });
  return await page.evaluate<{ ready: number; firstTile: number }>(
    '({ ready: window.__benchReadyAt, firstTile: window.__benchFirstTileAt })',
  );
}

/**
 * A fresh device (a new browser profile, empty IndexedDB): pair, and time pairing submitted to
 * ready to sell. The profile lives in a folder on disk, as on a real till: a context made with
 * `browser.newContext()` is off the record and keeps IndexedDB in memory, which would time
 * "durable" writes that never reach the disk.
 */
export async function freshDevice(
  shop: Shop,
  n: number,
  blocked: readonly string[] = [],
): Promise<{ page: Page; profile: string; ms: number; firstTileMs: number; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'kasir-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 860 },
    locale: 'id-ID',
    // The app's CSP forbids eval; playwright's waitForFunction with a string needs it.
    bypassCSP: true,
  });
  await context.addInitScript({ content: readyWatcher(n) });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  if (blocked.length > 0) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setBlockedURLs', { urls: [...blocked] });
  }
  await page.goto(`${shop.real.url}/?bench=1`);
  await page.getByTestId('pair-code').fill(await pairingCode(shop));
  const t0 = await page.evaluate<number>(`(() => {
    const t = performance.now();
    document.querySelector('[data-testid=pair-submit]').click();
    return t;
  })()`);
  const t1 = await readyAt(page);
  const close = async (): Promise<void> => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, profile, ms: t1.ready - t0, firstTileMs: t1.firstTile - t0, close };
}

/** Every file under `dir` with its size and modification time, as one comparable string. */
function fileState(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) {
        try {
          const st = statSync(path);
          out.push(`${path}:${st.size}:${st.mtimeMs}`);
        } catch {
          // Deleted between the listing and the stat (a compaction dropping a table): a change.
          out.push(`${path}:gone`);
        }
      }
    }
  };
  walk(dir);
  return out.sort().join('\n');
}

/**
 * Waits until the browser profile's IndexedDB files have not changed for `quietMs`, at most
 * `maxMs`; resolves with the milliseconds waited. Used before timing sales on a page that has just
 * started or been seeded: the start's own writes (first pull, sync state) and LevelDB's compaction
 * of seeded rows are done by then, as they are on a till long before its next sale.
 */
export async function untilDiskQuiet(profile: string, quietMs = 5_000, maxMs = 180_000): Promise<number> {
  const dir = join(profile, 'Default', 'IndexedDB');
  const t0 = Date.now();
  let last = fileState(dir);
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, 250));
    const now = fileState(dir);
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
  return Date.now() - t0;
}

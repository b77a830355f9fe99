import { join } from 'node:path';
import type { Branch, Product } from '@kasir/protocol';
import { picturePng, uploadProductImage } from '@kasir/test-kit';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, SCREENSHOTS, pairedPage, seedCatalog, startHarness, type Harness } from './harness.ts';

/** One colour per named product of the seeded catalog, so the screenshots tell them apart. */
const COLOURS: readonly (readonly [number, number, number])[] = [
  [120, 72, 40],
  [200, 60, 40],
  [40, 120, 200],
  [230, 170, 20],
  [160, 110, 60],
  [220, 40, 40],
  [60, 160, 120],
  [110, 80, 200],
];

/** Issue 16 item 6: product pictures on the till's tiles, lazy, cached by the service worker. */
describe('product pictures on the till', () => {
  let h: Harness;
  let branch: Branch;
  let products: Product[];
  let context: BrowserContext;
  let page: Page;
  const pictureRequests: string[] = [];

  /** Whether the first tile's picture has arrived and decoded (a broken one has no natural width). */
  const firstPictureShown = (p: Page) =>
    p
      .getByTestId('tile-image')
      .first()
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

  beforeAll(async () => {
    h = await startHarness();
    branch = await h.admin.branch('IMG', 'Toko Bergambar');
    products = await seedCatalog(h, branch.id, 16);
    // The eight named products get pictures before the till is paired: its first sync brings them.
    for (const [i, p] of products.slice(0, 8).entries()) {
      await uploadProductImage(h.server.url, ADMIN_TOKEN, p.id, picturePng(640, 480, COLOURS[i]!));
    }
    ({ context, page } = await pairedPage(h, await h.admin.pairingCode(branch.id, 'Kasir 1')));
    page.on('request', (r) => {
      if (r.url().includes('/api/images/')) pictureRequests.push(r.url());
    });
    // The service worker caches the shell at install; wait until it controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.getByTestId('product-tile').first().waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('a product with a picture shows it on its tile, lazily, in a fixed box; one without stays as it was', async () => {
    await page.getByTestId('search').fill('Kopi Susu');
    const img = page.getByTestId('tile-image').first();
    await img.waitFor();
    expect(await img.getAttribute('loading')).toBe('lazy');
    expect(await img.getAttribute('src')).toMatch(/\/api\/images\/[0-9a-f]{32}\/160\.webp$/);
    await expect.poll(() => firstPictureShown(page), { timeout: 10_000 }).toBe(true);
    const box = await img.boundingBox();
    expect(box?.height).toBe(96);
    await page.getByTestId('search').fill('Produk Contoh 01');
    await page.getByTestId('product-tile').first().waitFor();
    expect(await page.getByTestId('tile-image').count()).toBe(0);
    await page.getByTestId('search').fill('');
    // Only pictures of tiles on screen are asked for, each size once: never the whole catalog.
    expect(pictureRequests.every((u) => u.endsWith('/160.webp'))).toBe(true);
  });

  it('a picture set while the till runs reaches its tile through the catalog feed', async () => {
    const filler = products.find((p) => p.sku === 'FIL-1')!;
    await uploadProductImage(h.server.url, ADMIN_TOKEN, filler.id, picturePng(400, 400, [20, 90, 160]));
    await page.getByTestId('search').fill('Produk Contoh 01');
    await expect
      .poll(() => page.getByTestId('tile-image').count(), { timeout: 30_000, interval: 250 })
      .toBe(1);
    await expect.poll(() => firstPictureShown(page), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('search').fill('');
  });

  it('after a start the tiles come first, in their boxes, and their pictures a frame later', async () => {
    // What the page held when the first tile appeared (use-first-paint.ts): the boxes, no picture.
    await page.addInitScript(() => {
      const seen = new MutationObserver(() => {
        if (!document.querySelector('[data-testid=product-tile]')) return;
        seen.disconnect();
        (window as unknown as { firstTiles: unknown }).firstTiles = {
          pictures: document.querySelectorAll('[data-testid=tile-image]').length,
          boxes: document.querySelectorAll('.tile__img').length,
        };
      });
      seen.observe(document, { subtree: true, childList: true });
    });
    await page.reload();
    await page.getByTestId('tile-image').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => firstPictureShown(page), { timeout: 10_000 }).toBe(true);
    const first = await page.evaluate(() => (window as unknown as { firstTiles: unknown }).firstTiles);
    expect(first).toEqual({ pictures: 0, boxes: 9 });
  });

  it('screenshots of the tiles with pictures at phone, tablet and desktop sizes', async () => {
    for (const [width, height] of [
      [390, 844],
      [1024, 768],
      [1280, 860],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('product-tile').first().waitFor();
      // Every picture on screen loaded before the picture is taken.
      await expect
        .poll(
          () =>
            page.evaluate(() =>
              [...document.querySelectorAll<HTMLImageElement>('[data-testid=tile-image]')]
                .filter((i) => i.getBoundingClientRect().top < window.innerHeight)
                .every((i) => i.complete && i.naturalWidth > 0),
            ),
          { timeout: 10_000 },
        )
        .toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, `till-pictures-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('still shows the pictures offline after a reload, from the service worker cache', async () => {
    // The worker stores a picture after answering: wait until the tile's is in its cache.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const cache = await caches.open('kasir-images');
            return (await cache.keys()).filter((r) => r.url.includes('/api/images/')).length;
          }),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    // Only the worker's own cache may answer: the browser's HTTP cache (immutable pictures) is emptied.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    const answeredBy: boolean[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/images/')) answeredBy.push(r.fromServiceWorker());
    });
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('product-tile').first().waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 })
      .toBe('Offline');
    await page.getByTestId('search').fill('Kopi Susu');
    await page.getByTestId('tile-image').first().waitFor();
    await expect.poll(() => firstPictureShown(page), { timeout: 10_000 }).toBe(true);
    expect(answeredBy.length).toBeGreaterThan(0);
    expect(answeredBy.every(Boolean)).toBe(true);
    // Offline, cached or not, a picture's box keeps its size.
    await page.getByTestId('search').fill('Deterjen');
    await page.getByTestId('tile-image').first().waitFor();
    const box = await page.getByTestId('tile-image').first().boundingBox();
    expect(box?.height).toBe(96);
    await context.setOffline(false);
  });
});

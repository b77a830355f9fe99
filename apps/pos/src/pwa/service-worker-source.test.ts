import { Script, createContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ImageCacheIndex, ImageCacheLru } from './image-cache-lru.ts';
import { serviceWorkerSource } from './service-worker-source.ts';

const ORIGIN = 'https://toko.example';
const PICTURE = `${ORIGIN}/api/images/${'a'.repeat(32)}/160.webp`;

/** Cache Storage in memory, as much of it as the worker uses. */
function fakeCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const open = (name: string) => {
    const store = stores.get(name) ?? new Map<string, Response>();
    stores.set(name, store);
    return Promise.resolve({
      match: (url: string) => Promise.resolve(store.get(url)?.clone()),
      put: (url: string, r: Response) => Promise.resolve(void store.set(url, r)),
      delete: (url: string) => Promise.resolve(store.delete(url)),
      keys: () => Promise.resolve([...store.keys()].map((url) => ({ url }))),
      addAll: () => Promise.resolve(),
    });
  };
  return { stores, api: { open, keys: () => Promise.resolve([...stores.keys()]) } };
}

/** The generated worker run in a sandbox: its fetch handler and what it defines. */
function runWorker(
  network: (request: { url: string }, init?: { cache?: string }) => Promise<Response>,
  cap = 1_000_000,
) {
  const listeners = new Map<string, (e: unknown) => void>();
  const caches = fakeCaches();
  // What the worker asked to wait for (ms); the wait itself is cut short.
  const delays: number[] = [];
  const context = createContext({
    self: {
      location: { origin: ORIGIN, href: `${ORIGIN}/sw.js` },
      registration: { scope: `${ORIGIN}/` },
      addEventListener: (type: string, fn: (e: unknown) => void) => listeners.set(type, fn),
    },
    caches: caches.api,
    fetch: network,
    Response,
    URL,
    Promise,
    setTimeout: (fn: () => void, ms: number) => {
      delays.push(ms);
      return setTimeout(fn, 0);
    },
    JSON,
    Date,
  });
  new Script(serviceWorkerSource(['./'], '1', cap)).runInContext(context);
  const get = async (url: string): Promise<Response | undefined> => {
    let answer: Promise<Response> | undefined;
    const pending: Promise<unknown>[] = [];
    listeners.get('fetch')!({
      request: { method: 'GET', url, mode: 'no-cors' },
      respondWith: (p: Promise<Response>) => (answer = p),
      waitUntil: (p: Promise<unknown>) => pending.push(p),
    });
    const response = await answer;
    await Promise.all(pending);
    return response;
  };
  // A top-level const of the worker's script is seen by a later script of the same context.
  const lru = new Script('createImageCacheLru').runInContext(context) as (capBytes: number) => ImageCacheLru;
  return { get, caches, lru, delays };
}

/** A same-origin (`basic`) answer of `n` bytes of WebP, as the browser's fetch gives it. */
const webp = (n: number): Response =>
  Object.defineProperty(
    new Response(new Uint8Array(n), { status: 200, headers: { 'content-type': 'image/webp' } }),
    'type',
    { value: 'basic' },
  );

describe('service worker source', () => {
  it('bakes in the build files and a versioned cache, and leaves the API alone', () => {
    const src = serviceWorkerSource(['./', './assets/index-abc.js'], '42');
    expect(src).toContain('"kasir-shell-42"');
    expect(src).toContain('["./","./assets/index-abc.js"]');
    expect(src).toContain('socket\\.io');
    expect(src).toContain(`const IMAGE_CAP = ${50 * 1024 * 1024};`);
    // It must be valid JavaScript.
    expect(() => new Script(src)).not.toThrow();
  });

  it('embeds the least-recently-used index as self-contained text that runs in the worker', () => {
    const lru = runWorker(() => Promise.reject(new Error('offline'))).lru(100);
    lru.load({ a: [60, 1] }, ['a'], () => 0);
    expect(lru.note({ kind: 'put', url: 'b', bytes: 60, at: 2 })).toEqual(['a']);
  });

  it('stores a fetched picture, serves it from the cache offline, and fails an uncached one at once', async () => {
    let online = true;
    let fetched = 0;
    const w = runWorker((request, init) => {
      fetched++;
      if (!online) return Promise.reject(new TypeError('Failed to fetch'));
      expect(request.url).toBe(PICTURE);
      // Kept once, in the worker's own cache, not again in the browser's HTTP cache.
      expect(init?.cache).toBe('no-store');
      return Promise.resolve(webp(5000));
    });
    expect((await w.get(PICTURE))?.status).toBe(200);
    expect(w.caches.stores.get('kasir-images')?.has(PICTURE)).toBe(true);
    online = false;
    const offline = await w.get(PICTURE);
    expect(offline?.status).toBe(200);
    expect((await offline!.arrayBuffer()).byteLength).toBe(5000);
    expect(fetched).toBe(1);
    const missing = await w.get(PICTURE.replace('/160.', '/480.'));
    expect(missing?.type).toBe('error');
  });

  it('keeps the pictures within the cap, least recently used out, with the index written beside them', async () => {
    const w = runWorker(() => Promise.resolve(webp(4000)), 10_000);
    const urls = ['b', 'c', 'd'].map((h) => `${ORIGIN}/api/images/${h.repeat(32)}/160.webp`);
    // A few ms apart, as a till asks for them.
    const tick = () => new Promise((r) => setTimeout(r, 5));
    await w.get(urls[0]!);
    await tick();
    await w.get(urls[1]!);
    await tick();
    await w.get(urls[0]!); // served from the cache: now the most recently used
    await tick();
    await w.get(urls[2]!);
    const store = w.caches.stores.get('kasir-images')!;
    expect([urls[0], urls[1], urls[2]].map((u) => store.has(u!))).toEqual([true, false, true]);
    const index = (await store.get(`${ORIGIN}/__kasir-image-index`)!.clone().json()) as ImageCacheIndex;
    expect(Object.keys(index).sort()).toEqual([urls[0], urls[2]].sort());
  });

  it('writes the index a second after a picture is stored, half a minute after pictures only served', async () => {
    const w = runWorker(() => Promise.resolve(webp(4000)));
    const index = async () =>
      (await w.caches.stores
        .get('kasir-images')!
        .get(`${ORIGIN}/__kasir-image-index`)!
        .clone()
        .json()) as ImageCacheIndex;
    await w.get(PICTURE);
    expect(w.delays).toEqual([1000]);
    const stored = (await index())[PICTURE]!;
    await new Promise((r) => setTimeout(r, 5));
    w.delays.length = 0;
    await w.get(PICTURE);
    expect(w.delays).toEqual([30_000]);
    // Written then all the same, with the later use.
    expect((await index())[PICTURE]![1]).toBeGreaterThan(stored[1]);
  });

  it('leaves other API paths to the network', async () => {
    const w = runWorker(() => Promise.reject(new Error('must not be called')));
    expect(await w.get(`${ORIGIN}/api/sync/pull?cursor=0.0`)).toBeUndefined();
  });
});

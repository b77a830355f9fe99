import { describe, expect, it } from 'vitest';
import { PREFETCH_FETCH_TIMEOUT_MS, prefetchImages, type ImagePrefetchDeps } from './image-prefetch.ts';

const hash = (i: number) => i.toString(16).padStart(32, '0');

function till(count: number, over: Partial<ImagePrefetchDeps> = {}) {
  const urls: string[] = [];
  const deps: ImagePrefetchDeps = {
    hashes: () => Array.from({ length: count }, (_, i) => hash(i)),
    base: 'https://toko.example',
    isIdle: () => true,
    online: () => true,
    fetch: (url) => {
      urls.push(url);
      return Promise.resolve();
    },
    sleep: () => Promise.resolve(),
    ...over,
  };
  return { deps, urls };
}

describe('prefetchImages', () => {
  it('fetches each tile picture once, in grid order, up to the limit', async () => {
    const { deps, urls } = till(5);
    const done = new Set<string>();
    expect(await prefetchImages(deps, done, 3)).toBe(3);
    expect(urls).toEqual([0, 1, 2].map((i) => `https://toko.example/api/images/${hash(i)}/160.webp`));
    expect(await prefetchImages(deps, done, 3)).toBe(0);
  });

  it('stops when the cashier comes back and resumes where it stopped on the next idle run', async () => {
    let idle = true;
    const { deps, urls } = till(4, {
      isIdle: () => idle,
      sleep: () => {
        if (urls.length === 2) idle = false;
        return Promise.resolve();
      },
    });
    const done = new Set<string>();
    expect(await prefetchImages(deps, done)).toBe(2);
    idle = true;
    expect(await prefetchImages(deps, done)).toBe(2);
    expect(urls.map((u) => u.split('/')[5])).toEqual([0, 1, 2, 3].map(hash));
  });

  it('does nothing offline, and a failed picture neither stops the run nor is asked for again', async () => {
    const offline = till(2, { online: () => false });
    expect(await prefetchImages(offline.deps, new Set())).toBe(0);
    const failing = till(2, { fetch: () => Promise.reject(new Error('404')) });
    const done = new Set<string>();
    expect(await prefetchImages(failing.deps, done)).toBe(2);
    expect(await prefetchImages(failing.deps, done)).toBe(0);
  });

  it('gives up a picture that is never answered, aborts its request and goes on', async () => {
    const signals: AbortSignal[] = [];
    const waits: number[] = [];
    const { deps, urls } = till(3, {
      // The first request hangs for ever (a network dropping packets); the others answer.
      fetch: (url, signal) => {
        urls.push(url);
        signals.push(signal);
        return urls.length === 1 ? new Promise(() => undefined) : Promise.resolve();
      },
      sleep: (ms) => {
        waits.push(ms);
        // Only the first picture's timeout elapses; the others' never need to.
        return ms === PREFETCH_FETCH_TIMEOUT_MS && urls.length > 1
          ? new Promise(() => undefined)
          : Promise.resolve();
      },
    });
    expect(await prefetchImages(deps, new Set())).toBe(3);
    expect(urls).toHaveLength(3);
    expect(signals.map((s) => s.aborted)).toEqual([true, true, true]);
    expect(waits.filter((ms) => ms === PREFETCH_FETCH_TIMEOUT_MS)).toHaveLength(3);
  });
});

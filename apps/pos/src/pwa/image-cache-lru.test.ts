import { describe, expect, it } from 'vitest';
import { planImageCache, reconcileImageIndex, type ImageCacheIndex } from './image-cache-lru.ts';

describe('the service worker picture cache (least recently used out)', () => {
  const put = (url: string, bytes: number, at: number) => ({ kind: 'put', url, bytes, at }) as const;
  const use = (url: string, at: number) => ({ kind: 'use', url, at }) as const;

  it('keeps pictures while they fit, then drops the one used longest ago', () => {
    let index: ImageCacheIndex = {};
    for (const [url, at] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const) {
      const plan = planImageCache(index, put(url, 40, at), 100);
      index = plan.index;
      expect(plan.evict).toEqual(url === 'c' ? ['a'] : []);
    }
    expect(Object.keys(index).sort()).toEqual(['b', 'c']);
  });

  it('a picture served from the cache becomes the most recently used', () => {
    let index: ImageCacheIndex = { a: [40, 1], b: [40, 2] };
    index = planImageCache(index, use('a', 3), 100).index;
    const plan = planImageCache(index, put('c', 40, 4), 100);
    expect(plan.evict).toEqual(['b']);
    expect(plan.index).toEqual({ a: [40, 3], c: [40, 4] });
  });

  it('evicts as many as it takes, and never keeps a picture larger than the whole cap', () => {
    const index: ImageCacheIndex = { a: [30, 1], b: [30, 2], c: [30, 3] };
    expect(planImageCache(index, put('d', 80, 4), 100).evict).toEqual(['a', 'b', 'c']);
    const huge = planImageCache(index, put('e', 150, 5), 100);
    expect(huge.evict).toContain('e');
    expect(huge.index).not.toHaveProperty('e');
  });

  it('a use of an unknown picture changes nothing; a second put replaces the size', () => {
    const index: ImageCacheIndex = { a: [30, 1] };
    const plan = planImageCache(index, use('zz', 9), 100);
    expect(plan).toEqual({ index, evict: [] });
    expect(planImageCache(index, put('a', 50, 2), 100).index).toEqual({ a: [50, 2] });
  });

  it('the index is reconciled with the cache: lost entries go, unknown pictures are the oldest', () => {
    const index: ImageCacheIndex = { a: [10, 5], gone: [10, 6] };
    const next = reconcileImageIndex(index, ['a', 'new'], () => 7);
    expect(next).toEqual({ a: [10, 5], new: [7, 0] });
    expect(planImageCache(next, put('b', 10, 8), 20).evict).toEqual(['new']);
  });
});

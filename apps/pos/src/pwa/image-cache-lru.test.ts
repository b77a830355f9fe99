import { describe, expect, it } from 'vitest';
import { createImageCacheLru } from './image-cache-lru.ts';

describe('the service worker picture cache (least recently used out)', () => {
  const put = (url: string, bytes: number, at: number) => ({ kind: 'put', url, bytes, at }) as const;
  const use = (url: string, at: number) => ({ kind: 'use', url, at }) as const;
  const lruOf = (cap: number, index: Record<string, readonly [number, number]> = {}) => {
    const lru = createImageCacheLru(cap);
    lru.load(index, Object.keys(index), () => 0);
    return lru;
  };

  it('keeps pictures while they fit, then drops the one used longest ago', () => {
    const lru = lruOf(100);
    expect(lru.note(put('a', 40, 1))).toEqual([]);
    expect(lru.note(put('b', 40, 2))).toEqual([]);
    expect(lru.note(put('c', 40, 3))).toEqual(['a']);
    expect(Object.keys(lru.snapshot())).toEqual(['b', 'c']);
    expect(lru.bytes()).toBe(80);
  });

  it('a picture served from the cache becomes the most recently used', () => {
    const lru = lruOf(100, { a: [40, 1], b: [40, 2] });
    expect(lru.note(use('a', 3))).toEqual([]);
    expect(lru.note(put('c', 40, 4))).toEqual(['b']);
    expect(lru.snapshot()).toEqual({ a: [40, 3], c: [40, 4] });
  });

  it('evicts as many as it takes; a picture larger than the whole cap is not kept, and costs no other', () => {
    const lru = lruOf(100, { a: [30, 1], b: [30, 2], c: [30, 3] });
    expect(lru.note(put('e', 150, 5))).toEqual(['e']);
    expect(Object.keys(lru.snapshot())).toEqual(['a', 'b', 'c']);
    expect(lru.note(put('d', 80, 4))).toEqual(['a', 'b', 'c']);
    expect(lru.snapshot()).toEqual({ d: [80, 4] });
  });

  it('a use of an unknown picture changes nothing; a second put replaces the size', () => {
    const lru = lruOf(100, { a: [30, 1] });
    expect(lru.note(use('zz', 9))).toEqual([]);
    expect(lru.snapshot()).toEqual({ a: [30, 1] });
    lru.note(put('a', 50, 2));
    expect(lru.snapshot()).toEqual({ a: [50, 2] });
    expect(lru.bytes()).toBe(50);
  });

  it('loads the stored index as the cache has it: lost entries go, unknown pictures are the oldest', () => {
    const lru = createImageCacheLru(20);
    lru.load({ b: [10, 7], a: [10, 5], gone: [10, 6] }, ['b', 'a', 'new'], () => 7);
    expect(Object.entries(lru.snapshot())).toEqual([
      ['new', [7, 0]],
      ['a', [10, 5]],
      ['b', [10, 7]],
    ]);
    // Over the cap (a smaller cap than the index was kept under): the next event brings it back.
    expect(lru.note(use('a', 8))).toEqual(['new']);
    expect(lru.snapshot()).toEqual({ b: [10, 7], a: [10, 8] });
  });

  it('a lowered cap is met at the next event, whichever it is, oldest first', () => {
    const lru = lruOf(40, { a: [20, 1], b: [20, 2], c: [20, 3] });
    expect(lru.note(put('d', 10, 4))).toEqual(['a', 'b']);
    expect(lru.bytes()).toBe(30);
    expect(lruOf(40, { a: [20, 1], b: [20, 2], c: [20, 3] }).note(use('zz', 4))).toEqual(['a']);
    expect(lruOf(40, { a: [20, 1], b: [20, 2], c: [20, 3] }).note(put('e', 50, 4))).toEqual(['e', 'a']);
  });

  it('a damaged stored entry counts as an unknown picture, not as NaN bytes', () => {
    const lru = createImageCacheLru(100);
    const damaged = { a: [10, 1], b: ['x', 2], c: null } as unknown as Record<
      string,
      readonly [number, number]
    >;
    lru.load(damaged, ['a', 'b', 'c'], () => 7);
    expect(lru.bytes()).toBe(24);
    expect(lru.note(put('d', 70, 3))).toEqual([]);
  });
});

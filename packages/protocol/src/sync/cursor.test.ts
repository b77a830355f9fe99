import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { SetChecksum } from './checksum.ts';

describe('cursor', () => {
  it('round-trips and refuses garbage', () => {
    expect(decodeCursor(encodeCursor({ catalog: 12, branch: 345 }))).toEqual({ catalog: 12, branch: 345 });
    expect(decodeCursor(undefined)).toEqual({ catalog: 0, branch: 0 });
    for (const bad of ['x', '1', '1.2.3', '-1.2', '1e3.1', ' 1.2']) expect(decodeCursor(bad)).toBeNull();
  });
});

describe('SetChecksum', () => {
  it('does not depend on order and changes with content', () => {
    const a = new SetChecksum();
    const b = new SetChecksum();
    ['p1:1', 'p2:3', 'p3:1'].forEach((x) => a.add(x));
    ['p3:1', 'p1:1', 'p2:3'].forEach((x) => b.add(x));
    expect(a.hex).toBe(b.hex);
    const c = new SetChecksum();
    ['p1:1', 'p2:4', 'p3:1'].forEach((x) => c.add(x));
    expect(c.hex).not.toBe(a.hex);
  });
});

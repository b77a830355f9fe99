import type { StockLevel } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import type { ChangeSet } from '../store/records.ts';
import { makeProduct } from '../testing/fixtures.ts';
import { batchEvents, mergeChangeSets, type QueuedChange } from './event-batch.ts';

const level = (productId: string, onHand: number, version: number): StockLevel => ({
  productId,
  onHand,
  version,
});
const stock = (cursor: number, onHand: number): QueuedChange => ({
  scope: 'branch',
  cursor,
  changes: { products: [], stock: [level('p1', onHand, cursor)], sales: [] },
});
const product = (cursor: number, n: number): QueuedChange => ({
  scope: 'catalog',
  cursor,
  changes: { products: [makeProduct(n)], stock: [], sales: [] },
});

describe('batchEvents: the gap rule over events that waited together (S6)', () => {
  it('takes each scope in cursor order, whatever order the events arrived in', () => {
    const b = batchEvents({ catalog: 5, branch: 10 }, [stock(12, 7), product(6, 1), stock(11, 8)]);
    expect(b).toEqual({
      // The level at 12 wins: taken in arrival order, 11's would have.
      changes: { products: [makeProduct(1)], stock: [level('p1', 7, 12)], sales: [] },
      cursor: { catalog: 6, branch: 12 },
      gap: false,
    });
  });

  it('skips what the cursor already covers, and the same event twice', () => {
    const b = batchEvents({ catalog: 0, branch: 10 }, [
      stock(9, 1),
      stock(11, 2),
      stock(11, 2),
      stock(10, 3),
    ]);
    expect(b).toEqual({
      changes: { products: [], stock: [level('p1', 2, 11)], sales: [] },
      cursor: { catalog: 0, branch: 11 },
      gap: false,
    });
  });

  it('stops a scope at a gap and asks for a pull; the other scope still applies', () => {
    const b = batchEvents({ catalog: 5, branch: 10 }, [
      stock(11, 1),
      stock(13, 2),
      stock(14, 3),
      product(6, 2),
    ]);
    expect(b).toEqual({
      changes: { products: [makeProduct(2)], stock: [level('p1', 1, 11)], sales: [] },
      cursor: { catalog: 6, branch: 11 },
      gap: true,
    });
  });

  it('has nothing to apply when all is seen or past a gap', () => {
    expect(batchEvents({ catalog: 5, branch: 10 }, [stock(10, 1), product(5, 1)])).toEqual({
      changes: null,
      cursor: { catalog: 5, branch: 10 },
      gap: false,
    });
    expect(batchEvents({ catalog: 5, branch: 10 }, [stock(12, 1)])).toEqual({
      changes: null,
      cursor: { catalog: 5, branch: 10 },
      gap: true,
    });
  });
});

describe('mergeChangeSets', () => {
  it('keeps the last record of each key, as a feed page holds one per entity', () => {
    const merged = mergeChangeSets([
      { products: [makeProduct(1)], stock: [level('p1', 5, 1), level('p2', 9, 1)], sales: [] },
      { products: [{ ...makeProduct(1), name: 'renamed' }], stock: [level('p1', 4, 2)], sales: [] },
    ]);
    expect(merged).toEqual({
      products: [{ ...makeProduct(1), name: 'renamed' }],
      stock: [level('p1', 4, 2), level('p2', 9, 1)],
      sales: [],
    });
  });

  it('keeps every record in order, the newest settings, and leaves out empty optional kinds', () => {
    const settings = (receiptFooter: string) =>
      ({ receiptFooter }) as unknown as NonNullable<ChangeSet['branchSettings']>;
    const merged = mergeChangeSets([
      { products: [makeProduct(1)], stock: [], sales: [], branchSettings: settings('a') },
      { products: [], stock: [level('p1', 1, 1)], sales: [], customers: [] },
      { products: [makeProduct(2)], stock: [level('p2', 2, 2)], sales: [], branchSettings: settings('b') },
    ]);
    expect(merged).toEqual({
      products: [makeProduct(1), makeProduct(2)],
      stock: [level('p1', 1, 1), level('p2', 2, 2)],
      sales: [],
      branchSettings: settings('b'),
    });
  });
});

import { newId, type Change } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { splitChanges } from './split-changes.ts';

describe('splitChanges', () => {
  it('keeps transfers and stocktakes out of the sales, products and stock it sorts; each apart', () => {
    const productId = newId();
    const changes: Change[] = [
      { kind: 'stock', scope: 'branch', seq: 1, data: { productId, onHand: 3, version: 2, minimum: 5 } },
      {
        kind: 'transfer',
        scope: 'branch',
        seq: 2,
        data: {
          id: newId(),
          fromBranchId: newId(),
          toBranchId: newId(),
          status: 'in_transit',
          note: null,
          lines: [{ productId, sent: 2, received: null, lossReason: null }],
          flags: [],
          sentAt: '2026-12-02T00:00:00.000Z',
          receivedAt: null,
          cancelledAt: null,
        },
      },
      {
        kind: 'stocktake',
        scope: 'branch',
        seq: 3,
        data: {
          id: newId(),
          branchId: newId(),
          status: 'open',
          categories: null,
          note: null,
          openedAt: '2026-12-02T00:00:00.000Z',
          closedAt: null,
        },
      },
    ];
    const set = splitChanges(changes);
    expect(set.sales).toEqual([]);
    expect(set.products).toEqual([]);
    expect(set.stock).toEqual([{ productId, onHand: 3, version: 2, minimum: 5 }]);
    expect(set.stocktakes?.map((s) => s.status)).toEqual(['open']);
    expect(set.transfers?.map((t) => t.lines)).toEqual([
      [{ productId, sent: 2, received: null, lossReason: null }],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseRealtimeEvent } from './parse-event.ts';

describe('parseRealtimeEvent', () => {
  it('S6: a stock poke keeps the branch minimum, so the low-stock badge survives a realtime update', () => {
    const productId = '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a6b';
    const e = parseRealtimeEvent('stock_changed', {
      scope: 'branch',
      cursor: 9,
      productId,
      onHand: 2,
      version: 4,
      minimum: 5,
    });
    expect(e).toMatchObject({
      kind: 'change',
      changes: { stock: [{ productId, onHand: 2, version: 4, minimum: 5 }] },
    });
    const without = parseRealtimeEvent('stock_changed', {
      scope: 'branch',
      cursor: 10,
      productId,
      onHand: 2,
      version: 5,
    });
    expect(without).toMatchObject({ changes: { stock: [{ productId, onHand: 2, version: 5 }] } });
    expect(without.kind === 'change' && 'minimum' in without.changes.stock[0]!).toBe(false);
  });

  it('S6: a stocktake poke carries the stocktake, a transfer poke the transfer; a bad one is invalid', () => {
    const stocktake = {
      id: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a6b',
      branchId: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a6c',
      status: 'open',
      categories: null,
      note: null,
      openedAt: '2026-12-02T00:00:00.000Z',
      closedAt: null,
    };
    expect(parseRealtimeEvent('stocktake_changed', { scope: 'branch', cursor: 3, stocktake })).toMatchObject({
      kind: 'change',
      cursor: 3,
      changes: { stocktakes: [stocktake], sales: [] },
    });
    const transfer = {
      id: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a7a',
      fromBranchId: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a7b',
      toBranchId: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a6c',
      status: 'in_transit',
      note: null,
      lines: [
        { productId: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a7d', sent: 4, received: null, lossReason: null },
      ],
      flags: [],
      sentAt: '2026-12-02T00:00:00.000Z',
      receivedAt: null,
      cancelledAt: null,
    };
    expect(parseRealtimeEvent('transfer_changed', { scope: 'branch', cursor: 5, transfer })).toMatchObject({
      kind: 'change',
      cursor: 5,
      changes: { transfers: [transfer], sales: [] },
    });
    expect(
      parseRealtimeEvent('transfer_changed', { scope: 'branch', cursor: 4, transfer: {} }),
    ).toMatchObject({
      kind: 'invalid',
    });
  });
});

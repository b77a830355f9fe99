import { describe, expect, it } from 'vitest';
import { createHarness } from '../testing/harness.ts';

/** Stock operations recorded on a till (issue 12): local first (S1), applied once (S3). */
describe('stock operations on the device', () => {
  it('S1 S3: a delivery received offline shows at once and reaches the server once', async () => {
    const h = createHarness({ products: 2, stock: 10 });
    const c = h.client(h.device('D1'));
    await c.start();
    await h.settle();
    const p = h.products[0]!;
    h.server.setOnline(false);
    const res = await c.recordMutation({
      type: 'stock.receive',
      payload: { reference: 'DO-7', lines: [{ productId: p.id, quantity: 6, unitCost: 500 }] },
    });
    expect(res.ok).toBe(true);
    expect(c.catalog.get(p.id)?.onHand).toBe(16);
    expect(c.status.get().pending).toBe(1);
    h.server.setOnline(true);
    for (let i = 0; i < 3; i++) await h.clock.advance(60_000);
    await h.settle();
    expect(h.server.backend.stock.get(h.branchId)!.get(p.id)?.onHand).toBe(16);
    expect([...h.server.backend.applied.values()]).toEqual([1]);
    expect(c.catalog.get(p.id)?.onHand).toBe(16);
    expect(c.status.get()).toMatchObject({ pending: 0, failed: 0 });
    await c.stop();
  });

  it('a stocktake line takes the stock version this device holds as its base', async () => {
    const h = createHarness({ products: 1, stock: 4 });
    const c = h.client(h.device('D1'));
    await c.start();
    await h.settle();
    const p = h.products[0]!;
    h.server.setOnline(false);
    const version = c.catalog.get(p.id)!.stockVersion;
    expect(version).toBeGreaterThan(0);
    const res = await c.recordMutation({
      type: 'stocktake.count',
      payload: { stocktakeId: p.id, productId: p.id, quantity: 3 },
    });
    expect(res.ok && res.value.mutation).toMatchObject({ payload: { baseVersion: version, quantity: 3 } });
    // A count line moves no stock on the device: only closing the stocktake does.
    expect(c.catalog.get(p.id)?.onHand).toBe(4);
    await c.stop();
  });
});

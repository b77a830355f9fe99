import { describe, expect, it } from 'vitest';
import type { DeviceStore } from '../store/device-store.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { makeSaleDraft } from '../testing/fixtures.ts';
import { createHarness } from '../testing/harness.ts';

/** A memory store whose `applyChanges` can be held, as a slow IndexedDB under load would be. */
function slowStore(): { store: DeviceStore; calls: () => number; hold(): void; release(): void } {
  const inner = createMemoryStore();
  let calls = 0;
  let gate: Promise<void> | null = null;
  let open = (): void => undefined;
  return {
    store: {
      ...inner,
      applyChanges: async (changes, cursor) => {
        calls++;
        if (gate) await gate;
        return inner.applyChanges(changes, cursor);
      },
    },
    calls: () => calls,
    hold() {
      gate = new Promise((r) => (open = r));
    },
    release() {
      gate = null;
      open();
    },
  };
}

describe('sync engine: realtime backlog', () => {
  // Found by the fault suite (faults/network/response-lost): with 20 devices selling, a device
  // queued one store transaction per realtime event; its queue grew for as long as sales came,
  // and its own pushes waited behind it (pending sales stuck for 40 s after the network healed).
  it('S6: events arriving faster than the store applies them are applied together, and nothing is missed', async () => {
    const h = createHarness({ stock: 1000 });
    const a = h.client(h.device('D1'));
    const slow = slowStore();
    const b = h.client(h.device('D2'), { store: slow.store });
    await a.start();
    await b.start();
    await h.settle();
    const before = slow.calls();
    slow.hold();
    for (let i = 0; i < 40; i++) {
      await a.recordSale(makeSaleDraft([h.products[i % 3]!], 1));
      await h.settle();
    }
    slow.release();
    await h.settle();
    // One event applying, the rest waiting together: not one transaction per event.
    expect(slow.calls() - before).toBeLessThan(10);
    const sold = await a.listSales();
    expect(sold).toHaveLength(40);
    const seen = new Set((await b.listBranchSales()).map((s) => s.id));
    expect(sold.every((s) => seen.has(s.id))).toBe(true);
    for (const p of h.products.slice(0, 3))
      expect(b.catalog.get(p.id)?.onHand).toBe(a.catalog.get(p.id)?.onHand);
    expect(a.catalog.get(h.products[0]!.id)?.onHand).toBe(1000 - 14);
    await a.stop();
    await b.stop();
  });
});

/** A memory store that counts its `applyChanges` calls (one store write each). */
function countingStore(): { store: DeviceStore; writes: () => number } {
  const inner = createMemoryStore();
  let writes = 0;
  return {
    store: {
      ...inner,
      applyChanges: (changes, cursor) => {
        writes++;
        return inner.applyChanges(changes, cursor);
      },
    },
    writes: () => writes,
  };
}

describe("sync engine: a sale's realtime events", () => {
  const pulls = (h: ReturnType<typeof createHarness>): number =>
    h.server.network.log.filter((r) => r === 'GET /api/sync/pull').length;

  it('S6: the events of one sale (three stock levels and the sale) are applied in one store write, without a pull', async () => {
    const h = createHarness({ stock: 50 });
    const a = await h.started('D1');
    const seen = countingStore();
    const b = await h.started('D2', { store: seen.store });
    const [writes, pulled] = [seen.writes(), pulls(h)];
    h.server.network.holdRealtime = true;
    await a.recordSale(makeSaleDraft(h.products.slice(0, 3), 2));
    await h.settle();
    const pullsBySale = pulls(h) - pulled;
    h.server.flushRealtime();
    await h.settle();
    // Before: three writes (the first event; the three behind it asked for sync runs, whose pulls
    // wrote twice). The fake server hands a push's events over in one task; in a browser each is a
    // task of its own and the first may be written before the rest arrive: two writes, no pull.
    expect(seen.writes() - writes).toBe(1);
    expect(pulls(h) - pulled).toBe(pullsBySale);
    for (const p of h.products.slice(0, 3)) expect(b.catalog.get(p.id)?.onHand).toBe(48);
    expect((await b.listBranchSales()).map((s) => s.id)).toEqual((await a.listSales()).map((s) => s.id));
    await a.stop();
    await b.stop();
  });

  it("S6: a device's own sale makes one sync run: its events are written once and the pull after the push writes nothing", async () => {
    const h = createHarness({ stock: 50 });
    const own = countingStore();
    const a = await h.started('D1', { store: own.store });
    const [writes, pulled] = [own.writes(), pulls(h)];
    await a.recordSale(makeSaleDraft(h.products.slice(0, 3), 1));
    await h.settle();
    expect(own.writes() - writes).toBe(1);
    expect(pulls(h) - pulled).toBe(1);
    expect(a.status.get().pending).toBe(0);
    for (const p of h.products.slice(0, 3)) expect(a.catalog.get(p.id)?.onHand).toBe(49);
    await a.stop();
  });

  it('S6: events past a lost one are not applied; a pull brings the lost one and them', async () => {
    const h = createHarness({ stock: 50 });
    const a = await h.started('D1');
    const seen = countingStore();
    const b = await h.started('D2', { store: seen.store });
    const pulled = pulls(h);
    h.server.network.holdRealtime = true;
    await a.recordSale(makeSaleDraft([h.products[0]!], 1));
    await h.settle();
    h.server.loseQueuedRealtime();
    await a.recordSale(makeSaleDraft(h.products.slice(0, 2), 1));
    await h.settle();
    const pullsBySales = pulls(h) - pulled;
    h.server.flushRealtime();
    await h.settle();
    expect(pulls(h) - pulled).toBeGreaterThan(pullsBySales);
    expect(b.catalog.get(h.products[0]!.id)?.onHand).toBe(48);
    expect(b.catalog.get(h.products[1]!.id)?.onHand).toBe(49);
    expect(await b.listBranchSales()).toHaveLength(2);
    await a.stop();
    await b.stop();
  });
});

describe('sync engine: storage failures', () => {
  it('S9: a failing device store is reported as a storage error and retried, not as a bad response', async () => {
    const h = createHarness();
    const inner = createMemoryStore();
    let broken = false;
    const store: DeviceStore = {
      ...inner,
      applyChanges: async (changes, cursor) => {
        if (broken) throw new Error('QuotaExceededError: the disk is full');
        return inner.applyChanges(changes, cursor);
      },
    };
    const a = await h.started('D1', { store });
    broken = true;
    h.server.backend.putProduct({ ...h.products[0]!, name: 'Renamed' });
    const run = await a.syncNow();
    expect(run).toMatchObject({ ok: false, reason: 'failed', error: { kind: 'storage' } });
    expect(a.status.get().lastError).toMatch(/^storage: .*QuotaExceededError/);
    expect(a.status.get().lastErrorKind).toBe('storage');
    broken = false;
    // The next run that completes clears the error and its kind.
    expect(await a.syncNow()).toMatchObject({ ok: true });
    expect(a.status.get()).not.toHaveProperty('lastError');
    expect(a.status.get()).not.toHaveProperty('lastErrorKind');
    await a.stop();
  });
});

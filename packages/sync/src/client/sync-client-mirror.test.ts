import { describe, expect, it } from 'vitest';
import { memoryJournalMirror } from '../store/journal-mirror.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { makeSaleDraft } from '../testing/fixtures.ts';
import { createHarness } from '../testing/harness.ts';

/**
 * The browser may delete a corrupted IndexedDB after a crash (Chromium does: the fault suite's
 * kill -9 test saw it). The client keeps a copy of every unsynced entry outside the store; a client
 * started on the empty store that replaced it puts them back.
 */
describe('sync client: a store the browser deleted', () => {
  it('puts back the unsynced sales from their copies, sends each once, and never reuses a receipt number', async () => {
    const h = createHarness({ stock: 50 });
    const device = h.device('D1');
    const mirror = memoryJournalMirror();
    const lostStore = createMemoryStore();
    const first = await h.started(device, { store: lostStore, mirror });
    const p = h.products[0]!;
    const online = await first.recordSale(makeSaleDraft([p]));
    await h.settle();
    // Synced: its copy went.
    expect(online.ok && (await first.getSale(online.value.id))?.sync.kind).toBe('synced');
    expect(await mirror.ids()).toEqual([]);

    h.server.setOnline(false);
    const a = await first.recordSale(makeSaleDraft([p]));
    const b = await first.recordSale(makeSaleDraft([p], 2));
    const count = await first.recordMutation({
      type: 'stock.count',
      payload: { productId: p.id, counted: 40 },
    });
    if (!a.ok || !b.ok || !count.ok) throw new Error('not recorded');
    // Written once the till is quiet, not at each sale.
    expect(await mirror.ids()).toEqual([]);
    await h.clock.advance(600);
    expect((await mirror.ids()).sort()).toEqual([a.value.id, b.value.id, count.value.id].sort());
    await first.stop();

    // The database is gone: the app opens a new, empty one with the pairing's identity (as
    // apps/pos session.ts does), and the same mirror.
    const store = createMemoryStore();
    const identity = (await lostStore.readMeta()).identity;
    if (identity) await store.setIdentity(identity);
    const second = h.client(device, { store, mirror });
    await h.startAll(second);
    expect((await second.listSales()).map((s) => [s.invoiceNumber, s.sync.kind])).toEqual([
      [b.value.invoiceNumber, 'pending'],
      [a.value.invoiceNumber, 'pending'],
    ]);
    expect(second.status.get()).toMatchObject({ pending: 3 });
    const logged = (await second.readLog()).find((e) => e.kind === 'restore');
    expect(logged).toMatchObject({ code: 'store_lost', count: 3 });
    // Kept outside the store as well, for the health report to the back office.
    expect(await mirror.lastLoss()).toEqual({ at: logged?.at, restored: 3 });
    // The next receipt number follows the last one printed before the loss (S10).
    const c = await second.recordSale(makeSaleDraft([p]));
    if (!c.ok) throw new Error('not recorded');
    const numbers = [online, a, b].map((r) => (r.ok ? r.value.invoiceNumber : ''));
    expect(numbers).not.toContain(c.value.invoiceNumber);
    expect(c.value.invoiceNumber.endsWith('-0004')).toBe(true);

    h.server.setOnline(true);
    for (let i = 0; i < 3; i++) await h.clock.advance(60_000);
    expect(second.status.get()).toMatchObject({ pending: 0, failed: 0 });
    // Every sale on the server once; the stock count applied once.
    expect(new Set(h.server.backend.sales.keys())).toEqual(
      new Set([online, a, b, c].map((r) => (r.ok ? r.value.id : ''))),
    );
    expect([...h.server.backend.applied.values()].every((n) => n === 1)).toBe(true);
    expect(await mirror.ids()).toEqual([]);
    await second.stop();
  });

  it('a store lost with nothing unsynced still resumes above the last receipt number, and says so in the log', async () => {
    const h = createHarness({ stock: 50 });
    const device = h.device('D1');
    const mirror = memoryJournalMirror();
    const first = await h.started(device, { store: createMemoryStore(), mirror });
    const p = h.products[0]!;
    for (let i = 0; i < 3; i++) await first.recordSale(makeSaleDraft([p]));
    await h.settle();
    await first.stop();
    expect(await mirror.ids()).toEqual([]);

    const second = await h.started(device, { store: createMemoryStore(), mirror });
    expect((await second.readLog()).find((e) => e.kind === 'restore')).toMatchObject({ count: 0, ok: false });
    const next = await second.recordSale(makeSaleDraft([p]));
    expect(next.ok && next.value.invoiceNumber.endsWith('-0004')).toBe(true);
    await second.stop();
  });

  it('a copy that outlived its entry in a store not lost goes, and nothing comes back', async () => {
    const h = createHarness({ stock: 50 });
    const device = h.device('D1');
    const mirror = memoryJournalMirror();
    const store = createMemoryStore();
    const first = await h.started(device, { store, mirror });
    const p = h.products[0]!;
    await first.recordSale(makeSaleDraft([p]));
    await h.settle();
    await first.stop();
    // A copy whose removal was missed, of an entry the store no longer holds (pruned long after it
    // synced): not a sign of a lost store, which would also have lost its counter.
    await mirror.put({
      mutation: {
        id: 'pruned-entry',
        type: 'stock.adjust',
        payload: { productId: p.id, delta: -1, reason: 'damage' },
      },
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    const second = await h.started(device, { store, mirror });
    expect(await mirror.ids()).toEqual([]);
    expect((await second.readLog()).some((e) => e.kind === 'restore')).toBe(false);
    expect(await mirror.lastLoss()).toBeNull();
    expect(second.status.get()).toMatchObject({ pending: 0 });
    await second.stop();
  });
});

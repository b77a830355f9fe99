import { newId } from '@kasir/protocol';
import { describe, expect, it, vi } from 'vitest';
import { CatalogIndex } from '../catalog/catalog-index.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { makeSaleDraft } from '../testing/fixtures.ts';
import { createHarness, type Harness } from '../testing/harness.ts';
import type { SyncClient } from './create-sync-client.ts';

/** The catalog and status a client would show after re-reading its whole outbox from the store. */
async function fromStore(h: Harness, client: SyncClient, store: DeviceStore): Promise<unknown> {
  const index = new CatalogIndex();
  index.load(await store.readCatalog());
  const outbox = await client.listOutbox();
  index.setLocalEffects(outbox);
  const count = (...kinds: string[]): number => outbox.filter((e) => kinds.includes(e.state.kind)).length;
  return {
    products: h.products.map((p) => index.get(p.id)),
    pending: count('pending', 'inflight'),
    failed: count('failed'),
  };
}

function shown(h: Harness, client: SyncClient): unknown {
  const { pending, failed } = client.status.get();
  return { products: h.products.map((p) => client.catalog.get(p.id)), pending, failed };
}

describe('sync client: local writes', () => {
  it('S1: each local write shows what a re-read of the whole outbox shows, counts and catalog', async () => {
    const h = createHarness({ stock: 50 });
    const store = createMemoryStore();
    const client = await h.started('D1', { store });
    const [p0, p1, p2] = h.products as [
      (typeof h.products)[0],
      (typeof h.products)[0],
      (typeof h.products)[0],
    ];
    // One parked mutation first, so the failed count has something to keep.
    h.server.backend.rejectWhen = () => ({ code: 'validation_failed', message: 'nope' });
    await client.recordSale(makeSaleDraft([p2]));
    await h.clock.advance(5_000);
    h.server.backend.rejectWhen = undefined;
    expect(client.status.get()).toMatchObject({ pending: 0, failed: 1 });
    h.server.setOnline(false);
    const writes: (() => Promise<unknown>)[] = [
      () => client.recordSale(makeSaleDraft([p0, p1], 2)),
      () => client.recordMutation({ type: 'stock.count', payload: { productId: p0.id, counted: 30 } }),
      () => client.recordSale(makeSaleDraft([p0])),
      () =>
        client.recordMutation({
          type: 'product.update',
          payload: { productId: p1.id, changes: { price: 4200 } },
        }),
      () =>
        client.recordMutation({
          type: 'stock.receive',
          payload: { lines: [{ productId: p1.id, quantity: 5, unitCost: 100 }] },
        }),
      () =>
        client.recordMutation({
          type: 'stock.adjust',
          payload: { productId: p2.id, delta: -3, reason: 'damage' },
        }),
      () =>
        client.recordMutation({
          type: 'product.update',
          payload: { productId: p1.id, changes: { name: 'Teh' } },
        }),
    ];
    for (const write of writes) {
      await write();
      expect(shown(h, client)).toEqual(await fromStore(h, client, store));
    }
    expect(client.status.get()).toMatchObject({ pending: writes.length, failed: 1 });
    expect(client.catalog.get(p0.id)).toMatchObject({ onHand: 29 });
    expect(client.catalog.get(p1.id)).toMatchObject({
      onHand: 53,
      price: 4200,
      name: 'Teh',
      pendingEdit: true,
    });
    // The stale tick announces the status turning stale, with the counts and catalog as they were.
    let announced = client.status.get();
    const unsubscribe = client.status.subscribe((s) => (announced = s));
    await h.clock.advance(20 * 60_000);
    unsubscribe();
    expect(announced).toMatchObject({ pending: writes.length, failed: 1, stale: true });
    expect(shown(h, client)).toEqual(await fromStore(h, client, store));
    // Back online, the writes drain and the pulled state replaces their effects.
    h.server.setOnline(true);
    await h.clock.advance(60_000);
    // The count and the second edit were made on versions the writes before them replaced: each
    // a conflict (S8) that shows the server's value instead.
    expect(client.status.get()).toMatchObject({ pending: 0, failed: 1, conflicts: 2, stale: false });
    expect(shown(h, client)).toEqual(await fromStore(h, client, store));
    expect(client.catalog.get(p1.id)).toMatchObject({ onHand: 53, price: 4200, name: p1.name });
    await client.stop();
  });

  it('a local write in seq order adds its effect without replaying the outbox held', async () => {
    const h = createHarness({ stock: 1_000 });
    // No push in the test's time (manual clock): only the local path runs.
    const client = await h.started('D1', { pushAfterQuietMs: 60_000 });
    h.server.setOnline(false);
    const replays = vi.spyOn(client.catalog, 'setLocalEffects');
    for (let i = 0; i < 200; i++) await client.recordSale(makeSaleDraft([h.products[i % 5]!]));
    expect(replays).not.toHaveBeenCalled();
    expect(client.status.get().pending).toBe(200);
    expect(client.catalog.get(h.products[0]!.id)?.onHand).toBe(960);
    await client.stop();
  });

  it("a sale recorded again under its cart's id is returned as recorded before, not sold twice", async () => {
    const h = createHarness({ stock: 10 });
    const client = await h.started('D1', { pushAfterQuietMs: 60_000 });
    h.server.setOnline(false);
    const p = h.products[0]!;
    const id = newId(Date.parse('2025-01-01T00:00:00Z'));
    const first = await client.recordSale(makeSaleDraft([p]), { id });
    const again = await client.recordSale(makeSaleDraft([p]), { id });
    if (!first.ok || !again.ok) throw new Error('not recorded');
    expect(first.duplicate).toBeUndefined();
    expect(again).toEqual({ ok: true, value: first.value, duplicate: true });
    expect(first.value.id).toBe(id);
    // One sale, one upload, one stock movement; the next cart is a sale of its own.
    expect(client.status.get().pending).toBe(1);
    expect(client.catalog.get(p.id)?.onHand).toBe(9);
    const next = await client.recordSale(makeSaleDraft([p]));
    if (!next.ok) throw new Error('not recorded');
    expect(next.value.invoiceNumber).toMatch(/-0002$/);
    expect((await client.listSales()).map((s) => s.id)).toEqual([next.value.id, id]);
    await client.stop();
  });

  it('a write whose entry a re-read already brought, with a later one of another tab, counts once', async () => {
    const h = createHarness({ stock: 10 });
    const device = h.device('D1');
    const store = createMemoryStore();
    const p = h.products[0]!;
    let other: SyncClient | null = null;
    let self: SyncClient | null = null;
    // Between this tab's commit and its showing of it: another tab writes (the next seq), and a
    // re-read here (what a retry does) brings both entries.
    const racing: DeviceStore = {
      ...store,
      appendMutation: async (mutation, createdAt) => {
        const entry = await store.appendMutation(mutation, createdAt);
        if (other && self) {
          await other.recordMutation({
            type: 'stock.adjust',
            payload: { productId: p.id, delta: -2, reason: 'damage' },
          });
          await self.retryAll();
        }
        return entry;
      },
    };
    const a = h.client(device, { store, locks: null });
    const b = h.client(device, { store: racing, locks: null, pushAfterQuietMs: 60_000 });
    // One after the other, so the second reads the catalog the first one's sync stored.
    await h.startAll(a);
    await h.startAll(b);
    h.server.setOnline(false);
    [other, self] = [a, b];
    const replays = vi.spyOn(b.catalog, 'setLocalEffects');
    const res = await b.recordMutation({
      type: 'stock.adjust',
      payload: { productId: p.id, delta: -1, reason: 'damage' },
    });
    [other, self] = [null, null];
    expect(res.ok).toBe(true);
    // The re-read and the fall-back replay of this write, which found its entry already held.
    expect(replays).toHaveBeenCalledTimes(2);
    expect(b.status.get().pending).toBe(2);
    expect(b.catalog.get(p.id)?.onHand).toBe(7);
    expect(shown(h, b)).toEqual(await fromStore(h, b, store));
    // The next write is above every seq held again: added on its own.
    await b.recordMutation({
      type: 'stock.adjust',
      payload: { productId: p.id, delta: -1, reason: 'damage' },
    });
    expect(replays).toHaveBeenCalledTimes(2);
    expect(b.status.get().pending).toBe(3);
    expect(b.catalog.get(p.id)?.onHand).toBe(6);
    await a.stop();
    await b.stop();
  });
});

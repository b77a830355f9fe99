import { describe, expect, it } from 'vitest';
import { seededRandom } from '../deps/random.ts';
import { makeSaleDraft } from '../testing/fixtures.ts';
import { createHarness } from '../testing/harness.ts';

/**
 * A seeded random history (tldraw/Actual style convergence test): three devices sell, adjust stock
 * and lose the network, responses and sockets at random while the back office edits prices and
 * receives stock. Afterwards every sale is on the server exactly once and every device holds what
 * the server holds. A failing seed replays exactly.
 */
describe('random sync histories', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'S2 S3 S6 S9: seed %i converges: sales exactly once, devices equal the server',
    async (seed) => {
      const h = createHarness({ products: 6, stock: 50 });
      const rnd = seededRandom(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const clients = ['D1', 'D2', 'D3'].map((c) => h.client(h.device(c)));
      for (const c of clients) await c.start();
      await h.settle();
      const recorded: string[] = [];
      for (let step = 0; step < 200; step++) {
        const r = rnd();
        if (r < 0.4) {
          const res = await pick(clients).recordSale(
            makeSaleDraft([pick(h.products)], 1 + Math.floor(rnd() * 3)),
          );
          if (res.ok) recorded.push(res.value.id);
        } else if (r < 0.5) h.server.setOnline(false);
        else if (r < 0.6) h.server.setOnline(true);
        else if (r < 0.65) h.server.network.dropResponses = 1;
        else if (r < 0.7) h.server.dropSockets();
        else if (r < 0.75) {
          const p = h.server.backend.products.get(pick(h.products).id)!;
          h.server.backend.putProduct({ ...p, price: p.price + 100 });
        } else if (r < 0.8) h.server.backend.moveStock(h.branchId, pick(h.products).id, 5);
        else if (r < 0.85) {
          await pick(clients).recordMutation({
            type: 'stock.adjust',
            payload: { productId: pick(h.products).id, delta: -1, reason: 'damage' },
          });
        } else await h.clock.advance(Math.floor(rnd() * 40_000));
        await h.settle();
      }
      expect(recorded.length).toBeGreaterThan(50);
      h.server.setOnline(true);
      h.server.network.dropResponses = 0;
      for (let i = 0; i < 6; i++) await h.clock.advance(60_000);

      expect(new Set(h.server.backend.sales.keys())).toEqual(new Set(recorded));
      expect([...h.server.backend.applied.values()].every((n) => n === 1)).toBe(true);
      const stock = h.server.backend.stock.get(h.branchId)!;
      for (const c of clients) {
        expect(c.status.get()).toMatchObject({ pending: 0, failed: 0, connection: 'online' });
        for (const p of h.server.backend.products.values()) {
          expect(c.catalog.get(p.id)).toMatchObject({
            price: p.price,
            version: p.version,
            onHand: stock.get(p.id)?.onHand ?? 0,
          });
        }
        expect(await c.checkIntegrity({ repair: false })).toMatchObject({ kind: 'ok' });
      }
      for (const c of clients) await c.stop();
    },
  );
});

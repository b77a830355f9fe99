import {
  newId,
  type ConflictRecord,
  type Product,
  type PullResponse,
  type PushResponse,
  type Sale,
  type SaleInput,
  type SyncStateResponse,
} from '@kasir/protocol';
import { Manager } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { HANDSHAKE_TIMEOUT_MS } from '../realtime/realtime-hub.ts';
import { reportAbuse, tally } from '../test/abuse-report.ts';
import { connect } from '../test/realtime-client.ts';
import { sampleProducts, type TestDevice, type TestServer } from '../test/test-server.ts';
import { checksumsOfChanges } from '../test/feed-checksums.ts';
import { useTestServer } from '../test/use-test-server.ts';

const RLO = '\u202E';

/**
 * Issue 17, found by an outside attack: a till rewriting the shared catalog, unflagged tax rates,
 * and one device token flooding the server. Every case here failed before the fix.
 */
export function deviceAbuseContract(engine: Engine): void {
  describe(`device abuse [${engine}]`, () => {
    const t = useTestServer(engine);
    let till: TestDevice;
    let editor: TestDevice;
    let manager: TestDevice;
    let otherBranch: TestDevice;
    let products: Product[];

    const push = (device: TestDevice, mutations: unknown[]) =>
      t.request('POST', '/api/sync/push', { token: device.token, body: { mutations } });
    const update = (p: Product, changes: Record<string, unknown>, baseVersion = p.version) => ({
      id: newId(),
      type: 'product.update',
      payload: { productId: p.id, baseVersion, changes },
    });
    const current = async (id: string): Promise<Product> => {
      const r = await t.request('GET', '/api/sync/pull?cursor=0.0&limit=1000', { token: till.token });
      const c = (r.body as PullResponse).changes.find((x) => x.kind === 'product' && x.data.id === id);
      return c!.data as Product;
    };

    beforeAll(async () => {
      const A = await t.branch('AB');
      till = await t.device(A, 'Kasir A');
      editor = await t.device(A, 'Gudang A', ['catalog.edit']);
      manager = await t.device(A, 'Manajer A', ['catalog.edit', 'catalog.price']);
      otherBranch = await t.device(await t.branch('AC'), 'Kasir B');
      products = await t.products([
        ...sampleProducts(4, 'AB'),
        { sku: 'EMAS', name: 'Emas', price: 1_000_000, taxRate: 1.1 },
      ]);
      for (const p of [products[0]!, products[4]!]) {
        await t.receive(A, p, 1000);
      }
    });

    describe('catalog writes by tills', () => {
      it('a till without catalog.edit is refused (403 forbidden) and nothing changes; another branch sells at the catalog price, unflagged', async () => {
        const p = products[0]!;
        const before = await current(p.id);
        const r = await push(till, [update(p, { price: 1, taxRate: 0, name: 'Kopi Murah' })]);
        expect(r.status).toBe(200);
        expect((r.body as PushResponse).results[0]).toMatchObject({
          status: 'rejected',
          code: 'forbidden',
          details: { permission: 'catalog.edit' },
        });
        expect(await current(p.id)).toEqual(before);
        const sale = t.sale(otherBranch, [{ product: p, quantity: 1 }]);
        const sold = await t.request('POST', '/api/sales', { token: otherBranch.token, body: sale });
        expect(sold.status).toBe(201);
        expect((sold.body as Sale).total).toBe(p.price);
        expect((sold.body as Sale).flags).not.toContain('price_deviation');
      });

      it('catalog.edit without catalog.price: a name edit applies, a price or tax change waits for approval unapplied', async () => {
        const p = products[1]!;
        const named = await push(editor, [update(p, { name: 'Teh Manis' })]);
        expect((named.body as PushResponse).results[0]).toMatchObject({
          status: 'accepted',
          result: { name: 'Teh Manis', price: p.price, version: p.version + 1 },
        });
        const after = await current(p.id);
        for (const changes of [{ price: 1 }, { taxRate: 0 }]) {
          const r = await push(editor, [update(after, changes)]);
          const res = (r.body as PushResponse).results[0]!;
          expect(res).toMatchObject({ status: 'conflict' });
          const conflict = (res as { conflict: ConflictRecord }).conflict;
          expect(conflict).toMatchObject({ reason: 'needs_approval', mine: changes, entityId: p.id });
          expect(await current(p.id)).toEqual(after);
        }
      });

      it('catalog.edit with catalog.price: a price change applies', async () => {
        const p = products[2]!;
        const r = await push(manager, [update(p, { price: p.price + 500 })]);
        expect((r.body as PushResponse).results[0]).toMatchObject({
          status: 'accepted',
          result: { price: p.price + 500 },
        });
      });

      it('names refuse bidirectional control characters, from the admin and from a device', async () => {
        for (const bidi of ['\u202E', '\u202A', '\u2066', '\u2069', '\u200E', '\u200F', '\u061C']) {
          const admin = await t.admin('PUT', '/api/admin/products', [
            { sku: 'BIDI', name: `a${bidi}b`, price: 1 },
          ]);
          expect(admin.status, JSON.stringify(bidi)).toBe(400);
          expect(admin.body).toMatchObject({ error: { code: 'validation_failed' } });
          const r = await push(manager, [update(products[3]!, { name: `x${bidi}y` })]);
          expect((r.body as PushResponse).results[0]).toMatchObject({ code: 'validation_failed' });
        }
        const dev = await t.admin('POST', '/api/admin/devices', {
          branchId: till.branch.id,
          name: `K${RLO}`,
        });
        expect(dev.status).toBe(400);
      });

      it('barcodes are unique in the catalog: 409 barcode_taken naming the product that holds it', async () => {
        const holder = products[0]!;
        const taken = holder.barcodes[0]!;
        const admin = await t.admin('PUT', '/api/admin/products', [
          { sku: 'DUP-1', name: 'Tiruan', price: 1, barcode: taken },
        ]);
        expect(admin.status).toBe(409);
        expect(admin.body).toMatchObject({
          error: {
            code: 'barcode_taken',
            details: { barcodes: [{ barcode: taken, productId: holder.id, sku: holder.sku }] },
          },
        });
        // Two new products of one import with one barcode: refused too, and nothing is written.
        const twice = await t.admin('PUT', '/api/admin/products', [
          { sku: 'DUP-2', name: 'Satu', price: 1, barcode: 'DUP000' },
          { sku: 'DUP-3', name: 'Dua', price: 1, barcode: 'DUP000' },
        ]);
        expect(twice.status).toBe(409);
        expect(twice.body).toMatchObject({
          error: { code: 'barcode_taken', details: { barcodes: [{ sku: 'DUP-2' }] } },
        });
        const fromDevice = await push(manager, [
          update(await current(products[3]!.id), { barcodes: [taken] }),
        ]);
        expect((fromDevice.body as PushResponse).results[0]).toMatchObject({
          status: 'rejected',
          code: 'barcode_taken',
          details: { barcodes: [{ barcode: taken, productId: holder.id }] },
        });
        // Moving a barcode from one product to another in one import is allowed.
        const moved = await t.admin('PUT', '/api/admin/products', [
          { sku: holder.sku, name: holder.name, price: holder.price, barcodes: [] },
          { sku: 'DUP-4', name: 'Pindahan', price: 1, barcode: taken },
        ]);
        expect(moved.status).toBe(200);
        // A deleted product releases its barcodes.
        const gone = (moved.body as Product[])[1]!;
        expect((await t.admin('DELETE', `/api/admin/products/${gone.id}`)).status).toBe(204);
        const reuse = await t.admin('PUT', '/api/admin/products', [
          { sku: holder.sku, name: holder.name, price: holder.price, barcode: taken },
        ]);
        expect(reuse.status).toBe(200);
      });

      it('the admin sets permissions when creating or updating a device; they apply on the next request', async () => {
        const d = await t.device(till.branch, 'Kasir baru');
        const p = await current(products[3]!.id);
        const refused = await push(d, [update(p, { name: 'Roti Tawar' })]);
        expect((refused.body as PushResponse).results[0]).toMatchObject({ code: 'forbidden' });
        const patched = await t.admin('PATCH', `/api/admin/devices/${d.id}`, {
          permissions: ['catalog.edit'],
        });
        expect(patched.status).toBe(200);
        expect(patched.body).toMatchObject({ id: d.id, permissions: ['catalog.edit'] });
        const ok = await push(d, [update(p, { name: 'Roti Tawar' })]);
        expect((ok.body as PushResponse).results[0]).toMatchObject({ status: 'accepted' });
        expect((await t.admin('PATCH', `/api/admin/devices/${newId()}`, { name: 'x' })).status).toBe(404);
      });
    });

    describe('tax, payment and time on a sale (S7: flags, never refusals, for a completed sale)', () => {
      const sell = (body: SaleInput) => t.request('POST', '/api/sales', { token: till.token, body });
      const saleOf = (p: Product, patch: Partial<SaleInput['lines'][number]> = {}): SaleInput => {
        const s = t.sale(till, [{ product: p, quantity: 1 }]);
        return { ...s, lines: [{ ...s.lines[0]!, ...patch }] };
      };

      it('a line rate that is no tax class and not the product rate is refused 422 invalid_tax_rate', async () => {
        const answers: Record<string, number> = {};
        for (const taxRate of [12.34, 100, 5, 0.01]) {
          const r = await sell(saleOf(products[0]!, { taxRate }));
          tally(answers, r.status);
          expect(r.status, String(taxRate)).toBe(422);
          expect(r.body).toMatchObject({ error: { code: 'invalid_tax_rate' } });
        }
        // The product's own rate (PPN final 1.1%, set by the back office) is no class, but it is right.
        const gold = await sell(saleOf(products[4]!, { taxRate: 1.1 }));
        expect(gold.status).toBe(201);
        expect((gold.body as Sale).flags).toEqual([]);
        reportAbuse({ engine, inputClass: 'tax deviations: rate no class', tried: 4, answers });
      });

      it('a class rate that differs from the product rate is accepted and flagged tax_deviation', async () => {
        const answers: Record<string, number> = {};
        await t.admin('PATCH', `/api/admin/branches/${till.branch.id}`, { pkp: true });
        try {
          for (const taxRate of [0, 12]) {
            const r = await sell(saleOf(products[0]!, { taxRate }));
            tally(answers, `${r.status} ${(r.body as Sale).flags.join(',')}`);
            expect(r.status).toBe(201);
            expect((r.body as Sale).flags).toEqual(['tax_deviation']);
          }
          const right = await sell(saleOf(products[0]!, { taxRate: 11 }));
          expect((right.body as Sale).flags).toEqual([]);
        } finally {
          await t.admin('PATCH', `/api/admin/branches/${till.branch.id}`, { pkp: false });
        }
        reportAbuse({ engine, inputClass: 'tax deviations: another class', tried: 2, answers });
      });

      it('a branch that is not a PKP sells at 0% unflagged (and at the product rate, as tills before the rule did); another class or PPN added on top is flagged', async () => {
        for (const taxRate of [0, 11]) {
          const r = await sell(saleOf(products[0]!, { taxRate }));
          expect(r.status).toBe(201);
          expect((r.body as Sale).flags, String(taxRate)).toEqual([]);
        }
        const luxury = await sell(saleOf(products[0]!, { taxRate: 12 }));
        expect((luxury.body as Sale).flags).toEqual(['tax_deviation']);
        const p = products[0]!;
        const onTop = {
          ...saleOf(p, { taxRate: 11 }),
          priceMode: 'exclusive' as const,
          payments: [{ method: 'cash' as const, amount: 2 * p.price }],
        };
        const added = await sell(onTop);
        expect(added.status).toBe(201);
        expect((added.body as Sale).flags).toEqual(['tax_deviation']);
      });

      it('cash far beyond the total is flagged excessive_payment; ordinary change is not', async () => {
        const p = products[0]!;
        const ordinary = { ...saleOf(p), payments: [{ method: 'cash' as const, amount: 100_000 }] };
        expect(((await sell(ordinary)).body as Sale).flags).toEqual([]);
        const huge = { ...saleOf(p), payments: [{ method: 'cash' as const, amount: 50_000_000 }] };
        const r = await sell(huge);
        expect(r.status).toBe(201);
        expect((r.body as Sale).flags).toEqual(['excessive_payment']);
      });

      it('createdAt far from the server clock is flagged suspicious_time; year 0000 and 9999 crash nothing', async () => {
        const answers: Record<string, number> = {};
        for (const createdAt of [
          '0000-01-01T00:00:00.000Z',
          '9999-12-31T23:59:59.999Z',
          new Date(t.now() + 8 * 86_400_000).toISOString(),
          new Date(t.now() - 91 * 86_400_000).toISOString(),
        ]) {
          const r = await sell({ ...saleOf(products[0]!), createdAt });
          tally(answers, `${r.status} ${(r.body as Sale).flags.join(',')}`);
          expect(r.status, createdAt).toBe(201);
          expect((r.body as Sale).flags).toEqual(['suspicious_time']);
        }
        const yesterday = new Date(t.now() - 86_400_000).toISOString();
        expect(((await sell({ ...saleOf(products[0]!), createdAt: yesterday })).body as Sale).flags).toEqual(
          [],
        );
        const pull = await t.request('GET', '/api/sync/pull?cursor=0.0&limit=1000', { token: till.token });
        expect(pull.status).toBe(200);
        reportAbuse({ engine, inputClass: 'tax deviations: device time', tried: 4, answers });
      });
    });

    describe('per-device limits', () => {
      it('S12: sync/state is kept on write: it agrees with the feed, and reads no product', async () => {
        const d = await t.device(till.branch, 'Kasir hitung');
        const p = products[0]!;
        await push(d, [
          { id: newId(), type: 'stock.count', payload: { productId: p.id, counted: 9, baseVersion: 99 } },
        ]);
        await push(d, [
          { id: newId(), type: 'stock.adjust', payload: { productId: p.id, delta: 3, reason: 'receive' } },
        ]);
        await t.receive(d.branch, products[1]!, 4);
        const state = (await t.request('GET', '/api/sync/state', { token: d.token }))
          .body as SyncStateResponse;
        const pull = (await t.request('GET', '/api/sync/pull?cursor=0.0&limit=1000', { token: d.token }))
          .body as PullResponse;
        const expected = checksumsOfChanges(pull.changes);
        expect(state.catalog).toEqual(expected.catalog);
        expect(state.stock).toEqual(expected.stock);
        // A product row written behind the server's back is not in the state: it is not scanned.
        await t.server.db.kysely
          .insertInto('products')
          .values({
            id: newId(),
            sku: 'BEHIND',
            name: 'x',
            price: 1,
            barcodes: '[]',
            category: null,
            taxRateBp: 1100,
            active: 1,
            version: 1,
            deleted: 0,
            createdAt: 'x',
            updatedAt: 'x',
          })
          .execute();
        const again = (await t.request('GET', '/api/sync/state', { token: d.token }))
          .body as SyncStateResponse;
        expect(again.catalog).toEqual(state.catalog);
      });

      it('unauthenticated realtime connections are closed within the handshake timeout', async () => {
        const m = new Manager(t.url, { transports: ['websocket'], reconnection: false });
        const started = Date.now();
        const closed = new Promise<number>((resolve) => m.on('close', () => resolve(Date.now() - started)));
        m.open();
        const ms = await closed;
        expect(ms).toBeLessThan(HANDSHAKE_TIMEOUT_MS + 2_000);
        reportAbuse({
          engine,
          inputClass: 'socket floods per device: unauthenticated session',
          tried: 1,
          answers: { [`closed after ${Math.round(ms / 1000)} s`]: 1 },
        });
      }, 15_000);
    });
  });

  describe(`device abuse, limits [${engine}]`, () => {
    const t = useTestServer(engine, { deviceLimits: { burst: 5, ratePerS: 1, socketsPerDevice: 2 } });
    let d: TestDevice;
    beforeAll(async () => {
      d = await t.device(await t.branch('LIM'));
    });

    it('a device past its request rate gets 429 rate_limited with retry-after; another device does not', async () => {
      const answers: Record<string, number> = {};
      let limited: Awaited<ReturnType<TestServer['request']>> | undefined;
      for (let i = 0; i < 8; i++) {
        const r = await t.request('GET', '/api/sync/state', { token: d.token });
        tally(answers, r.status);
        if (r.status === 429) limited = r;
      }
      expect(limited).toBeDefined();
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited!.body).toMatchObject({ error: { code: 'rate_limited' } });
      const other = await t.device(d.branch, 'Kasir lain');
      expect((await t.request('GET', '/api/sync/state', { token: other.token })).status).toBe(200);
      reportAbuse({
        engine,
        inputClass: 'socket floods per device: requests past the rate',
        tried: 8,
        answers,
      });
    });

    it('sockets per device are capped: the newest win, the oldest are told why and closed', async () => {
      const other = await t.device(d.branch, 'Kasir soket');
      const first = await connect(t.url, other.token);
      await new Promise((r) => setTimeout(r, 1100)); // one token back in the bucket
      const second = await connect(t.url, other.token);
      await new Promise((r) => setTimeout(r, 1100));
      const third = await connect(t.url, other.token);
      await first.rec.waitFor('replaced');
      await new Promise((r) => setTimeout(r, 100));
      expect(first.socket.connected).toBe(false);
      expect(second.socket.connected).toBe(true);
      expect(third.socket.connected).toBe(true);
      for (const s of [first, second, third]) s.socket.close();
    });
  });
}

import {
  assembleSale,
  computeSaleTotals,
  formatInvoiceNumber,
  newId,
  type Change,
  type Mutation,
  type MutationResult,
  type Product,
  type ProductInput,
  type SaleInput,
} from '@kasir/protocol';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SyncApi } from '../transport/sync-api.ts';

/** One branch with one device on a backend, seen through the device's sync API and admin calls. */
export interface ContractBackend {
  /** The device's sync API (HTTP over the backend's fetch). */
  readonly api: SyncApi;
  readonly branch: { readonly id: string; readonly code: string };
  readonly device: { readonly id: string; readonly code: string };
  /** Admin upsert by sku, as `PUT /api/admin/products`. */
  products(inputs: readonly ProductInput[]): Promise<Product[]>;
  /** Admin stock receipt for the device's branch, as `POST /api/admin/stock`. */
  receive(productId: string, delta: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a fresh backend with a branch coded `B1` and one device in it. */
export type BackendFactory = () => Promise<ContractBackend>;

/**
 * What the server's sync contract promises and the fake backend (testing/fake-backend.ts) must do
 * the same way; register it inside `describe.each` over the implementations: every scenario runs on
 * the real server and on the fake, so the engine's unit tests cannot pass against rules the server
 * does not have. A rule the fake implements gets its scenario here.
 */
export function backendContract(start: BackendFactory): void {
  {
    let b: ContractBackend;
    let counter = 1;
    let products: Product[];

    beforeEach(async () => {
      b = await start();
      counter = 1;
      products = await b.products([
        { sku: 'C-1', name: 'Kopi', price: 1_000, taxRate: 11 },
        { sku: 'C-2', name: 'Teh', price: 2_500, taxRate: 0 },
      ]);
      for (const p of products) await b.receive(p.id, 10);
    });
    afterEach(async () => {
      await b.close();
    });

    const p = (i: number): Product => products[i]!;

    const saleInput = (lines: { product: Product; quantity: number }[], patch: Partial<SaleInput> = {}) => {
      const total = lines.reduce((a, l) => a + l.product.price * l.quantity, 0);
      const input: SaleInput = {
        id: newId(),
        invoiceNumber: formatInvoiceNumber({
          branchCode: b.branch.code,
          deviceCode: b.device.code,
          date: '20261124',
          counter: counter++,
        }),
        createdAt: '2026-11-24T03:00:00.000Z',
        lines: lines.map((l) => ({
          productId: l.product.id,
          quantity: l.quantity,
          unitPrice: l.product.price,
        })),
        payments: [{ method: 'cash', amount: total + 500 }],
        ...patch,
      };
      return input;
    };
    const sale = (input: SaleInput): Mutation => ({ id: input.id, type: 'sale.create', payload: input });

    async function push(...mutations: Mutation[]): Promise<MutationResult[]> {
      const res = await b.api.push(mutations);
      if (!res.ok) throw new Error(`push failed: ${JSON.stringify(res.error)}`);
      return res.value.results;
    }
    async function pushOne(m: Mutation): Promise<MutationResult> {
      return (await push(m))[0]!;
    }
    async function pullAll(limit: number): Promise<Change[]> {
      const changes: Change[] = [];
      let cursor = '';
      for (;;) {
        const res = await b.api.pull(cursor, limit);
        if (!res.ok) throw new Error(`pull failed: ${JSON.stringify(res.error)}`);
        changes.push(...res.value.changes);
        cursor = res.value.cursor;
        if (!res.value.hasMore) return changes;
      }
    }
    const stockOf = async (productId: string): Promise<{ onHand: number; version: number }> => {
      const changes = await pullAll(1_000);
      const s = changes.find((c) => c.kind === 'stock' && c.data.productId === productId);
      if (s?.kind !== 'stock') throw new Error(`no stock for ${productId}`);
      return s.data;
    };

    it('S3/S7: a sale is accepted with the server-derived totals and no flags', async () => {
      const input = saleInput([
        { product: p(0), quantity: 2 },
        { product: p(1), quantity: 1 },
      ]);
      const r = await pushOne(sale(input));
      expect(r.status).toBe('accepted');
      const result = (r as { result: { receivedAt: string } }).result;
      const priced = computeSaleTotals({
        ...input,
        lines: input.lines.map((l, i) => ({ ...l, taxRate: i === 0 ? 11 : 0 })),
      });
      if (!priced.ok) throw new Error(priced.message);
      expect(priced.totals).toMatchObject({ subtotal: 4_500, total: 4_500, paid: 5_000, change: 500 });
      expect(result).toEqual(
        assembleSale(input, priced.totals, {
          branchId: b.branch.id,
          deviceId: b.device.id,
          receivedAt: result.receivedAt,
        }),
      );
    });

    it('S3: a replay is a duplicate with the same result; the stock moves once', async () => {
      const m = sale(saleInput([{ product: p(0), quantity: 3 }]));
      const first = await pushOne(m);
      const again = await pushOne(m);
      expect(first.status).toBe('accepted');
      expect(again).toEqual({ ...first, status: 'duplicate' });
      expect((await stockOf(p(0).id)).onHand).toBe(7);
    });

    it('S3: the same id with another payload is an idempotency conflict', async () => {
      const input = saleInput([{ product: p(0), quantity: 1 }]);
      await pushOne(sale(input));
      const other = await pushOne(sale({ ...input, note: 'changed' }));
      expect(other).toMatchObject({ id: input.id, status: 'rejected', code: 'idempotency_conflict' });
    });

    it('S3: a sale.create whose id is not its sale id is rejected', async () => {
      const input = saleInput([{ product: p(0), quantity: 1 }]);
      const r = await pushOne({ id: newId(), type: 'sale.create', payload: input });
      expect(r).toMatchObject({ status: 'rejected', code: 'mutation_id_mismatch' });
    });

    it('S7: a sale below zero stock is accepted and flagged negative_stock', async () => {
      const r = await pushOne(sale(saleInput([{ product: p(1), quantity: 12 }])));
      expect(r).toMatchObject({ status: 'accepted', result: { flags: ['negative_stock'] } });
      expect((await stockOf(p(1).id)).onHand).toBe(-2);
    });

    it('S7: bad arithmetic and unknown products are rejected with the same code and details', async () => {
      const ghost = newId();
      const results = await push(
        sale(saleInput([{ product: p(0), quantity: 1 }], { total: 999 })),
        sale(saleInput([{ product: p(0), quantity: 1 }], { payments: [{ method: 'cash', amount: 1 }] })),
        sale(saleInput([{ product: p(0), quantity: 1 }], { payments: [{ method: 'qris', amount: 5_000 }] })),
        sale(saleInput([{ product: { ...p(0), id: ghost }, quantity: 1 }])),
      );
      expect(results.map((r) => (r.status === 'rejected' ? [r.code, r.details] : r.status))).toEqual([
        ['total_mismatch', { expected: 1_000 }],
        ['underpaid', { total: 1_000, paid: 1 }],
        ['overpaid_non_cash', { total: 1_000, paid: 5_000 }],
        ['unknown_product', { productIds: [ghost] }],
      ]);
    });

    it('S8: product.update is compare-and-swap on the version', async () => {
      const base = p(0).version;
      const ok = await pushOne({
        id: newId(),
        type: 'product.update',
        payload: { productId: p(0).id, baseVersion: base, changes: { price: 1_200 } },
      });
      expect(ok).toMatchObject({
        status: 'accepted',
        result: { id: p(0).id, price: 1_200, version: base + 1 },
      });
      const stale = await pushOne({
        id: newId(),
        type: 'product.update',
        payload: { productId: p(0).id, baseVersion: base, changes: { name: 'Kopi Susu' } },
      });
      expect(stale).toMatchObject({
        status: 'conflict',
        conflict: { kind: 'product', entityId: p(0).id, baseVersion: base, serverVersion: base + 1 },
      });
    });

    it('S8: stock.adjust moves stock; stock.count sets it at the current version, else conflicts', async () => {
      const adj = await pushOne({
        id: newId(),
        type: 'stock.adjust',
        payload: { productId: p(0).id, delta: -3, reason: 'damage' },
      });
      expect(adj).toMatchObject({ status: 'accepted', result: { productId: p(0).id, onHand: 7 } });
      const level = await stockOf(p(0).id);
      const counted = await pushOne({
        id: newId(),
        type: 'stock.count',
        payload: { productId: p(0).id, counted: 4, baseVersion: level.version },
      });
      expect(counted).toMatchObject({ status: 'accepted', result: { productId: p(0).id, onHand: 4 } });
      await b.receive(p(0).id, 1);
      const stale = await pushOne({
        id: newId(),
        type: 'stock.count',
        payload: { productId: p(0).id, counted: 9, baseVersion: level.version },
      });
      expect(stale).toMatchObject({ status: 'conflict', conflict: { kind: 'stock', entityId: p(0).id } });
      expect((await stockOf(p(0).id)).onHand).toBe(5);
    });

    it('S5: a pull returns the changes in feed order, the same in pages as at once', async () => {
      const input = saleInput([{ product: p(0), quantity: 1 }]);
      await pushOne(sale(input));
      await b.products([{ sku: 'C-1', name: 'Kopi Hitam', price: 1_000, taxRate: 11 }]);
      const all = await pullAll(1_000);
      const shape = all.map(
        (c) =>
          `${c.scope}:${c.kind}:${c.kind === 'stock' ? c.data.productId : c.kind === 'branch_settings' ? c.data.branchId : c.data.id}`,
      );
      // The newest change per entity only, catalog scope first, each scope in sequence order.
      expect(shape).toEqual([
        `catalog:product:${p(1).id}`,
        `catalog:product:${p(0).id}`,
        `branch:stock:${p(1).id}`,
        `branch:stock:${p(0).id}`,
        `branch:sale:${input.id}`,
      ]);
      for (const scope of ['catalog', 'branch'] as const) {
        const seqs = all.filter((c) => c.scope === scope).map((c) => c.seq);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      }
      expect(await pullAll(2)).toEqual(all);
    });
  }
}

import {
  DEFAULT_SHOP_SETTINGS,
  tillBranchSettingsOf,
  type Customer,
  type Mutation,
  type Refund,
  type SaleInput,
} from '@kasir/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProduct, makeSaleInput, makeSaleSummary, testId } from './fixtures.ts';
import type { DeviceStore, SaleCommit } from '../store/device-store.ts';
import type { FullSyncCheckpoint, LocalSale } from '../store/records.ts';
import type { JournalCopy } from '../store/journal-mirror.ts';

/** Opens a fresh store; `reopen` (optional) opens the same data again, as after a reload. */
export interface StoreFactory {
  open(): Promise<DeviceStore>;
  reopen?: () => Promise<DeviceStore>;
}

const AT = '2025-01-01T00:00:00.000Z';

function saleCommit(n: number, counter: number): SaleCommit {
  const input: SaleInput = {
    ...makeSaleInput(n, [makeProduct(1)]),
    invoiceNumber: `B1-D1-20250101-${counter}`,
  };
  const sale: LocalSale = {
    id: input.id,
    invoiceNumber: input.invoiceNumber,
    createdAt: input.createdAt,
    total: 1001,
    itemCount: 1,
    input,
    sync: { kind: 'pending' },
  };
  return { sale, mutation: { id: input.id, type: 'sale.create', payload: input } };
}

function adjust(n: number): Mutation {
  return {
    id: testId(n, '0193'),
    type: 'stock.adjust',
    payload: { productId: makeProduct(1).id, delta: 5, reason: 'receive' },
  };
}

function checkpoint(generation: number, nextPage: number): FullSyncCheckpoint {
  return { generation, nextPage, cursor: `${nextPage}.0`, done: nextPage, total: 10, startedAt: AT };
}

/**
 * The behaviour every `DeviceStore` adapter must have (tldraw style: one suite, every adapter).
 */
export function deviceStoreContract(name: string, factory: StoreFactory): void {
  describe(`DeviceStore contract: ${name}`, () => {
    let store: DeviceStore;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('starts empty at the zero cursor', async () => {
      const meta = await store.readMeta();
      expect(meta).toMatchObject({
        cursor: { catalog: 0, branch: 0 },
        identity: null,
        invoiceCounter: 0,
        fullSync: null,
      });
      expect(await store.readCatalog()).toEqual({ products: [], stock: [] });
    });

    it('keeps the branch stocktakes from the feed, the latest state of each (issue 12)', async () => {
      const st = {
        id: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a6b',
        branchId: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a6c',
        status: 'open' as const,
        categories: null,
        note: null,
        openedAt: AT,
        closedAt: null,
      };
      expect(await store.listStocktakes()).toEqual([]);
      await store.applyChanges(
        { products: [], stock: [], sales: [], stocktakes: [st] },
        { catalog: 0, branch: 1 },
      );
      expect(await store.listStocktakes()).toEqual([st]);
      const closed = { ...st, status: 'closed' as const, closedAt: AT };
      await store.applyChanges(
        { products: [], stock: [], sales: [], stocktakes: [closed] },
        { catalog: 0, branch: 2 },
      );
      expect(await store.listStocktakes()).toEqual([closed]);
    });

    it('keeps the transfers from or to the branch, the latest state of each (issue 12)', async () => {
      const t = {
        id: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a7a',
        fromBranchId: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a7b',
        toBranchId: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a7c',
        status: 'in_transit' as const,
        note: null,
        lines: [
          { productId: '0190f5d2-7b1a-7c3e-9a2b-1c2d3e4f5a7d', sent: 4, received: null, lossReason: null },
        ],
        flags: [],
        sentAt: AT,
        receivedAt: null,
        cancelledAt: null,
      };
      expect(await store.listTransfers()).toEqual([]);
      await store.applyChanges(
        { products: [], stock: [], sales: [], transfers: [t] },
        { catalog: 0, branch: 1 },
      );
      expect(await store.listTransfers()).toEqual([t]);
      const received = { ...t, status: 'received' as const, receivedAt: AT };
      await store.applyChanges(
        { products: [], stock: [], sales: [], transfers: [received] },
        { catalog: 0, branch: 2 },
      );
      expect(await store.listTransfers()).toEqual([received]);
    });

    it('S4: applies changes and moves the cursor together; later versions win; tombstones drop products', async () => {
      await store.applyChanges(
        {
          products: [makeProduct(1), makeProduct(2)],
          stock: [{ productId: makeProduct(1).id, onHand: 5, version: 1 }],
          sales: [],
        },
        { catalog: 2, branch: 1 },
      );
      await store.applyChanges(
        {
          products: [
            makeProduct(1, { version: 2, name: 'Baru' }),
            makeProduct(2, { version: 2, deleted: true }),
          ],
          stock: [],
          sales: [makeSaleSummary(1, 'other')],
        },
        { catalog: 4, branch: 2 },
      );
      const catalog = await store.readCatalog();
      expect(catalog.products.map((p) => [p.id, p.name, p.version])).toEqual([
        [makeProduct(1).id, 'Baru', 2],
      ]);
      expect(catalog.stock).toEqual([{ productId: makeProduct(1).id, onHand: 5, version: 1 }]);
      expect((await store.readMeta()).cursor).toEqual({ catalog: 4, branch: 2 });
      expect(await store.overlaySize()).toBe(3);
      expect((await store.listBranchSales()).map((s) => s.id)).toEqual([makeSaleSummary(1, 'other').id]);
    });

    it('keeps the refunds and customers the feed brings, and customers made here (issue 13)', async () => {
      const saleId = testId(70);
      const refund = (n: number): Refund => ({
        id: testId(80 + n),
        saleId,
        branchId: testId(1),
        deviceId: testId(2),
        invoiceNumber: 'JKT-01-20250101-0001',
        createdAt: AT,
        receivedAt: AT,
        reason: 'return',
        note: null,
        method: 'cash',
        lines: [{ saleLineNo: 0, productId: makeProduct(1).id, quantity: 1, amount: 1000, damaged: false }],
        total: 1000,
        shiftId: null,
        staffId: null,
        approvedBy: null,
        flags: [],
      });
      const customer = (n: number, receivedAt: string): Customer => ({
        id: testId(90 + n),
        name: `Pelanggan ${n}`,
        phone: `+62812000000${n}`,
        email: null,
        note: null,
        branchId: testId(1),
        createdAt: AT,
        receivedAt,
      });
      await store.putLocalCustomer(customer(1, ''));
      await store.applyChanges(
        { products: [], stock: [], sales: [], refunds: [refund(1), refund(2)], customers: [customer(2, AT)] },
        { catalog: 0, branch: 3 },
      );
      expect((await store.listBranchRefunds(saleId)).map((r) => r.id).sort()).toEqual([
        testId(81),
        testId(82),
      ]);
      expect(await store.listBranchRefunds(testId(71))).toEqual([]);
      expect((await store.listCustomers()).map((c) => c.id).sort()).toEqual([testId(91), testId(92)]);
      expect(await store.getCustomer(testId(91))).toEqual(customer(1, ''));
      expect((await store.getCustomer(testId(92)))?.name).toBe('Pelanggan 2');
      expect(await store.getCustomer(testId(93))).toBeUndefined();
    });

    it('keeps the newest branch settings with the cursor; a batch without them keeps the last', async () => {
      expect(await store.readBranchSettings()).toBeNull();
      const branch = {
        id: testId(7),
        name: 'Toko',
        address: null,
        npwp: null,
        receiptHeader: 'Jl. Merdeka 1',
        receiptFooter: null,
        timeZone: 'Asia/Jakarta',
      };
      const first = tillBranchSettingsOf(branch, { ...DEFAULT_SHOP_SETTINGS, priceMode: 'exclusive' });
      await store.applyChanges(
        { products: [], stock: [], sales: [], branchSettings: first },
        { catalog: 0, branch: 1 },
      );
      await store.applyChanges({ products: [], stock: [], sales: [] }, { catalog: 0, branch: 2 });
      expect(await store.readBranchSettings()).toEqual(first);
      const cp = { generation: 1, nextPage: 0, cursor: '', done: 0, total: 0, startedAt: AT };
      const second = { ...first, quantityLimit: 12 };
      await store.beginFullSync(cp);
      await store.writeFullSyncPage(
        { generation: 1, pageNo: 0, changes: { products: [], stock: [], sales: [], branchSettings: second } },
        { ...cp, nextPage: 1 },
      );
      await store.finishFullSync(1, { catalog: 0, branch: 3 });
      expect(await store.readBranchSettings()).toEqual(second);
    });

    it('S12: a full sync writes a new generation beside the old catalog and swaps it at the end', async () => {
      await store.applyChanges(
        { products: [makeProduct(9)], stock: [], sales: [] },
        { catalog: 1, branch: 0 },
      );
      await store.beginFullSync(checkpoint(1, 0));
      await store.writeFullSyncPage(
        {
          generation: 1,
          pageNo: 0,
          changes: { products: [makeProduct(1), makeProduct(2)], stock: [], sales: [] },
        },
        checkpoint(1, 1),
      );
      // The old catalog stays usable while the new one downloads.
      expect((await store.readCatalog()).products.map((p) => p.id)).toEqual([makeProduct(9).id]);
      expect((await store.readMeta()).fullSync).toEqual(checkpoint(1, 1));
      await store.writeFullSyncPage(
        {
          generation: 1,
          pageNo: 1,
          changes: {
            products: [makeProduct(1, { version: 3 })],
            stock: [{ productId: makeProduct(2).id, onHand: 7, version: 2 }],
            sales: [],
          },
        },
        checkpoint(1, 2),
      );
      await store.finishFullSync(1, { catalog: 30, branch: 4 });
      const catalog = await store.readCatalog();
      expect(catalog.products.map((p) => [p.id, p.version]).sort()).toEqual(
        [
          [makeProduct(1).id, 3],
          [makeProduct(2).id, 1],
        ].sort(),
      );
      expect(catalog.stock).toHaveLength(1);
      const meta = await store.readMeta();
      expect(meta).toMatchObject({ generation: 1, fullSync: null, cursor: { catalog: 30, branch: 4 } });
    });

    it('S12: beginning a full sync again drops pages of an abandoned run', async () => {
      await store.beginFullSync(checkpoint(1, 0));
      await store.writeFullSyncPage(
        { generation: 1, pageNo: 0, changes: { products: [makeProduct(1)], stock: [], sales: [] } },
        checkpoint(1, 1),
      );
      await store.beginFullSync(checkpoint(1, 0));
      await store.writeFullSyncPage(
        { generation: 1, pageNo: 0, changes: { products: [], stock: [], sales: [] } },
        checkpoint(1, 1),
      );
      await store.finishFullSync(1, { catalog: 1, branch: 0 });
      expect((await store.readCatalog()).products).toEqual([]);
    });

    it('S12: reset forgets catalog and cursor but keeps outbox, sales, identity and counter', async () => {
      const identity = {
        deviceId: 'd',
        deviceCode: 'D1',
        deviceName: 'Kasir 1',
        branchId: 'b',
        branchCode: 'B1',
        branchName: 'Pusat',
      };
      await store.setIdentity(identity);
      await store.applyChanges(
        { products: [makeProduct(1)], stock: [], sales: [] },
        { catalog: 1, branch: 0 },
      );
      await store.commitSale((c) => saleCommit(1, c), AT);
      await store.resetSyncState();
      const meta = await store.readMeta();
      expect(meta).toMatchObject({ cursor: { catalog: 0, branch: 0 }, identity, invoiceCounter: 1 });
      const { invoiceCounter: _counter, ...syncMeta } = meta;
      expect(await store.readSyncMeta()).toEqual(syncMeta);
      expect((await store.readCatalog()).products).toEqual([]);
      expect(await store.listOutbox()).toHaveLength(1);
      expect(await store.listSales()).toHaveLength(1);
    });

    it('S10: commitSale takes the next counter with the sale and its outbox entry; a failed build writes nothing', async () => {
      const a = await store.commitSale((c) => saleCommit(1, c), AT);
      const b = await store.commitSale((c) => saleCommit(2, c), AT);
      expect([a.sale.invoiceNumber, b.sale.invoiceNumber]).toEqual(['B1-D1-20250101-1', 'B1-D1-20250101-2']);
      await expect(
        store.commitSale(() => {
          throw new Error('bug');
        }, AT),
      ).rejects.toThrow('bug');
      expect((await store.readMeta()).invoiceCounter).toBe(2);
      expect((await store.listOutbox()).map((e) => e.id)).toEqual([a.sale.id, b.sale.id]);
      expect((await store.getSale(a.sale.id))?.sync).toEqual({ kind: 'pending' });
      expect((await store.listSales()).map((s) => s.id)).toEqual([b.sale.id, a.sale.id]);
    });

    it('S10: a second sale with an id already stored is refused and moves nothing', async () => {
      const a = await store.commitSale((c) => saleCommit(1, c), AT);
      await expect(store.commitSale((c) => saleCommit(1, c), AT)).rejects.toThrow();
      expect((await store.readMeta()).invoiceCounter).toBe(1);
      expect((await store.listOutbox()).map((e) => e.id)).toEqual([a.sale.id]);
      expect((await store.listSales()).map((s) => s.invoiceNumber)).toEqual(['B1-D1-20250101-1']);
    });

    it('S10: a re-paired till raises its counter to what the server saw, never lowering it (issue 13)', async () => {
      await store.raiseInvoiceCounter(41);
      const a = await store.commitSale((c) => saleCommit(1, c), AT);
      expect(a.sale.invoiceNumber).toBe('B1-D1-20250101-42');
      await store.raiseInvoiceCounter(5);
      expect((await store.readMeta()).invoiceCounter).toBe(42);
    });

    it('keeps the branch staff from the feed; an inactive record removes the person, also in a full sync (issue 13)', async () => {
      const person = (n: number, active = true) => ({
        id: testId(n, '0194'),
        name: `Staff ${n}`,
        role: 'cashier' as const,
        branchIds: [testId(1, '0195')],
        pin: active
          ? {
              algorithm: 'pbkdf2-sha256' as const,
              iterations: 1000,
              salt: '0'.repeat(32),
              hash: 'a'.repeat(64),
            }
          : null,
        active,
        version: 1,
      });
      const none = { products: [], stock: [], sales: [] };
      await store.applyChanges({ ...none, staff: [person(1), person(2)] }, { catalog: 0, branch: 2 });
      expect((await store.listStaff()).map((s) => s.name).sort()).toEqual(['Staff 1', 'Staff 2']);
      await store.applyChanges({ ...none, staff: [person(1, false)] }, { catalog: 0, branch: 3 });
      expect((await store.listStaff()).map((s) => s.name)).toEqual(['Staff 2']);
      // Two records of one person in one write (realtime changes written together): the last counts.
      await store.applyChanges({ ...none, staff: [person(4, false), person(4)] }, { catalog: 0, branch: 4 });
      expect((await store.listStaff()).map((s) => s.name).sort()).toEqual(['Staff 2', 'Staff 4']);
      await store.applyChanges({ ...none, staff: [person(4, false)] }, { catalog: 0, branch: 5 });
      await store.beginFullSync(checkpoint(1, 0));
      await store.writeFullSyncPage(
        { generation: 1, pageNo: 0, changes: { ...none, staff: [person(2, false), person(3)] } },
        checkpoint(1, 1),
      );
      await store.finishFullSync(1, { catalog: 0, branch: 6 });
      expect((await store.listStaff()).map((s) => s.name)).toEqual(['Staff 3']);
      await store.resetSyncState();
      expect((await store.listStaff()).map((s) => s.name)).toEqual(['Staff 3']);
    });

    it('S4: sales list newest first in the order they were made, even when the clock went back', async () => {
      // Ids are UUIDv7 from the device clock: set back, it makes a newer sale with a smaller id.
      const before = await store.commitSale((c) => saleCommit(10, c), AT);
      const after = await store.commitSale((c) => saleCommit(3, c), AT);
      expect(after.sale.id < before.sale.id).toBe(true);
      expect((await store.listSales()).map((s) => s.id)).toEqual([after.sale.id, before.sale.id]);
      expect((await store.listSales({ limit: 1 })).map((s) => s.id)).toEqual([after.sale.id]);
      expect(await store.getSale(after.sale.id)).toEqual(after.sale);
    });

    it("S2: a drain's next batch is the oldest pending entries in drain order, whatever changed state before", async () => {
      const a = await store.commitSale((c) => saleCommit(1, c), AT);
      const b = await store.commitSale((c) => saleCommit(2, c), AT);
      const e3 = await store.appendMutation(adjust(3), AT);
      const d = await store.commitSale((c) => saleCommit(4, c), AT);
      // b parked, then a and e3 acknowledged; d still waits.
      await store.markInflight([a.entry.seq, b.entry.seq, e3.seq], AT);
      await store.completePush([
        {
          seq: b.entry.seq,
          attempted: true,
          state: { kind: 'failed', code: 'validation_failed', message: 'x', at: AT },
        },
      ]);
      await store.completePush([
        { seq: e3.seq, attempted: true, state: { kind: 'synced', at: AT, outcome: 'accepted' } },
        { seq: a.entry.seq, attempted: true, state: { kind: 'synced', at: AT, outcome: 'accepted' } },
      ]);
      expect((await store.listOutbox({ kinds: ['pending'], limit: 5 })).map((e) => e.id)).toEqual([
        d.sale.id,
      ]);
      // A person retries b: it goes before d again, in its old place.
      expect(await store.retryFailed(b.sale.id)).toBe(1);
      expect((await store.listOutbox({ kinds: ['pending'], limit: 1 })).map((e) => e.id)).toEqual([
        b.sale.id,
      ]);
      // Acknowledged ones pruned, and a new entry: it comes after everything before.
      await store.pruneSynced(e3.seq);
      const e5 = await store.appendMutation(adjust(5), AT);
      expect((await store.listOutbox({ kinds: ['pending'] })).map((e) => e.id)).toEqual([
        b.sale.id,
        d.sale.id,
        e5.id,
      ]);
      expect((await store.listOutbox({ kinds: ['pending'], limit: 2 })).map((e) => e.id)).toEqual([
        b.sale.id,
        d.sale.id,
      ]);
      const seqs = (await store.listOutbox()).map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    });

    it('S2: the outbox keeps drain order across states and filters by state', async () => {
      await store.commitSale((c) => saleCommit(1, c), AT);
      const e2 = await store.appendMutation(adjust(2), AT);
      await store.commitSale((c) => saleCommit(3, c), AT);
      const all = await store.listOutbox();
      expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((x, y) => x - y));
      await store.markInflight([e2.seq], AT);
      expect((await store.listOutbox({ kinds: ['pending'] })).map((e) => e.id)).toEqual([
        testId(1),
        testId(3),
      ]);
      expect((await store.listOutbox({ kinds: ['pending'], limit: 1 })).map((e) => e.id)).toEqual([
        testId(1),
      ]);
      expect((await store.listOutbox({ kinds: ['pending', 'inflight'] })).map((e) => e.id)).toEqual([
        testId(1),
        e2.id,
        testId(3),
      ]);
      expect(await store.outboxCounts()).toEqual({ pending: 2, inflight: 1, failed: 0, synced: 0 });
      expect(await store.recoverInflight()).toBe(1);
      expect(await store.outboxCounts()).toEqual({ pending: 3, inflight: 0, failed: 0, synced: 0 });
      expect((await store.getOutboxEntry(e2.id))?.seq).toBe(e2.seq);
    });

    it('S9: push outcomes update entries, sales and conflicts in one go; failed ones retry or discard only by request', async () => {
      const a = await store.commitSale((c) => saleCommit(1, c), AT);
      const b = await store.commitSale((c) => saleCommit(2, c), AT);
      const c = await store.appendMutation(adjust(3), AT);
      const conflict = {
        id: testId(50),
        mutationId: c.id,
        kind: 'stock' as const,
        entityId: makeProduct(1).id,
        baseVersion: 1,
        serverVersion: 2,
        mine: { counted: 3 },
        server: { onHand: 9 },
        createdAt: AT,
      };
      expect(await store.lastSyncedSeq()).toBe(0);
      await store.completePush([
        {
          seq: a.entry.seq,
          attempted: true,
          state: { kind: 'synced', at: AT, outcome: 'accepted' },
          sale: { id: a.sale.id, sync: { kind: 'synced', at: AT, flags: [] } },
        },
        {
          seq: b.entry.seq,
          attempted: true,
          state: { kind: 'failed', code: 'validation_failed', message: 'bad', at: AT },
          sale: {
            id: b.sale.id,
            sync: { kind: 'failed', code: 'validation_failed', message: 'bad', at: AT },
          },
        },
        { seq: c.seq, attempted: true, state: { kind: 'synced', at: AT, outcome: 'conflict' }, conflict },
      ]);
      expect(await store.outboxCounts()).toEqual({ pending: 0, inflight: 0, failed: 1, synced: 2 });
      expect((await store.getOutboxEntry(a.sale.id))?.attempts).toBe(1);
      expect((await store.getSale(b.sale.id))?.sync.kind).toBe('failed');
      expect(await store.listConflicts()).toEqual([conflict]);
      expect(await store.deleteConflict(conflict.id)).toBe(true);
      expect(await store.deleteConflict(conflict.id)).toBe(false);

      expect(await store.discard(a.sale.id, AT)).toBe(false); // only failed entries can be discarded
      expect(await store.retryFailed('nope')).toBe(0);
      expect(await store.retryFailed(b.sale.id)).toBe(1);
      expect((await store.getSale(b.sale.id))?.sync).toEqual({ kind: 'pending' });
      await store.completePush([
        {
          seq: b.entry.seq,
          attempted: true,
          state: { kind: 'failed', code: 'validation_failed', message: 'bad', at: AT },
        },
      ]);
      expect(await store.discard(b.sale.id, AT)).toBe(true);
      expect((await store.getSale(b.sale.id))?.sync).toEqual({ kind: 'discarded', at: AT });

      expect(await store.lastSyncedSeq()).toBe(c.seq);
      expect(await store.pruneSynced(a.entry.seq)).toBe(1);
      expect((await store.listOutbox()).map((e) => e.seq)).toEqual([c.seq]);
      expect(await store.lastSyncedSeq()).toBe(c.seq);
      expect(await store.pruneSynced(c.seq)).toBe(1);
      expect(await store.lastSyncedSeq()).toBe(0);
    });

    it('puts back entries a lost database took, from their copies, and resumes above their receipt numbers (S10)', async () => {
      // The copies a mirror kept of a store the browser deleted: two sales and a stock count.
      const s1 = saleCommit(1, 7);
      const s2 = saleCommit(2, 8);
      const copyOf = (c: SaleCommit, at: string, counter: number): JournalCopy => {
        const { sync: _sync, input: _input, ...sale } = c.sale;
        return { mutation: c.mutation, createdAt: at, sale, counter };
      };
      const copies: JournalCopy[] = [
        copyOf(s2, '2025-01-01T00:00:02.000Z', 8),
        { mutation: adjust(3), createdAt: '2025-01-01T00:00:03.000Z' },
        copyOf(s1, '2025-01-01T00:00:01.000Z', 7),
      ];
      const ids = copies.map((c) => c.mutation.id);
      expect(await store.journalStatus(ids)).toEqual({ missing: ids, done: [] });
      expect(await store.restoreJournal(copies, 9)).toEqual([s1.sale.id, s2.sale.id, adjust(3).id]);
      // Pending, in the order they were made, with the numbers their receipts already printed.
      const outbox = await store.listOutbox();
      expect(outbox.map((e) => [e.id, e.state.kind])).toEqual([
        [s1.sale.id, 'pending'],
        [s2.sale.id, 'pending'],
        [adjust(3).id, 'pending'],
      ]);
      expect(await store.listSales()).toEqual([s2.sale, s1.sale]);
      // The counter the mirror saw last (9: a sale whose copy went when it synced) is never reused.
      const next = await store.commitSale((c) => saleCommit(4, c), AT);
      expect(next.sale.invoiceNumber).toBe('B1-D1-20250101-10');

      // Again (two tabs starting at once): nothing twice.
      expect(await store.restoreJournal(copies, 9)).toEqual([]);
      expect(await store.journalStatus(ids)).toEqual({ missing: [], done: [] });
      const [e1, e2, e3] = outbox;
      await store.completePush([
        { seq: e1!.seq, attempted: true, state: { kind: 'synced', at: AT, outcome: 'accepted' } },
        {
          seq: e2!.seq,
          attempted: true,
          state: { kind: 'failed', code: 'validation_failed', message: 'x', at: AT },
        },
        { seq: e3!.seq, attempted: true, state: { kind: 'synced', at: AT, outcome: 'duplicate' } },
      ]);
      expect(await store.pruneSynced(e3!.seq)).toBe(2);
      // Copies of what synced (pruned from the outbox or not) or was discarded may go.
      expect([...(await store.journalStatus(ids)).done].sort()).toEqual([s1.sale.id, adjust(3).id].sort());
      expect(await store.discard(s2.sale.id, AT)).toBe(true);
      expect((await store.journalStatus(ids)).done).toContain(s2.sale.id);
    });

    it('the sync log keeps the last 1,000 events, newest first', async () => {
      for (let i = 0; i < 1005; i++) await store.appendLog({ at: AT, kind: 'push', ok: true, count: i });
      const log = await store.readLog();
      expect(log).toHaveLength(1000);
      expect(log[0]?.count).toBe(1004);
      expect(log.at(-1)?.count).toBe(5);
      expect((await store.readLog({ limit: 2 })).map((e) => e.count)).toEqual([1004, 1003]);
    });

    it('sale audit: lists own sales by device time, and requeues a synced, pruned sale as pending', async () => {
      const early = await store.commitSale((c) => saleCommit(1, c), '2025-01-01T01:00:00.000Z');
      await store.commitSale((c) => saleCommit(2, c), AT);
      const inWindow = await store.listSalesCreatedBetween(
        '2025-01-01T00:00:00.000Z',
        '2025-01-02T00:00:00.000Z',
      );
      // saleCommit's sales carry their input's createdAt: both fall in the day.
      expect(inWindow.map((x) => x.id).sort()).toEqual([early.sale.id, testId(2)].sort());
      expect(
        await store.listSalesCreatedBetween('2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z'),
      ).toEqual([]);
      await store.completePush([
        {
          seq: early.entry.seq,
          attempted: true,
          state: { kind: 'synced', at: AT, outcome: 'accepted' },
          sale: { id: early.sale.id, sync: { kind: 'synced', at: AT, flags: [] } },
        },
      ]);
      await store.pruneSynced(early.entry.seq);
      expect((await store.listOutbox({ kinds: ['pending'] })).map((e) => e.id)).toEqual([testId(2)]);
      expect(await store.requeueSales([early.sale.id, 'unknown'])).toBe(1);
      expect((await store.listOutbox({ kinds: ['pending'] })).map((e) => e.id).sort()).toEqual(
        [early.sale.id, testId(2)].sort(),
      );
      const again = await store.getOutboxEntry(early.sale.id);
      expect(again?.mutation).toEqual(early.entry.mutation);
      expect((await store.getSale(early.sale.id))?.sync).toEqual({ kind: 'pending' });
    });

    it('pruning drops only old own sales that are synced and audited, and old branch sales', async () => {
      const synced = (seq: number, id: string) => ({
        seq,
        attempted: true,
        state: { kind: 'synced' as const, at: AT, outcome: 'accepted' as const },
        sale: { id, sync: { kind: 'synced' as const, at: AT, flags: [] } },
      });
      const a = await store.commitSale((c) => saleCommit(1, c), AT); // synced and audited: goes
      const b = await store.commitSale((c) => saleCommit(2, c), AT); // synced, never audited: stays
      const c = await store.commitSale((c) => saleCommit(3, c), AT); // audited, then sent again: stays
      const d = await store.commitSale((c) => saleCommit(4, c), AT); // pending: stays
      await store.completePush([
        synced(a.entry.seq, a.sale.id),
        synced(b.entry.seq, b.sale.id),
        synced(c.entry.seq, c.sale.id),
      ]);
      await store.markAudited([a.sale.id, c.sale.id, d.sale.id]);
      await store.requeueSales([c.sale.id]);
      await store.applyChanges(
        {
          products: [],
          stock: [],
          sales: [
            makeSaleSummary(7, 'other'),
            { ...makeSaleSummary(8, 'other'), receivedAt: '2030-01-01T00:00:00.000Z' },
          ],
        },
        { catalog: 0, branch: 2 },
      );
      expect(await store.storageCounts()).toEqual({ ownSales: 4, branchSales: 2, logEntries: 0 });
      const before = { ownBefore: '2026-01-01T00:00:00.000Z', branchBefore: '2029-01-01T00:00:00.000Z' };
      expect(await store.pruneHistory(before)).toEqual({ own: 1, branch: 1 });
      expect((await store.listSales()).map((s) => s.id)).toEqual([d.sale.id, c.sale.id, b.sale.id]);
      expect((await store.listBranchSales()).map((s) => s.id)).toEqual([makeSaleSummary(8, 'other').id]);
      expect((await store.listOutbox({ kinds: ['pending'] })).map((e) => e.id)).toEqual([
        c.sale.id,
        d.sale.id,
      ]);
      expect(
        await store.pruneHistory({
          ownBefore: '2020-01-01T00:00:00.000Z',
          branchBefore: '2020-01-01T00:00:00.000Z',
        }),
      ).toEqual({ own: 0, branch: 0 });
    });

    it('S11: the lease goes to one owner at a time, and to another once it expires or is released', async () => {
      expect(await store.tryAcquireLease('a', 1000, 5000)).toBe(true);
      expect(await store.tryAcquireLease('b', 2000, 5000)).toBe(false);
      expect(await store.tryAcquireLease('a', 3000, 5000)).toBe(true); // renew
      expect(await store.tryAcquireLease('b', 7999, 5000)).toBe(false);
      expect(await store.tryAcquireLease('b', 8000, 5000)).toBe(true); // expired
      await store.releaseLease('a'); // not the owner: no effect
      expect(await store.tryAcquireLease('a', 8001, 5000)).toBe(false);
      await store.releaseLease('b');
      expect(await store.tryAcquireLease('a', 8002, 5000)).toBe(true);
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('S2: sales, outbox, counter and cursor survive a reload', async () => {
        await store.commitSale((c) => saleCommit(1, c), AT);
        await store.applyChanges(
          { products: [makeProduct(1)], stock: [], sales: [] },
          { catalog: 1, branch: 0 },
        );
        await store.close();
        store = await reopen();
        const meta = await store.readMeta();
        expect(meta.invoiceCounter).toBe(1);
        expect(meta.cursor).toEqual({ catalog: 1, branch: 0 });
        expect(await store.listOutbox()).toHaveLength(1);
        expect((await store.readCatalog()).products).toHaveLength(1);
      });
    }
  });
}

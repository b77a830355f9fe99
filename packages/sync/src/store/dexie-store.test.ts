import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Product } from '@kasir/protocol';
import { makeProduct, makeSaleInput } from '../testing/fixtures.ts';
import type { DeviceStore, SaleCommit } from './device-store.ts';
import type { LocalSale } from './records.ts';
import { deviceStoreContract } from '../testing/device-store.contract.ts';
import { keyRuns, openDexieStore } from './dexie-store.ts';
import { stepKey, STEPS_KEPT } from './sale-commit.ts';

let factory = new IDBFactory();
deviceStoreContract('dexie over fake-indexeddb', {
  open: () => {
    factory = new IDBFactory();
    return openDexieStore({ name: 'kasir-test', indexedDB: factory, IDBKeyRange });
  },
  reopen: () => openDexieStore({ name: 'kasir-test', indexedDB: factory, IDBKeyRange }),
});

const AT = '2025-01-01T00:00:00.000Z';

/** The commit of one sale of `input`, numbered with the counter the store hands out. */
function saleCommit(input: ReturnType<typeof makeSaleInput>): (counter: number) => SaleCommit {
  return (counter) => {
    const i = { ...input, invoiceNumber: `B1-D1-20250101-${counter}` };
    const sale: LocalSale = {
      id: i.id,
      invoiceNumber: i.invoiceNumber,
      createdAt: i.createdAt,
      total: 1001,
      itemCount: 1,
      input: i,
      sync: { kind: 'pending' },
    };
    return { sale, mutation: { id: i.id, type: 'sale.create', payload: i } };
  };
}

describe('dexie store', () => {
  it('prunes in key ranges that hold only prunable rows, each at most a batch long', () => {
    const keys = [1, 2, 3, 4, 6, 7, 8, 9, 10];
    // 4 stays (not audited), 5 is gone already: 3 and 6 are not one range.
    expect(keyRuns(keys, new Set([1, 2, 3, 6, 7, 8, 9, 10]), 3)).toEqual([
      [1, 3, 3],
      [6, 8, 3],
      [9, 10, 2],
    ]);
    expect(keyRuns(keys, new Set([2, 4, 5]), 10)).toEqual([
      [2, 2, 1],
      [4, 4, 1],
    ]);
    expect(keyRuns([], new Set([1]), 10)).toEqual([]);
  });

  it('S10: a sale whose write fails (same id twice) commits nothing, not even the counter', async () => {
    const store = await openDexieStore({ name: 'kasir-dup', indexedDB: new IDBFactory(), IDBKeyRange });
    const commit = saleCommit(makeSaleInput(1, [makeProduct(1)]));
    await store.commitSale(commit, AT);
    await expect(store.commitSale(commit, AT)).rejects.toThrow();
    expect((await store.readMeta()).invoiceCounter).toBe(1);
    expect(await store.listOutbox()).toHaveLength(1);
    expect(await store.listSales()).toHaveLength(1);
    await store.close();
  });

  it('S10: a sale refused by IndexedDB at once uses up no receipt number', async () => {
    const store = await openDexieStore({ name: 'kasir-clone', indexedDB: new IDBFactory(), IDBKeyRange });
    const numberOf = async (n: number, spoil = false) => {
      const commit = saleCommit(makeSaleInput(n, [makeProduct(1)]));
      const r = await store.commitSale((c) => {
        const built = commit(c);
        // A function cannot be stored: the journal's add throws DataCloneError when it is made.
        return spoil ? { ...built, sale: Object.assign({}, built.sale, { x: () => 0 }) } : built;
      }, AT);
      return r.sale.invoiceNumber;
    };
    expect(await numberOf(1)).toBe('B1-D1-20250101-1');
    await expect(numberOf(2, true)).rejects.toThrow();
    expect((await store.readMeta()).invoiceCounter).toBe(1);
    expect(await numberOf(3)).toBe('B1-D1-20250101-2');
    expect(await store.listSales()).toHaveLength(2);
    await store.close();
  });

  it('S10: two tabs selling in turn never hand out one receipt number twice', async () => {
    const indexedDB = new IDBFactory();
    const a = await openDexieStore({ name: 'kasir-tabs', indexedDB, IDBKeyRange });
    const b = await openDexieStore({ name: 'kasir-tabs', indexedDB, IDBKeyRange });
    const sell = (tab: typeof a, n: number) =>
      tab.commitSale(saleCommit(makeSaleInput(n, [makeProduct(1)])), AT).then((r) => r.sale.invoiceNumber);
    // Each tab remembers the counter it last saw; every sale of the other tab makes that stale.
    const numbers = [
      await sell(a, 1),
      await sell(b, 2),
      await sell(a, 3),
      await sell(a, 4),
      await sell(b, 5),
    ];
    await b.raiseInvoiceCounter(10);
    numbers.push(await sell(a, 6), await sell(a, 7));
    expect(numbers.map((x) => Number(x.split('-').at(-1)))).toEqual([1, 2, 3, 4, 5, 11, 12]);
    expect((await a.listSales()).map((s) => s.invoiceNumber).sort()).toEqual([...numbers].sort());
    expect((await b.readMeta()).invoiceCounter).toBe(12);
    await a.close();
    await b.close();
  });

  it('S10: a tab whose sale is aborted by a stale counter keeps nothing of it', async () => {
    const indexedDB = new IDBFactory();
    const a = await openDexieStore({ name: 'kasir-stale', indexedDB, IDBKeyRange });
    const b = await openDexieStore({ name: 'kasir-stale', indexedDB, IDBKeyRange });
    await b.commitSale(saleCommit(makeSaleInput(1, [makeProduct(1)])), AT);
    // `a` still expects 0: it builds number 1, sees 1 taken, and commits the sale as number 2 instead.
    const built: number[] = [];
    const commit = saleCommit(makeSaleInput(2, [makeProduct(1)]));
    const { sale } = await a.commitSale((c) => {
      built.push(c);
      return commit(c);
    }, AT);
    expect(built).toEqual([1, 2]);
    expect(sale.invoiceNumber.endsWith('-2')).toBe(true);
    expect((await a.listSales()).map((s) => s.invoiceNumber).sort()).toEqual([
      'B1-D1-20250101-1',
      'B1-D1-20250101-2',
    ]);
    expect(await a.listOutbox()).toHaveLength(2);
    await a.close();
    await b.close();
  });

  it('S4: sales stored before schema version 2 are listed by receipt counter after the upgrade', async () => {
    const indexedDB = new IDBFactory();
    const v1 = new Dexie('kasir-v1', { indexedDB, IDBKeyRange });
    v1.version(1).stores({ sales: 'id' });
    // The newer sale (counter 2) has the smaller id: the device clock was set back in between.
    const rows = [
      { id: '01900000-0000-7000-8000-000000000009', invoiceNumber: 'B1-D1-20250101-0001' },
      { id: '01900000-0000-7000-8000-000000000001', invoiceNumber: 'B1-D1-20250102-0002' },
    ];
    await v1.table('sales').bulkAdd(rows);
    v1.close();
    const store = await openDexieStore({ name: 'kasir-v1', indexedDB, IDBKeyRange });
    const listed = await store.listSales();
    expect(listed.map((s) => s.invoiceNumber)).toEqual(['B1-D1-20250102-0002', 'B1-D1-20250101-0001']);
    expect(listed[0]).toMatchObject(rows[1]!);
    await store.close();
  });

  describe('catalog pages as JSON text beside their objects', () => {
    const cp = { generation: 1, nextPage: 0, cursor: '', done: 0, total: 0, startedAt: AT };
    const stockOf = (n: number, onHand: number) => ({ productId: makeProduct(n).id, onHand, version: 1 });
    /** A full sync of `pages` (products per page) as generation `generation`, run `run`. */
    const fullSync = async (store: DeviceStore, generation: number, pages: Product[][], run = AT) => {
      const c = { ...cp, generation, startedAt: run };
      await store.beginFullSync(c);
      for (const [pageNo, products] of pages.entries())
        await store.writeFullSyncPage(
          {
            generation,
            pageNo,
            changes: { products, stock: products.map((p, i) => stockOf(i + 1, i)), sales: [] },
          },
          { ...c, nextPage: pageNo + 1 },
        );
      await store.finishFullSync(generation, { catalog: generation, branch: 0 });
    };
    /** The database as another version of the app sees it. */
    const rawDb = async (indexedDB: IDBFactory, name: string) => {
      const raw = new Dexie(name, { indexedDB, IDBKeyRange });
      await raw.open();
      return raw;
    };
    /** Run 'first' of generation 2 by this version, cut after its page 0 (`product`): stale text. */
    const staleRun = async (store: DeviceStore, product: Product) => {
      await store.beginFullSync({ ...cp, generation: 2, startedAt: 'first' });
      await store.writeFullSyncPage(
        { generation: 2, pageNo: 0, changes: { products: [product], stock: [], sales: [] } },
        { ...cp, generation: 2, nextPage: 1, startedAt: 'first' },
      );
    };
    const names = async (store: DeviceStore) => (await store.readCatalog()).products.map((p) => p.name);

    it('S12: both forms are written; the text is what is read, and a full sync replaces both', async () => {
      const indexedDB = new IDBFactory();
      const store = await openDexieStore({ name: 'kasir-pages', indexedDB, IDBKeyRange });
      await fullSync(store, 1, [[makeProduct(1), makeProduct(2)]]);
      const raw = await rawDb(indexedDB, 'kasir-pages');
      // The objects as the previous version writes and reads them (after a rollback).
      expect(await raw.table<unknown>('productPages').toArray()).toEqual([
        { generation: 1, pageNo: 0, items: [makeProduct(1), makeProduct(2)] },
      ]);
      expect(await raw.table<unknown>('productText').toArray()).toEqual([
        { generation: 1, pageNo: 0, json: JSON.stringify([makeProduct(1), makeProduct(2)]), run: AT },
      ]);
      // The text is what is read: a text that differs from the objects wins.
      await raw
        .table('productText')
        .put({ generation: 1, pageNo: 0, json: JSON.stringify([makeProduct(1, { name: 'Teks' })]), run: AT });
      expect(await names(store)).toEqual(['Teks']);
      await fullSync(store, 2, [[makeProduct(4)]]);
      expect(await names(store)).toEqual([makeProduct(4).name]);
      for (const table of ['productPages', 'stockPages', 'productText', 'stockText'])
        expect((await raw.table<{ generation: number }>(table).toArray()).map((r) => r.generation)).toEqual([
          2,
        ]);
      raw.close();
      await store.close();
    });

    it('S12: back from the previous version, which finished a full sync of its own, the objects count and the text is made again', async () => {
      const indexedDB = new IDBFactory();
      let store = await openDexieStore({ name: 'kasir-back', indexedDB, IDBKeyRange });
      await fullSync(store, 1, [[makeProduct(1)]]);
      // This version began generation 2 and wrote a page of it; then the rollback.
      await staleRun(store, makeProduct(1, { name: 'Basi' }));
      await store.close();
      // The previous version runs its own generation 2: objects only, its text tables untouched.
      const raw = await rawDb(indexedDB, 'kasir-back');
      await raw
        .table('productPages')
        .put({ generation: 2, pageNo: 0, items: [makeProduct(1, { name: 'Baru' })] });
      await raw.table('productPages').delete([1, 0]);
      const meta = await raw.table<{ key: string; value: object }>('meta').get('sync');
      await raw.table('meta').put({ key: 'sync', value: { ...meta!.value, generation: 2, fullSync: null } });
      raw.close();
      // Back on this version: generation 2 is read from its objects, not the stale text.
      store = await openDexieStore({ name: 'kasir-back', indexedDB, IDBKeyRange });
      expect(await names(store)).toEqual(['Baru']);
      const after = await rawDb(indexedDB, 'kasir-back');
      expect(await after.table<{ json: string }>('productText').get([2, 0])).toMatchObject({
        json: JSON.stringify([makeProduct(1, { name: 'Baru' })]),
      });
      after.close();
      await store.close();
    });

    it('S12: a full sync resumed after the previous version wrote some of its pages makes their text from the objects', async () => {
      const indexedDB = new IDBFactory();
      const store = await openDexieStore({ name: 'kasir-resume', indexedDB, IDBKeyRange });
      await fullSync(store, 1, [[makeProduct(1)]]);
      await staleRun(store, makeProduct(2, { name: 'Basi' }));
      // The previous version began generation 2 again and wrote page 0 (objects only), then stopped.
      const raw = await rawDb(indexedDB, 'kasir-resume');
      await raw
        .table('productPages')
        .put({ generation: 2, pageNo: 0, items: [makeProduct(2, { name: 'Lama' })] });
      const meta = await raw.table<{ key: string; value: object }>('meta').get('sync');
      const resumed = { ...cp, generation: 2, nextPage: 1, startedAt: 'second' };
      await raw.table('meta').put({ key: 'sync', value: { ...meta!.value, fullSync: resumed } });
      raw.close();
      // This version resumes from the checkpoint and finishes.
      await store.writeFullSyncPage(
        {
          generation: 2,
          pageNo: 1,
          changes: { products: [makeProduct(3, { name: 'Zaitun' })], stock: [], sales: [] },
        },
        { ...resumed, nextPage: 2 },
      );
      await store.finishFullSync(2, { catalog: 2, branch: 0 });
      expect(await names(store)).toEqual(['Lama', 'Zaitun']);
      await store.close();
    });

    it('S12: a till upgraded in place to schema 21 gets the text of the pages it holds', async () => {
      const indexedDB = new IDBFactory();
      const v20 = new Dexie('kasir-v20', { indexedDB, IDBKeyRange });
      v20
        .version(1)
        .stores({ meta: 'key', productPages: '[generation+pageNo]', stockPages: '[generation+pageNo]' });
      await v20.table('meta').put({
        key: 'sync',
        value: {
          cursor: { catalog: 5, branch: 0 },
          identity: null,
          lastSyncedAt: null,
          generation: 3,
          fullSync: null,
        },
      });
      await v20.table('productPages').bulkPut([
        { generation: 3, pageNo: 0, items: [makeProduct(1)] },
        { generation: 3, pageNo: 1, items: [makeProduct(2)] },
      ]);
      await v20.table('stockPages').put({ generation: 3, pageNo: 0, items: [stockOf(1, 4)] });
      v20.close();
      const store = await openDexieStore({ name: 'kasir-v20', indexedDB, IDBKeyRange });
      const raw = await rawDb(indexedDB, 'kasir-v20');
      expect((await raw.table<{ json: string }>('productText').toArray()).map((r) => r.json)).toEqual([
        JSON.stringify([makeProduct(1)]),
        JSON.stringify([makeProduct(2)]),
      ]);
      expect(await raw.table<unknown>('stockText').count()).toBe(1);
      raw.close();
      expect(await store.readCatalog()).toEqual({
        products: [makeProduct(1), makeProduct(2)],
        stock: [stockOf(1, 4)],
      });
      await store.close();
    });
  });

  it('S2: schema 10 moves sales and the outbox into the journal, keeping drain order and sync states', async () => {
    const indexedDB = new IDBFactory();
    const v2 = new Dexie('kasir-v2', { indexedDB, IDBKeyRange });
    v2.version(2).stores({ sales: 'id, counter', outbox: '++seq, &id, state.kind' });
    const commit = (n: number) => saleCommit(makeSaleInput(n, [makeProduct(1)]))(n);
    const old = commit(1); // synced long ago: its outbox entry was pruned
    const failed = commit(2);
    const pending = commit(3);
    const failure = { kind: 'failed', code: 'validation_failed', message: 'bad', at: AT } as const;
    await v2.table('sales').bulkAdd([
      { ...old.sale, counter: 1, sync: { kind: 'synced', at: AT, flags: [] } },
      { ...failed.sale, counter: 2, sync: failure },
      { ...pending.sale, counter: 3 },
    ]);
    await v2.table('outbox').bulkAdd([
      { seq: 7, id: failed.sale.id, mutation: failed.mutation, state: failure, attempts: 2, createdAt: AT },
      {
        seq: 9,
        id: pending.sale.id,
        mutation: pending.mutation,
        state: { kind: 'pending' },
        attempts: 0,
        createdAt: AT,
      },
    ]);
    v2.close();
    const store = await openDexieStore({ name: 'kasir-v2', indexedDB, IDBKeyRange });
    expect((await store.listSales()).map((s) => [s.id, s.sync.kind])).toEqual([
      [pending.sale.id, 'pending'],
      [failed.sale.id, 'failed'],
      [old.sale.id, 'synced'],
    ]);
    expect(await store.getSale(failed.sale.id)).toEqual({ ...failed.sale, sync: failure });
    expect((await store.listOutbox()).map((e) => [e.id, e.state.kind, e.attempts])).toEqual([
      [failed.sale.id, 'failed', 2],
      [pending.sale.id, 'pending', 0],
    ]);
    const next = await store.appendMutation(commit(4).mutation, AT);
    expect(next.seq).toBeGreaterThan(3);
    expect(await store.outboxCounts()).toEqual({ pending: 2, inflight: 0, failed: 1, synced: 0 });
    await store.close();
  });

  it('S1: sync writes only its own state: the journal holds what the sale path wrote, unchanged', async () => {
    const indexedDB = new IDBFactory();
    const store = await openDexieStore({ name: 'kasir-journal', indexedDB, IDBKeyRange });
    const { entry, sale } = await store.commitSale(saleCommit(makeSaleInput(1, [makeProduct(1)])), AT);
    const raw = new Dexie('kasir-journal', { indexedDB, IDBKeyRange });
    await raw.open();
    const before = await raw.table('journal').toArray();
    await store.markInflight([entry.seq], AT);
    await store.completePush([
      {
        seq: entry.seq,
        attempted: true,
        state: { kind: 'synced', at: AT, outcome: 'accepted' },
        sale: { id: sale.id, sync: { kind: 'synced', at: AT, flags: [] } },
      },
    ]);
    await store.pruneSynced(entry.seq);
    expect(await raw.table('journal').toArray()).toEqual(before);
    expect((await store.getSale(sale.id))?.sync.kind).toBe('synced');
    expect(await store.listOutbox()).toEqual([]);
    raw.close();
    await store.close();
  });

  it('S10: a till upgraded in place to schema 20 keeps its queued sale and numbers on from it', async () => {
    const indexedDB = new IDBFactory();
    // Schema 16 as the previous app version left it, with one sale not yet pushed.
    const v16 = new Dexie('kasir-v16', { indexedDB, IDBKeyRange });
    v16.version(16).stores({
      meta: 'key',
      counters: 'key',
      leases: 'key',
      productPages: '[generation+pageNo]',
      stockPages: '[generation+pageNo]',
      productOverlay: 'id',
      stockOverlay: 'productId',
      sales: 'id, counter',
      branchSales: 'id, receivedAt',
      outbox: '++seq, &id, state.kind',
      conflicts: 'id',
      journal: '++seq, &id, counter, sale.createdAt',
      journalState: 'seq, view',
      syncLog: '++seq',
      stocktakes: 'id',
      branchRefunds: 'id, saleId',
      customers: 'id, phone',
      branchSettings: 'key',
      staff: 'id',
      transfers: 'id',
    });
    const queued = saleCommit(makeSaleInput(1, [makeProduct(1)]))(7);
    const { sync: _sync, input: _input, ...kept } = queued.sale;
    await v16.table('counters').put({ key: 'invoice', value: 7 });
    await v16
      .table('journal')
      .add({ id: queued.sale.id, mutation: queued.mutation, createdAt: AT, sale: kept, counter: 7 });
    v16.close();

    const store = await openDexieStore({ name: 'kasir-v16', indexedDB, IDBKeyRange });
    expect((await store.listOutbox()).map((e) => e.id)).toEqual([queued.sale.id]);
    expect(await store.getSale(queued.sale.id)).toEqual(queued.sale);
    const next = await store.commitSale(saleCommit(makeSaleInput(2, [makeProduct(1)])), AT);
    expect(next.sale.invoiceNumber.endsWith('-8')).toBe(true);
    expect((await store.listOutbox()).map((e) => e.id)).toEqual([queued.sale.id, next.sale.id]);
    await store.close();
  });

  it('S10: the retention prune drops claims on old steps of the counter, never recent ones', async () => {
    const indexedDB = new IDBFactory();
    const store = await openDexieStore({ name: 'kasir-steps', indexedDB, IDBKeyRange });
    await store.raiseInvoiceCounter(STEPS_KEPT + 5);
    for (let n = 1; n <= 3; n++) await store.commitSale(saleCommit(makeSaleInput(n, [makeProduct(1)])), AT);
    const raw = new Dexie('kasir-steps', { indexedDB, IDBKeyRange });
    await raw.open();
    const steps = async () =>
      (await raw.table('counters').toCollection().primaryKeys()).filter((k) => Array.isArray(k));
    // The raise claimed the step from 0; each sale the step from the counter before it.
    expect(await steps()).toEqual([
      stepKey(0),
      stepKey(STEPS_KEPT + 5),
      stepKey(STEPS_KEPT + 6),
      stepKey(STEPS_KEPT + 7),
    ]);
    await store.pruneHistory({ ownBefore: AT, branchBefore: AT });
    expect(await steps()).toEqual([
      stepKey(STEPS_KEPT + 5),
      stepKey(STEPS_KEPT + 6),
      stepKey(STEPS_KEPT + 7),
    ]);
    raw.close();
    await store.close();
  });
});

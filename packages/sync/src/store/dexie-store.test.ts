import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { makeProduct, makeSaleInput } from '../testing/fixtures.ts';
import type { SaleCommit } from './device-store.ts';
import type { LocalSale } from './records.ts';
import { deviceStoreContract } from '../testing/device-store.contract.ts';
import { openDexieStore } from './dexie-store.ts';

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
    expect(listed[0]).toEqual(rows[1]);
    await store.close();
  });

  it('S4: a sale written without a counter after the upgrade (a tab still on the old code) is listed too', async () => {
    const indexedDB = new IDBFactory();
    const store = await openDexieStore({ name: 'kasir-old-tab', indexedDB, IDBKeyRange });
    await store.commitSale(saleCommit(makeSaleInput(1, [makeProduct(1)])), AT);
    // What schema-1 code does: add the row as it always did, with no counter.
    const oldTab = new Dexie('kasir-old-tab', { indexedDB, IDBKeyRange });
    oldTab.version(2).stores({ sales: 'id, counter' });
    const orphan = { id: '01900000-0000-7000-8000-0000000000ff', invoiceNumber: 'B1-D1-20250101-0002' };
    await oldTab.table('sales').add(orphan);
    oldTab.close();
    const listed = await store.listSales({ limit: 10 });
    expect(listed.map((s) => s.invoiceNumber)).toEqual(['B1-D1-20250101-0002', 'B1-D1-20250101-1']);
    expect(listed[0]).toEqual(orphan);
    await store.close();
  });
});

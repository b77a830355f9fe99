import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { deviceStoreContract } from './device-store.contract.ts';
import { openDexieStore } from './dexie-store.ts';

let factory = new IDBFactory();
deviceStoreContract('dexie over fake-indexeddb', {
  open: () => {
    factory = new IDBFactory();
    return openDexieStore({ name: 'kasir-test', indexedDB: factory, IDBKeyRange });
  },
  reopen: () => openDexieStore({ name: 'kasir-test', indexedDB: factory, IDBKeyRange }),
});

import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { durableStorage, indexedDbDurableCopy, restoreFromDurableCopy } from './durable-storage.ts';
import { memoryStorage } from './key-value-storage.ts';

const KEYS = ['kasir.cart', 'kasir.held', 'kasir.settings'];

describe('durable storage of the till', () => {
  it('a held cart written through survives losing localStorage (a kill before its lazy flush)', async () => {
    const idb = new IDBFactory();
    const copy = indexedDbDurableCopy(idb);
    const errors: unknown[] = [];
    const storage = durableStorage(memoryStorage(), copy, {
      keys: KEYS,
      strictKeys: ['kasir.held'],
      onError: (e) => errors.push(e),
    });
    storage.setItem('kasir.held', '[{"id":"h1"}]');
    storage.setItem('kasir.cart', '{"lines":[]}');
    storage.setItem('other', 'x');
    storage.removeItem('kasir.cart');
    // A new page after the kill: localStorage is empty, the copy (reopened) has what was written.
    const after = memoryStorage();
    await restoreFromDurableCopy(after, indexedDbDurableCopy(idb), KEYS);
    expect(after.getItem('kasir.held')).toBe('[{"id":"h1"}]');
    expect(after.getItem('kasir.cart')).toBeNull();
    expect(await copy.read('other')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('drops an open cart found only in localStorage: sold (removed from the copy) before a crash, or of a lost copy', async () => {
    const idb = new IDBFactory();
    const copy = indexedDbDurableCopy(idb);
    const storage = durableStorage(memoryStorage(), copy, { keys: KEYS, strictKeys: [], onError: () => {} });
    storage.setItem('kasir.cart', '{"id":"sold","lines":[1]}');
    storage.removeItem('kasir.cart');
    await copy.write('kasir.held', null, true);
    // localStorage lost its last write (the cart's removal): it still has the sold cart.
    const stale = memoryStorage();
    stale.setItem('kasir.cart', '{"id":"sold","lines":[1]}');
    stale.setItem('kasir.held', '[{"id":"h1"}]');
    await restoreFromDurableCopy(stale, indexedDbDurableCopy(idb), KEYS, ['kasir.cart']);
    expect(stale.getItem('kasir.cart')).toBeNull();
    expect(await copy.read('kasir.cart')).toBeNull();
    // Other keys are still moved over (an older app's held carts).
    expect(await copy.read('kasir.held')).toBe('[{"id":"h1"}]');
  });

  it('moves what an older app kept only in localStorage into the copy', async () => {
    const copy = indexedDbDurableCopy(new IDBFactory());
    const old = memoryStorage();
    old.setItem('kasir.settings', '{"language":"en"}');
    await restoreFromDurableCopy(old, copy, KEYS);
    expect(await copy.read('kasir.settings')).toBe('{"language":"en"}');
    expect(old.getItem('kasir.settings')).toBe('{"language":"en"}');
  });
});

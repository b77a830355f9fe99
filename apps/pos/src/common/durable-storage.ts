import type { KeyValueStorage } from './key-value-storage.ts';

/**
 * The till's own small state in IndexedDB (issue 16): the open cart, the held carts (an unpaid
 * order: a kill must not lose it) and the device's settings. `localStorage` stays the synchronous
 * cache the app reads at start, but Chromium writes it to disk lazily, seconds after `setItem`;
 * this copy is the truth. Its own small database (`kasir-till`): its writes never share an object
 * store with a sale's transaction.
 */
export interface DurableCopy {
  read(key: string): Promise<string | null>;
  /** Resolves once written; `strict` waits for the disk (one fdatasync). */
  write(key: string, value: string | null, strict: boolean): Promise<void>;
}

const STORE = 'kv';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export function indexedDbDurableCopy(idb: IDBFactory, name = 'kasir-till'): DurableCopy {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise((resolve, reject) => {
      const req = idb.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('cannot open the till store'));
    });
    return db;
  };
  return {
    async read(key) {
      const tx = (await open()).transaction(STORE, 'readonly');
      const value: unknown = await request(tx.objectStore(STORE).get(key));
      return typeof value === 'string' ? value : null;
    },
    async write(key, value, strict) {
      const tx = (await open()).transaction(STORE, 'readwrite', {
        durability: strict ? 'strict' : 'relaxed',
      });
      const store = tx.objectStore(STORE);
      if (value === null) store.delete(key);
      else store.put(value, key);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('till store not written'));
        tx.onabort = () => reject(tx.error ?? new Error('till store write aborted'));
      });
    },
  };
}

/**
 * At start, before the app reads `keys`: the durable copy wins where it has a value (localStorage
 * may have lost the last writes in a crash); a value only in localStorage (an app from before the
 * copy existed) is copied over, except for `dropWithoutCopy` keys, whose value there is dropped.
 *
 * Why drop: the open cart is removed from the copy when it is sold, and localStorage, written to
 * disk lazily, may still hold the sold cart after a crash; so may it after the browser deleted a
 * corrupted IndexedDB (the copy's too). Restored, that cart kept the sold sale's id: once the store
 * that knew the id was lost, selling it again recorded a second sale under the same id, which the
 * server refused (idempotency_conflict; the fault suite's device-crash test (d)).
 */
export async function restoreFromDurableCopy(
  storage: KeyValueStorage,
  copy: DurableCopy,
  keys: readonly string[],
  dropWithoutCopy: readonly string[] = [],
): Promise<void> {
  for (const key of keys) {
    const saved = await copy.read(key);
    const cached = storage.getItem(key);
    if (saved !== null) storage.setItem(key, saved);
    else if (cached !== null && dropWithoutCopy.includes(key)) storage.removeItem(key);
    else if (cached !== null) await copy.write(key, cached, true);
  }
}

/**
 * `storage` whose writes of `keys` also go to the durable copy, in order (IndexedDB runs the
 * transactions of one store in the order they were made), strictly for `strictKeys`.
 */
export function durableStorage(
  storage: KeyValueStorage,
  copy: DurableCopy,
  options: { keys: readonly string[]; strictKeys: readonly string[]; onError: (e: unknown) => void },
): KeyValueStorage {
  const mirrored = new Set(options.keys);
  const strict = new Set(options.strictKeys);
  const mirror = (key: string, value: string | null): void => {
    if (mirrored.has(key)) copy.write(key, value, strict.has(key)).catch(options.onError);
  };
  return {
    getItem: (key) => storage.getItem(key),
    setItem(key, value) {
      storage.setItem(key, value);
      mirror(key, value);
    },
    removeItem(key) {
      storage.removeItem(key);
      mirror(key, null);
    },
  };
}

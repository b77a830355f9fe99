import type { KeyValueStorage } from '../shared/key-value-storage.ts';
import {
  PAIRED_DEVICE_KEY,
  forgetPairedDevice,
  savePairedDevice,
  type PairedDevice,
} from './paired-device.ts';

/**
 * A durable copy of the paired device. Chromium writes `localStorage` to disk lazily, seconds after
 * `setItem`: a device killed (power cut, OS kill) within those seconds of pairing came back on the
 * pairing screen, its IndexedDB store with the sales it had made orphaned under a device it no
 * longer knew (issue 6, found by faults/device). IndexedDB with strict durability is on disk when
 * the write resolves, so the app waits for this copy before it lets anyone sell.
 */
export interface PairingBackup {
  read(): Promise<string | null>;
  /** Stores `value`, or deletes the copy for `null`; resolves once it is on disk. */
  write(value: string | null): Promise<void>;
}

const STORE = 'kv';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The copy in a small IndexedDB database of its own (`kasir-pairing`). */
export function indexedDbPairingBackup(idb: IDBFactory, name = 'kasir-pairing'): PairingBackup {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise((resolve, reject) => {
      const req = idb.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('cannot open the pairing backup'));
    });
    return db;
  };
  return {
    async read() {
      const tx = (await open()).transaction(STORE, 'readonly');
      const value: unknown = await request(tx.objectStore(STORE).get(PAIRED_DEVICE_KEY));
      return typeof value === 'string' ? value : null;
    },
    async write(value) {
      const tx = (await open()).transaction(STORE, 'readwrite', { durability: 'strict' });
      const store = tx.objectStore(STORE);
      if (value === null) store.delete(PAIRED_DEVICE_KEY);
      else store.put(value, PAIRED_DEVICE_KEY);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('pairing backup not written'));
        tx.onabort = () => reject(tx.error ?? new Error('pairing backup aborted'));
      });
    },
  };
}

/** At start: `localStorage` lost the pairing (a crash right after it) but the durable copy has it. */
export async function restorePairedDevice(storage: KeyValueStorage, backup: PairingBackup): Promise<void> {
  if (storage.getItem(PAIRED_DEVICE_KEY) !== null) return;
  const saved = await backup.read();
  if (saved !== null) storage.setItem(PAIRED_DEVICE_KEY, saved);
}

/** Saves the pairing in both places; resolves once the durable copy is on disk. */
export async function keepPairedDevice(
  storage: KeyValueStorage,
  backup: PairingBackup,
  device: PairedDevice,
): Promise<void> {
  savePairedDevice(storage, device);
  await backup.write(storage.getItem(PAIRED_DEVICE_KEY));
}

/** Sign-out: forgets the pairing in both places (else the copy would bring it back). */
export async function dropPairedDevice(storage: KeyValueStorage, backup: PairingBackup): Promise<void> {
  forgetPairedDevice(storage);
  await backup.write(null);
}

import { writeOpfsFile } from '@kasir/sync';
import type { KeyValueStorage } from '../common/key-value-storage.ts';
import { indexedDbDurableCopy } from '../common/durable-storage.ts';
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

/**
 * The copy in a small IndexedDB database of its own (`kasir-pairing`), written strictly: the same
 * key-value store as the till's other durable state, under one key.
 */
export function indexedDbPairingBackup(idb: IDBFactory, name = 'kasir-pairing'): PairingBackup {
  const copy = indexedDbDurableCopy(idb, name);
  return {
    read: () => copy.read(PAIRED_DEVICE_KEY),
    write: (value) => copy.write(PAIRED_DEVICE_KEY, value, true),
  };
}

/**
 * The copy in the origin private file system (a `kasir-pairing` file). Chromium deletes a
 * corrupted IndexedDB after a crash, the pairing's copy there with it, and `localStorage` may not
 * have the pairing on disk either: the fault suite's kill -9 scenario (d) came back on the pairing
 * screen. The private file system is neither.
 */
export function opfsPairingBackup(root: FileSystemDirectoryHandle, name = 'kasir-pairing'): PairingBackup {
  return {
    async read() {
      try {
        const text = await (await (await root.getFileHandle(name)).getFile()).text();
        return text === '' ? null : text;
      } catch (e) {
        if (e instanceof DOMException && e.name === 'NotFoundError') return null;
        throw e;
      }
    },
    async write(value) {
      if (value === null) {
        await root.removeEntry(name).catch((e: unknown) => {
          if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e;
        });
        return;
      }
      await writeOpfsFile(root, name, value);
    },
  };
}

/**
 * Several copies: written to all (resolves once all are on disk; one failing is reported after
 * the others are written), read from the first that has one (a copy that cannot be read is
 * passed over).
 */
export function pairingBackups(...copies: readonly PairingBackup[]): PairingBackup {
  return {
    async read() {
      for (const copy of copies) {
        const value = await copy.read().catch(() => null);
        if (value !== null) return value;
      }
      return null;
    },
    async write(value) {
      const done = await Promise.allSettled(copies.map((c) => c.write(value)));
      const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
      if (failed) throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
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

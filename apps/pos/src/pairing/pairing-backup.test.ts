import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../common/key-value-storage.ts';
import { loadPairedDevice, type PairedDevice } from './paired-device.ts';
import {
  dropPairedDevice,
  indexedDbPairingBackup,
  keepPairedDevice,
  pairingBackups,
  restorePairedDevice,
} from './pairing-backup.ts';

const device: PairedDevice = {
  serverUrl: 'http://kasir.local:8080',
  token: 'kd_token',
  deviceId: '01900000-0000-7000-8000-000000000001',
  deviceCode: '01',
  deviceName: 'Kasir 1',
  branchId: '01900000-0000-7000-8000-000000000002',
  branchCode: 'BDG',
  branchName: 'Toko Bandung',
  pairedAt: '2026-01-01T00:00:00.000Z',
};

describe('pairing backup (a kill -9 right after pairing, issue 6)', () => {
  it('brings the pairing back when localStorage lost it', async () => {
    const idb = new IDBFactory();
    const before = memoryStorage();
    await keepPairedDevice(before, indexedDbPairingBackup(idb), device);
    expect(loadPairedDevice(before)).toEqual(device);
    // The process died before Chromium wrote localStorage: a new process finds it empty.
    const after = memoryStorage();
    await restorePairedDevice(after, indexedDbPairingBackup(idb));
    expect(loadPairedDevice(after)).toEqual(device);
  });

  it('never overrides what localStorage has, and sign-out forgets both copies', async () => {
    const idb = new IDBFactory();
    const storage = memoryStorage();
    await keepPairedDevice(storage, indexedDbPairingBackup(idb), device);
    const moved = { ...device, serverUrl: 'http://other:8080' };
    storage.setItem('kasir.device', JSON.stringify(moved));
    await restorePairedDevice(storage, indexedDbPairingBackup(idb));
    expect(loadPairedDevice(storage)).toEqual(moved);

    await dropPairedDevice(storage, indexedDbPairingBackup(idb));
    const fresh = memoryStorage();
    await restorePairedDevice(fresh, indexedDbPairingBackup(idb));
    expect(loadPairedDevice(fresh)).toBeNull();
  });

  it('keeps the pairing in several copies: read from the first that has it, written to all', async () => {
    const idb = new IDBFactory();
    const first = indexedDbPairingBackup(idb, 'first');
    const second = indexedDbPairingBackup(idb, 'second');
    const both = pairingBackups(first, second);
    const storage = memoryStorage();
    await keepPairedDevice(storage, both, device);
    // The first copy is gone (Chromium deleted a corrupted IndexedDB): the second brings it back.
    await first.write(null);
    const after = memoryStorage();
    await restorePairedDevice(after, both);
    expect(loadPairedDevice(after)).toEqual(device);
    // A copy that cannot be written is reported, after the others were written.
    const broken = {
      read: () => Promise.reject(new Error('unreadable')),
      write: () => Promise.reject(new Error('full')),
    };
    await expect(pairingBackups(broken, first).write('x')).rejects.toThrow('full');
    expect(await first.read()).toBe('x');
    expect(await pairingBackups(broken, first).read()).toBe('x');
    await dropPairedDevice(after, both);
    expect([await first.read(), await second.read()]).toEqual([null, null]);
  });
});

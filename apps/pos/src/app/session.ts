import {
  broadcastTabChannel,
  createSyncClient,
  openDexieStore,
  opfsJournalMirror,
  type DeviceStore,
  type JournalMirror,
  type LockManagerLike,
  type SyncClient,
} from '@kasir/sync';
import { storeNameOf, type PairedDevice } from '../pairing/paired-device.ts';
import { STALE_AFTER_MS } from '../sync-status/header-warnings.ts';
import { createTillActivity, type TillActivity } from '../common/till-activity.ts';
import type { AppEnv } from './app-env.ts';

/** One paired device at work: its local store and its sync client. */
export interface Session {
  readonly device: PairedDevice;
  readonly client: SyncClient;
  /** The cashier's activity: heavy sync work waits for an idle till. */
  readonly activity: TillActivity;
  /** Stops sync and closes the store (before sign-out or a server URL change). */
  close(): Promise<void>;
  /** Closes and deletes this device's local database (sign-out). */
  destroy(): Promise<void>;
}

/**
 * Opens the device's store and starts its sync client. The identity pairing returned is written
 * to the store at once, so the first sale can be recorded (with its S10 number) before the device
 * ever reaches the server again.
 */
export async function openSession(
  device: PairedDevice,
  env: { readonly navigator: Navigator; readonly onNetworkBack?: AppEnv['onNetworkBack'] },
): Promise<Session> {
  const name = storeNameOf(device);
  const store: DeviceStore = await openDexieStore({ name });
  const meta = await store.readMeta();
  if (!meta.identity) {
    await store.setIdentity({
      deviceId: device.deviceId,
      deviceCode: device.deviceCode,
      deviceName: device.deviceName,
      branchId: device.branchId,
      branchCode: device.branchCode,
      branchName: device.branchName,
    });
  }
  // Signing out deleted the old database and its counter; resume above what the server saw (S10).
  if (device.lastInvoiceCounter !== undefined) await store.raiseInvoiceCounter(device.lastInvoiceCounter);
  const root = await writablePrivateFolder(env.navigator);
  const mirror = await openMirror(root, name);
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`kasir-tabs-${name}`) : null;
  const locks = (env.navigator as Navigator & { locks?: LockManagerLike }).locks ?? null;
  const activity = createTillActivity();
  const client = createSyncClient({
    serverUrl: device.serverUrl,
    token: device.token,
    // A balancer in front of several server processes keeps this branch's devices on one (deploy/).
    branchKey: device.branchId,
    store,
    mirror,
    locks,
    channel: channel ? broadcastTabChannel(channel) : null,
    lockName: `kasir-sync-${name}`,
    isIdle: () => activity.isIdle(),
    // A sale is pushed at once (no `pushAfterQuietMs`): its push and pull take some 40 ms, done long
    // before a cashier taps the next sale's "complete". Held for a quiet quarter second instead, a
    // rush was pushed ten sales at a time, and the server's write of them met the next sale's commit
    // on the disk: B6 back to back p95 4.9, 10.3, 8.2 ms against 3.9, 8.4, 5.9 at once (three
    // interleaved pairs of run-b6.ts, 2026-12-05). And the branch's other tills see it sooner.
    // Back online: upload and reconnect now, not after a backoff grown while offline.
    ...(env.onNetworkBack === undefined ? {} : { networkEvents: env.onNetworkBack }),
    // Absent outside secure contexts (a till served over plain http on the shop's network).
    estimateStorage: () =>
      (env.navigator.storage as StorageManager | undefined)?.estimate() ?? Promise.resolve({}),
    // One rule for "prices and stock may be old": the header shows the engine's flag.
    staleAfterMs: STALE_AFTER_MS,
    // Shown on the back office's devices screen (the health report).
    appVersion: import.meta.env.KASIR_APP_VERSION ?? 'dev',
  });
  // Benchmark hook, for bench/browser (B1b, B6, B7) only: with `?bench=1` in the URL the page exposes
  // its sync client, so the benchmark can see when the catalog is ready and time lookups in the page,
  // its store (and the database's name), to time the sale's commit and seed a sales history, and
  // the till's activity, to tell why idle work has not started.
  if (typeof location !== 'undefined' && new URLSearchParams(location.search).get('bench') === '1') {
    (
      globalThis as {
        __kasirBench?: { client: SyncClient; store: DeviceStore; storeName: string; activity: TillActivity };
      }
    ).__kasirBench = { client, store, storeName: name, activity };
  }
  await client.start();
  const close = async (): Promise<void> => {
    await client.stop();
    channel?.close();
    await store.close();
  };
  return {
    device,
    client,
    activity,
    close,
    async destroy() {
      await close();
      // The copies belong to the database about to go: first, so that a failure between the two
      // never leaves copies a re-paired device of the same id would put back.
      await root?.removeEntry(`journal-${name}`, { recursive: true }).catch(() => undefined);
      await new Promise<void>((resolve) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = () => resolve();
        req.onerror = () => resolve();
        req.onblocked = () => resolve();
      });
    },
  };
}

/**
 * The origin private file system (secure contexts: https, localhost) where the page can write
 * files (`createWritable`; Safari before 26 has the folder only), or null: a till served over
 * plain http has none.
 */
export async function writablePrivateFolder(navigator: Navigator): Promise<FileSystemDirectoryHandle | null> {
  if (typeof FileSystemFileHandle === 'undefined') return null;
  if (typeof FileSystemFileHandle.prototype.createWritable !== 'function') return null;
  return privateFolder(navigator);
}

/** The origin private file system, where the browser has one. */
async function privateFolder(navigator: Navigator): Promise<FileSystemDirectoryHandle | null> {
  const storage = navigator.storage as StorageManager | undefined;
  if (typeof storage?.getDirectory !== 'function') return null;
  try {
    return await storage.getDirectory();
  } catch (e) {
    console.warn('no private file system: unsynced sales have no second copy', e);
    return null;
  }
}

/**
 * The second copy of unsynced sales (packages/sync store/journal-mirror.ts), in the private file
 * system, which Chromium keeps when it deletes a corrupted IndexedDB. A till served over plain http
 * on the shop's network has none: there a lost database loses its unsynced sales.
 */
async function openMirror(
  root: FileSystemDirectoryHandle | null,
  name: string,
): Promise<JournalMirror | null> {
  // No writable folder (writablePrivateFolder): no copies.
  if (root === null) return null;
  try {
    return await opfsJournalMirror(root, name);
  } catch (e) {
    console.warn('journal mirror not opened', e);
    return null;
  }
}

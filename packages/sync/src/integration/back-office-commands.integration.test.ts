/**
 * Issue 11, the till's side of the back office: after each sync the device reports its own health,
 * and the back office's realtime commands (sync now, re-download) reach the engine. Against the
 * real server in-process (SQLite).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@kasir/server';
import type { AdminDevice, DeviceCreated, Product } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../client/create-sync-client.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { memoryJournalMirror } from '../store/journal-mirror.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { socketIoFactory } from '../transport/socket-io-factory.ts';

const ADMIN = 'back-office-it-admin-token-0123456789';

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('device health and back-office commands', () => {
  let server: RunningServer;
  let dir: string;
  let client: SyncClient;
  let store: DeviceStore;
  let device: DeviceCreated;
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await r.json()) as T;
  };
  const health = async () =>
    (await admin<AdminDevice[]>('GET', '/api/admin/devices')).find((d) => d.id === device.id)!.health;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kasir-bo-it-'));
    server = await startServer({
      database: { engine: 'sqlite', dataDir: dir },
      adminToken: ADMIN,
      logger: false,
    });
    const branch = await admin<{ id: string }>('POST', '/api/admin/branches', { code: 'BO', name: 'Cabang' });
    device = await admin<DeviceCreated>('POST', '/api/admin/devices', { branchId: branch.id, name: 'Kasir' });
    await admin<Product[]>('PUT', '/api/admin/products', [{ sku: 'BO-1', name: 'Kopi', price: 5000 }]);
    store = createMemoryStore();
    client = createSyncClient({
      serverUrl: server.url,
      token: device.token,
      store,
      realtime: socketIoFactory,
      appVersion: '9.9.9',
      random: () => 0.05,
    });
    await client.start();
    await waitFor(() => client.catalog.size === 1 && client.status.get().lastSyncedAt !== null, 'first sync');
  });
  afterAll(async () => {
    await client.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports its own health after a sync', async () => {
    await waitFor(async () => (await health()).reportedAt !== null, 'a health report');
    expect(await health()).toMatchObject({ appVersion: '9.9.9', unsyncedSales: 0, oldestUnsyncedAt: null });
    expect((await health()).lastSyncAt).not.toBeNull();
  });

  it('re-downloads the catalog on the back office’s command, and syncs now on another', async () => {
    const before = (await store.readMeta()).generation;
    const r = await admin<{ delivered: boolean }>('POST', `/api/admin/devices/${device.id}/commands`, {
      type: 'redownload',
    });
    expect(r.delivered).toBe(true);
    await waitFor(async () => (await store.readMeta()).generation > before, 'a fresh full sync');
    expect(client.catalog.size).toBe(1);
    const reported = (await health()).reportedAt!;
    await new Promise((res) => setTimeout(res, 5));
    await admin('POST', `/api/admin/devices/${device.id}/commands`, { type: 'sync_now' });
    await waitFor(
      async () => (await health()).reportedAt! > reported,
      'a sync (and its report) after sync_now',
    );
  });

  it('tells the back office when the browser lost its store, and the back office keeps it', async () => {
    expect((await health()).storeLost ?? null).toBeNull();
    await client.stop();
    // The browser deleted the database: a new, empty store with the pairing's identity, and the
    // copies kept outside it (a receipt counter block the lost store had reached).
    const mirror = memoryJournalMirror();
    await mirror.keepCounter(60);
    store = createMemoryStore();
    client = createSyncClient({
      serverUrl: server.url,
      token: device.token,
      store,
      mirror,
      realtime: socketIoFactory,
      appVersion: '9.9.10',
      random: () => 0.05,
    });
    await client.start();
    await waitFor(async () => (await health()).appVersion === '9.9.10', "the new store's report");
    const lost = (await health()).storeLost;
    expect(lost).toMatchObject({ restored: 0 });
    expect((await client.readLog()).find((e) => e.kind === 'restore')?.at).toBe(lost?.at);
  });
});

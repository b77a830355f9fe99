import type { Product } from '@kasir/protocol';
import { createSyncClient, openDexieStore, type Random, type SyncClient } from '@kasir/sync';
import { randomSaleDraft, startLinkProxy, type LinkProxy } from '@kasir/test-kit';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';

/** One cashier device: the real engine over Dexie/fake-indexeddb, behind its own TCP proxy. */
export interface SimulatedDevice {
  readonly name: string;
  readonly client: SyncClient;
  readonly proxy: LinkProxy;
  /** Milliseconds each `recordSale` took (S1: local commit only). */
  readonly saleLatencies: number[];
  recorded: number;
  syncedEvents: number;
  remoteSales: number;
  /** Records one random sale of 1-3 lines. */
  sell(products: readonly Product[], random: Random): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimulatedDevice(options: {
  name: string;
  token: string;
  serverUrl: string;
  random: Random;
}): Promise<SimulatedDevice> {
  const proxy = await startLinkProxy(options.serverUrl);
  const store = await openDexieStore({ name: options.name, indexedDB: new IDBFactory(), IDBKeyRange });
  const client = createSyncClient({
    serverUrl: proxy.url,
    token: options.token,
    store,
    random: options.random,
  });
  const device: SimulatedDevice = {
    name: options.name,
    client,
    proxy,
    saleLatencies: [],
    recorded: 0,
    syncedEvents: 0,
    remoteSales: 0,
    async sell(products, random) {
      const draft = randomSaleDraft(products, random);
      const started = performance.now();
      const res = await client.recordSale(draft);
      device.saleLatencies.push(performance.now() - started);
      if (res.ok) device.recorded++;
      else console.error(`${options.name}: sale refused locally: ${res.code} ${res.message}`);
    },
    async stop() {
      await client.stop();
      await proxy.close();
      await store.close();
    },
  };
  client.on('salesSynced', (n) => (device.syncedEvents += n));
  client.on('remoteSale', () => device.remoteSales++);
  await client.start();
  return device;
}

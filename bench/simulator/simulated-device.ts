import type { Product } from '@kasir/protocol';
import { createSyncClient, openDexieStore, type Random, type SyncClient } from '@kasir/sync';
import { startTcpProxy, type TcpProxy } from '@kasir/sync/node';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';

/** One cashier device: the real engine over Dexie/fake-indexeddb, behind its own TCP proxy. */
export interface SimulatedDevice {
  readonly name: string;
  readonly client: SyncClient;
  readonly proxy: TcpProxy;
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
  const url = new URL(options.serverUrl);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 80) });
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
      const lines = Array.from(
        { length: 1 + Math.floor(random() * 3) },
        () => products[Math.floor(random() * products.length)]!,
      );
      const unique = [...new Map(lines.map((p) => [p.id, p])).values()];
      const draftLines = unique.map((p) => ({
        productId: p.id,
        quantity: 1 + Math.floor(random() * 3),
        unitPrice: p.price,
      }));
      const total = draftLines.reduce((a, l) => a + l.quantity * l.unitPrice, 0);
      const started = performance.now();
      const res = await client.recordSale({
        lines: draftLines,
        payments: [{ method: 'cash', amount: total }],
      });
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

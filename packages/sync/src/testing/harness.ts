import type { Product } from '@kasir/protocol';
import { createSyncClient, type SyncClient, type SyncClientOptions } from '../client/create-sync-client.ts';
import { seededRandom } from '../deps/random.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { FakeDevice } from './fake-backend.ts';
import { createFakeServer, type FakeServer } from './fake-server.ts';
import { makeProduct } from './fixtures.ts';
import { createManualClock, settle, type ManualClock } from './manual-clock.ts';

/** Options of one test client over the harness defaults. */
export type ClientExtra = Partial<SyncClientOptions> & { store?: DeviceStore };

/** One fake server with a branch, a seeded catalog and a manual clock, for engine tests. */
export interface Harness {
  readonly clock: ManualClock;
  readonly server: FakeServer;
  readonly branchId: string;
  readonly products: Product[];
  device(code: string): FakeDevice;
  client(device: FakeDevice, extra?: ClientExtra): SyncClient;
  /** A client of `device` (or of a new device with this code), started, its first sync done. */
  started(device: FakeDevice | string, extra?: ClientExtra): Promise<SyncClient>;
  /** Starts the clients in order, then lets their first syncs finish. */
  startAll(...clients: SyncClient[]): Promise<void>;
  /** Lets promises and queued fake-network work finish. */
  settle(): Promise<void>;
}

export function createHarness(
  options: { products?: number; stock?: number; minProtocol?: number } = {},
): Harness {
  const clock = createManualClock();
  const server = createFakeServer({
    now: () => clock.now(),
    ...(options.minProtocol === undefined ? {} : { minProtocol: options.minProtocol }),
  });
  const branchId = server.backend.addBranch('B1', 'Pusat');
  const products: Product[] = [];
  for (let i = 1; i <= (options.products ?? 5); i++) {
    const { version: _v, deleted: _d, ...p } = makeProduct(i);
    products.push(server.backend.putProduct(p));
    if (options.stock !== undefined) server.backend.moveStock(branchId, p.id, options.stock);
  }
  let seed = 1;
  const device = (code: string): FakeDevice => server.backend.addDevice(branchId, code);
  const client = (d: FakeDevice, extra: ClientExtra = {}): SyncClient =>
    createSyncClient({
      serverUrl: 'http://kasir.test',
      token: d.token,
      store: extra.store ?? createMemoryStore(),
      fetch: server.fetch,
      realtime: server.realtime,
      clock,
      timers: clock,
      random: seededRandom(seed++),
      ...extra,
    });
  const startAll = async (...clients: SyncClient[]): Promise<void> => {
    for (const c of clients) await c.start();
    await settle();
  };
  return {
    clock,
    server,
    branchId,
    products,
    device,
    client,
    started: async (d, extra) => {
      const c = client(typeof d === 'string' ? device(d) : d, extra);
      await startAll(c);
      return c;
    },
    startAll,
    settle: () => settle(),
  };
}

import type { Product } from '@kasir/protocol';
import { createSyncClient, type SyncClient, type SyncClientOptions } from '../client/create-sync-client.ts';
import { seededRandom } from '../deps/random.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { FakeDevice } from './fake-backend.ts';
import { createFakeServer, type FakeServer } from './fake-server.ts';
import { makeProduct } from './fixtures.ts';
import { createManualClock, settle, type ManualClock } from './manual-clock.ts';

/** One fake server with a branch, a seeded catalog and a manual clock, for engine tests. */
export interface Harness {
  readonly clock: ManualClock;
  readonly server: FakeServer;
  readonly branchId: string;
  readonly products: Product[];
  device(code: string): FakeDevice;
  client(device: FakeDevice, extra?: Partial<SyncClientOptions> & { store?: DeviceStore }): SyncClient;
  /** Lets promises and queued fake-network work finish. */
  settle(): Promise<void>;
}

export function createHarness(options: { products?: number; stock?: number } = {}): Harness {
  const clock = createManualClock();
  const server = createFakeServer({ now: () => clock.now() });
  const branchId = server.backend.addBranch('B1', 'Pusat');
  const products: Product[] = [];
  for (let i = 1; i <= (options.products ?? 5); i++) {
    const { version: _v, deleted: _d, ...p } = makeProduct(i);
    products.push(server.backend.putProduct(p));
    if (options.stock !== undefined) server.backend.moveStock(branchId, p.id, options.stock);
  }
  let seed = 1;
  return {
    clock,
    server,
    branchId,
    products,
    device: (code) => server.backend.addDevice(branchId, code),
    client: (device, extra = {}) =>
      createSyncClient({
        serverUrl: 'http://kasir.test',
        token: device.token,
        store: extra.store ?? createMemoryStore(),
        fetch: server.fetch,
        realtime: server.realtime,
        clock,
        timers: clock,
        random: seededRandom(seed++),
        ...extra,
      }),
    settle: () => settle(),
  };
}

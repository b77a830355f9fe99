import { createMemoryStore, createSyncClient, type SyncClient } from '@kasir/sync';
import { waitFor } from '@kasir/test-kit';

/**
 * A device running the real sync engine (packages/sync) with the in-memory store: what B1a, B2,
 * B3 and B5 measure on the device side. `realtime: false` leaves Socket.IO out (pull only).
 */
export async function startEngineDevice(opts: {
  serverUrl: string;
  token: string;
  realtime?: boolean;
  pageSize?: number;
}): Promise<SyncClient> {
  const client = createSyncClient({
    serverUrl: opts.serverUrl,
    token: opts.token,
    store: createMemoryStore(),
    ...(opts.realtime === true ? {} : { realtime: null }),
    ...(opts.pageSize === undefined ? {} : { pageSize: opts.pageSize }),
    // The benchmarks drive pulls themselves; keep the fallback timer out of the measurements.
    pullIntervalMs: 3_600_000,
  });
  await client.start();
  return client;
}

/** Resolves when `cond` holds, looking every millisecond (the wait is what is measured). */
export const until = (cond: () => boolean, what: string, timeout = 60_000): Promise<void> =>
  waitFor(cond, { timeout, interval: 1, message: what });

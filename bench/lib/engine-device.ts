import { createMemoryStore, createSyncClient, type SyncClient } from '@kasir/sync';

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

/** Resolves when `cond` holds, checking every millisecond. */
export async function until(cond: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

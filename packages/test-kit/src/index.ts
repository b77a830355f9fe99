/**
 * `@kasir/test-kit`: one way to run Kasir for real in tests, benchmarks and the fault suite.
 * Node only (node:net, child processes, Chromium).
 */

// The server, in this process or as a child process, on a fresh database of either engine.
export {
  KIT_ADMIN_TOKEN,
  startChildProcessServer,
  startInProcessServer,
  type ChildProcessOptions,
  type ChildProcessServer,
  type InProcessServer,
  type LaunchOptions,
  type LaunchedServer,
} from './server/launch-server.ts';
export {
  ENGINES,
  TEST_PG_URL,
  createTestDatabase,
  demoCatalog,
  freePort,
  spawnServer,
  type Engine,
  type ServerProcess,
  type TestDatabase,
  type TestServerOptions,
} from '@kasir/server/testing';

// Setting a shop up through the admin API.
export {
  adminSetup,
  connectAdmin,
  seedBranch,
  type AdminSetup,
  type SeededBranch,
} from './admin/admin-setup.ts';

// Network faults: one proxy, fault hooks on top.
export { pipe, type PipeHooks, type Piped, type Verdict } from './proxy/pipe.ts';
export { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './proxy/fault-proxy.ts';
export { httpFaults, type HttpFaultHooks, type RequestFault, type RequestHead } from './proxy/http-faults.ts';
export { startLinkProxy, type LinkProxy } from './proxy/link-proxy.ts';

// Waiting, cleaning up, selling, reading the server's feed.
export { sleep, waitFor, type WaitOptions } from './wait/wait-for.ts';
export { createCleanup, type Cleanup } from './lifecycle/cleanup.ts';
export { randomSaleDraft, type CashSaleDraft, type PricedProduct } from './sales/random-sale.ts';
export { pullAll, saleCounts } from './feed/pull-all.ts';

// Product pictures: a PNG made in code, and the back office's upload.
export { picturePng, tileImageUrl, uploadProductImage } from './images/product-picture.ts';

// Headless Chromium, and the figures of a run.
export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from './browser/chromium.ts';
export { commit, machine, ms, table, verdict, type Machine } from './report/run-report.ts';
export { machineSpeed, machineSpeedLine, type MachineSpeed } from './report/machine-speed.ts';

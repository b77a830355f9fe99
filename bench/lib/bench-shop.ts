import {
  formatInvoiceNumber,
  newId,
  type Branch,
  type DeviceCreated,
  type Product,
  type SaleInput,
} from '@kasir/protocol';
import {
  demoCatalog,
  startChildProcessServer,
  type AdminSetup,
  type ChildProcessServer,
  type Engine,
} from '@kasir/test-kit';

/**
 * `KASIR_BENCH_CPU_PROF=<dir>` writes a V8 CPU profile of every server process the benchmarks
 * start (Kasir's and PouchDB's), to see where the time goes.
 */
export const PROFILE_ARGS: readonly string[] =
  process.env.KASIR_BENCH_CPU_PROF === undefined
    ? []
    : ['--cpu-prof', `--cpu-prof-dir=${process.env.KASIR_BENCH_CPU_PROF}`];

/**
 * The real server in its own process (as `npm start` runs it) on a fresh SQLite folder or
 * PostgreSQL schema, so the benchmark's clients do not share its event loop.
 */
export const startBenchServer = (engine: Engine): Promise<ChildProcessServer> =>
  startChildProcessServer(engine, {
    nodeArgs: PROFILE_ARGS,
    // B3 and B7 connect 1,000 devices from this one address; the default cap is 256 per address.
    env: { KASIR_MAX_CONNECTIONS_PER_ADDRESS: '5000' },
  });

export interface BenchDevice extends DeviceCreated {
  readonly branchCode: string;
  counter: number;
}

/** `n` devices enrolled in `branch`, each counting its receipts from 1. */
export async function benchDevices(admin: AdminSetup, branch: Branch, n: number): Promise<BenchDevice[]> {
  const out: BenchDevice[] = [];
  for (let i = 0; i < n; i++) {
    const d = await admin.device(branch.id, `Kasir ${i + 1}`);
    out.push({ ...d, branchCode: branch.code, counter: 1 });
  }
  return out;
}

/** A bench's shop: a server process with one branch, its devices and the demo catalog. */
export interface BenchShop {
  readonly server: ChildProcessServer;
  readonly branch: Branch;
  readonly devices: BenchDevice[];
  readonly products: Product[];
}

/**
 * Runs `bench` against a fresh server process on `engine` with branch `code`, `devices` devices
 * and `products` products of the demo catalog (the same ones every run); stops the server after.
 */
export async function withBenchShop<T>(
  engine: Engine,
  shape: { readonly code: string; readonly devices: number; readonly products: number },
  bench: (shop: BenchShop) => Promise<T>,
): Promise<T> {
  const server = await startBenchServer(engine);
  try {
    const branch = await server.admin.branch(shape.code, `Cabang ${shape.code}`);
    const devices = await benchDevices(server.admin, branch, shape.devices);
    const products = await server.admin.products(demoCatalog(shape.products, 7));
    return await bench({ server, branch, devices, products });
  } finally {
    // A CPU profile is written only on a clean exit: SIGTERM first (close() is a kill -9).
    if (PROFILE_ARGS.length > 0) await server.stop();
    await server.close();
  }
}

/** A valid cash sale of `products` (one each) at catalog prices. */
export function benchSale(d: BenchDevice, products: readonly Product[]): SaleInput {
  const total = products.reduce((a, p) => a + p.price, 0);
  return {
    id: newId(),
    invoiceNumber: formatInvoiceNumber({
      branchCode: d.branchCode,
      deviceCode: d.code,
      date: '20261124',
      counter: d.counter++,
    }),
    createdAt: new Date().toISOString(),
    lines: products.map((p) => ({ productId: p.id, quantity: 1, unitPrice: p.price })),
    payments: [{ method: 'cash', amount: total }],
  };
}

/** `POST /api/sales` of `sale` by device `d`; anything but 201 (created) is a failed run. */
export async function postSale(serverUrl: string, d: BenchDevice, sale: SaleInput): Promise<void> {
  const res = await fetch(`${serverUrl}/api/sales`, {
    method: 'POST',
    headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(sale),
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`sale: ${res.status}`);
}

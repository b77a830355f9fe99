import { createAdminClient, unwrap } from '@kasir/admin-client';
import {
  formatInvoiceNumber,
  newId,
  type Branch,
  type DeviceCreated,
  type Permission,
  type Product,
  type ProductInput,
  type SaleInput,
  type StockMovementResult,
} from '@kasir/protocol';
import type { Engine } from '../db/open-database.ts';
import { startServer, type HttpOptions, type RunningServer, type StartOptions } from '../server.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestDevice extends DeviceCreated {
  readonly branch: Branch;
  /** Next receipt counter, as a device would persist it. */
  counter: number;
}

export interface Http {
  status: number;
  body: unknown;
  headers: Headers;
}

/** A real server on a real database, plus the calls tests make of it. */
export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly database: TestDatabase;
  /** Moves the server's clock forward (pairing code expiry, presence). */
  advanceClock(ms: number): void;
  /** The server's clock now. */
  now(): number;
  request(method: string, path: string, opts?: RequestOptions): Promise<Http>;
  admin(method: string, path: string, body?: unknown): Promise<Http>;
  branch(code: string): Promise<Branch>;
  /** A device of `branch`; a till has no permissions unless given (protocol `Permission`). */
  device(branch: Branch, name?: string, permissions?: Permission[]): Promise<TestDevice>;
  products(inputs: ProductInput[]): Promise<Product[]>;
  /** Goods received: `delta` units of `product` into `branch`'s stock (`POST /api/admin/stock`). */
  receive(branch: Branch, product: Product, delta: number): Promise<StockMovementResult>;
  /** A valid cash sale of the given lines at their catalog prices. */
  sale(device: TestDevice, lines: { product: Product; quantity: number }[]): SaleInput;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** A body sent as it is (malformed JSON, another content type, an image's bytes...). */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** One HTTP call of `baseUrl`, answered whatever the status: tests look at statuses and bodies. */
export async function httpRequest(
  baseUrl: string,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<Http> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  // Bytes copied into a plain ArrayBuffer: what fetch takes under the DOM's types too.
  if (opts.raw !== undefined) body = typeof opts.raw === 'string' ? opts.raw : new Uint8Array(opts.raw);
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/**
 * The HTTP hardening (timeouts, caps, CORS, TRUST_PROXY, public pages), a logger, the built cashier
 * app to serve at `/` and the back office at `/admin/`, the devices' limits, the back office's options, and the admin token
 * (default ADMIN_TOKEN).
 */
export type TestServerOptions = HttpOptions &
  Pick<StartOptions, 'logger' | 'pwaDir' | 'adminDir' | 'deviceLimits' | 'backOffice' | 'acquirers'> & {
    readonly adminToken?: string;
  };

/**
 * The real server in this process on a fresh database of `engine`, with a clock tests can move.
 * A locked-out guess waits 50 ms for its 429, not 1 s.
 */
export async function startTestServer(engine: Engine, options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase(engine);
  const adminToken = options.adminToken ?? ADMIN_TOKEN;
  let offset = 0;
  const { adminToken: _token, ...startOptions } = options;
  const server = await startServer({
    lockedGuessDelayMs: 50,
    ...startOptions,
    database: database.options,
    adminToken,
    clock: { now: () => Date.now() + offset },
  });
  const request: TestServer['request'] = (method, path, opts) => httpRequest(server.url, method, path, opts);
  const admin: TestServer['admin'] = (method, path, body) =>
    request(method, path, { token: adminToken, ...(body === undefined ? {} : { body }) });
  const client = createAdminClient({ baseUrl: server.url, token: adminToken });
  return {
    server,
    url: server.url,
    database,
    advanceClock: (ms) => (offset += ms),
    now: () => Date.now() + offset,
    request,
    admin,
    branch: async (code) =>
      unwrap(await client.createBranch({ code, name: `Cabang ${code}` }), 'create branch'),
    async device(branch, name = 'Kasir', permissions) {
      const created = unwrap(
        await client.createDevice({
          branchId: branch.id,
          name,
          ...(permissions === undefined ? {} : { permissions }),
        }),
        'create device',
      );
      return { ...created, branch, counter: 1 };
    },
    products: async (inputs) => unwrap(await client.upsertProducts(inputs), 'upsert products'),
    receive: async (branch, product, delta) =>
      unwrap(
        await client.moveStock({ branchId: branch.id, productId: product.id, delta, reason: 'receive' }),
        'receive stock',
      ),
    sale(device, lines) {
      const total = lines.reduce((a, l) => a + l.product.price * l.quantity, 0);
      const invoiceNumber = formatInvoiceNumber({
        branchCode: device.branch.code,
        deviceCode: device.code,
        date: '20261124',
        counter: device.counter++,
      });
      return {
        id: newId(),
        invoiceNumber,
        createdAt: new Date().toISOString(),
        lines: lines.map((l) => ({
          productId: l.product.id,
          quantity: l.quantity,
          unitPrice: l.product.price,
        })),
        payments: [{ method: 'cash', amount: total }],
      };
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** Products `P0001`... with prices 1,000, 2,000, ... */
export function sampleProducts(n: number, prefix = 'P'): ProductInput[] {
  return Array.from({ length: n }, (_, i) => ({
    sku: `${prefix}${String(i + 1).padStart(4, '0')}`,
    name: `Produk ${i + 1}`,
    price: (i + 1) * 1000,
    barcode: `${prefix}899${String(i + 1).padStart(10, '0')}`,
    category: i % 2 === 0 ? 'Makanan' : 'Minuman',
  }));
}

import {
  formatInvoiceNumber,
  newId,
  type Branch,
  type DeviceCreated,
  type Product,
  type ProductInput,
  type SaleInput,
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
  request(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<Http>;
  admin(method: string, path: string, body?: unknown): Promise<Http>;
  branch(code: string): Promise<Branch>;
  device(branch: Branch, name?: string): Promise<TestDevice>;
  products(inputs: ProductInput[]): Promise<Product[]>;
  /** A valid cash sale of the given lines at their catalog prices. */
  sale(device: TestDevice, lines: { product: Product; quantity: number }[]): SaleInput;
  close(): Promise<void>;
}

/**
 * A test server on a fresh database. `options` sets the HTTP hardening (timeouts, caps, CORS,
 * TRUST_PROXY, public pages), the back office's options and a logger; a locked-out guess waits 50 ms for its 429, not 1 s.
 */
export async function startTestServer(
  engine: Engine,
  options: HttpOptions & Pick<StartOptions, 'logger' | 'backOffice'> = {},
): Promise<TestServer> {
  const database = await createTestDatabase(engine);
  let offset = 0;
  const server = await startServer({
    lockedGuessDelayMs: 50,
    ...options,
    database: database.options,
    adminToken: ADMIN_TOKEN,
    clock: { now: () => Date.now() + offset },
  });
  const request: TestServer['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const admin: TestServer['admin'] = (method, path, body) =>
    request(method, path, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }) });
  const expectStatus = (r: Http, status: number, what: string) => {
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  return {
    server,
    url: server.url,
    database,
    advanceClock: (ms) => (offset += ms),
    now: () => Date.now() + offset,
    request,
    admin,
    async branch(code) {
      const r = await admin('POST', '/api/admin/branches', { code, name: `Cabang ${code}` });
      expectStatus(r, 201, 'create branch');
      return r.body as Branch;
    },
    async device(branch, name = 'Kasir') {
      const r = await admin('POST', '/api/admin/devices', { branchId: branch.id, name });
      expectStatus(r, 201, 'create device');
      return { ...(r.body as DeviceCreated), branch, counter: 1 };
    },
    async products(inputs) {
      const r = await admin('PUT', '/api/admin/products', inputs);
      expectStatus(r, 200, 'upsert products');
      return r.body as Product[];
    },
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
    barcode: `899${String(i + 1).padStart(10, '0')}`,
    category: i % 2 === 0 ? 'Makanan' : 'Minuman',
  }));
}

import { pathToFileURL } from 'node:url';
import { newId, type AdminProductPage, type Branch, type Product } from '@kasir/protocol';
import {
  businessTime,
  demoCatalog,
  openDatabase,
  rebuildSalesSummary,
  testDatabaseOptions,
  type Db,
  type SaleLineTable,
  type SalePaymentTable,
  type SaleTable,
} from '@kasir/server/testing';
import type { SyncClient } from '@kasir/sync';
import type { ChildProcessServer, Engine } from '@kasir/test-kit';
import { sql, type Insertable } from 'kysely';
import { benchDevices, startBenchServer } from './lib/bench-shop.ts';
import { startEngineDevice, until } from './lib/engine-device.ts';
import { nowMs, summarize, timed, type Summary } from './lib/stats.ts';

/** Sizes of one B8 run; issue 11 asks for 1,000,000 sales in 50 branches and 100,000 products. */
export interface B8Size {
  readonly sales: number;
  readonly branches: number;
  readonly products: number;
  /** Business days the sales are spread over, ending today. */
  readonly days: number;
  /** Products imported in the CSV-import measurement. */
  readonly importProducts: number;
  /** Online tills that must receive the import. */
  readonly tills: number;
  readonly runs: number;
}

export const B8_FULL: B8Size = {
  sales: 1_000_000,
  branches: 50,
  products: 100_000,
  days: 30,
  importProducts: 20_000,
  tills: 3,
  runs: 100,
};

/** The small sizes of `npm run bench -- --quick`: a smoke test of the harness, not a measurement. */
export const B8_QUICK: B8Size = {
  sales: 20_000,
  branches: 5,
  products: 5_000,
  days: 10,
  importProducts: 2_000,
  tills: 2,
  runs: 30,
};

export interface B8Result {
  readonly engine: Engine;
  readonly size: B8Size;
  readonly seedMs: number;
  readonly dashboard: Summary;
  readonly salesPage: Summary;
  readonly productSearch: Summary;
  readonly importMs: number;
}

const TZ = 'Asia/Jakarta';

/**
 * An admin call the typed client has no method for (reports, sales, search, import): its JSON, or
 * a throw on anything but 2xx (a failed call is a failed run).
 */
async function adminCall<T>(
  server: ChildProcessServer,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${server.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/**
 * Seeds sales straight into the tables with multi-row INSERTs in big transactions (not through the
 * API, so a million sales take minutes), then builds the summary rows with the same recount the
 * migration uses.
 */
async function seedSales(
  db: Db,
  size: B8Size,
  branches: readonly { readonly id: string; readonly devices: readonly string[] }[],
  products: readonly Product[],
): Promise<void> {
  let seed = 8;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const now = Date.now();
  const span = size.days * 86_400_000;
  const CHUNK = 2_000;
  for (let done = 0; done < size.sales; done += CHUNK) {
    const n = Math.min(CHUNK, size.sales - done);
    const sales: Insertable<SaleTable>[] = [];
    const lines: Insertable<SaleLineTable>[] = [];
    const payments: Insertable<SalePaymentTable>[] = [];
    for (let i = 0; i < n; i++) {
      const b = branches[Math.floor(rand() * branches.length)]!;
      const at = now - Math.floor(rand() * span);
      const id = newId(at);
      const { day, hour } = businessTime(at, TZ);
      let total = 0;
      for (let l = 0; l < 2; l++) {
        const p = products[Math.floor(rand() * products.length)]!;
        const quantity = 1 + Math.floor(rand() * 3);
        const amount = p.price * quantity;
        total += amount;
        lines.push({
          saleId: id,
          lineNo: l,
          productId: p.id,
          quantity,
          unitPrice: p.price,
          discount: 0,
          cartDiscountShare: 0,
          taxRateBp: 1100,
          amount,
        });
      }
      const soldAt = new Date(at).toISOString();
      sales.push({
        id,
        branchId: b.id,
        deviceId: b.devices[Math.floor(rand() * b.devices.length)]!,
        invoiceNumber: `B8-${done + i}`,
        createdAt: soldAt,
        receivedAt: soldAt,
        total,
        tax: Math.round((total * 11) / 111),
        flags: rand() < 0.02 ? '["price_deviation"]' : '[]',
        cashierName: null,
        note: null,
        soldAt,
        businessDay: day,
        businessHour: hour,
      });
      payments.push({
        saleId: id,
        lineNo: 0,
        method: rand() < 0.3 ? 'qris' : 'cash',
        amount: total,
        reference: null,
      });
    }
    await db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < sales.length; i += 500)
        await trx
          .insertInto('sales')
          .values(sales.slice(i, i + 500))
          .execute();
      for (let i = 0; i < lines.length; i += 500)
        await trx
          .insertInto('saleLines')
          .values(lines.slice(i, i + 500))
          .execute();
      for (let i = 0; i < payments.length; i += 500)
        await trx
          .insertInto('salePayments')
          .values(payments.slice(i, i + 500))
          .execute();
    });
  }
  await rebuildSalesSummary(db.kysely.withoutPlugins() as never);
  // As autovacuum leaves a settled database: statistics for the planner, the visibility map for
  // index-only scans. This schema's tables only (the search path): others share the database.
  if (db.engine === 'postgres')
    await sql`vacuum analyze products, stock, sales, sale_lines, sale_payments, sales_summary`.execute(
      db.kysely,
    );
}

async function p95Of(runs: number, call: (i: number) => Promise<unknown>): Promise<Summary> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push((await timed(() => call(i))).ms);
  return summarize(xs);
}

/** B8: the back office on a big shop (issue 11). */
export async function benchBackOffice(
  engine: Engine,
  size: B8Size,
  log: (s: string) => void = () => undefined,
): Promise<B8Result> {
  const server = await startBenchServer(engine);
  try {
    log(`B8 ${engine}: ${size.products} products, ${size.branches} branches`);
    const products = await server.admin.products(demoCatalog(size.products, 7));
    const branches: (Branch & { devices: string[] })[] = [];
    for (let i = 0; i < size.branches; i++) {
      const code = `B${String(i + 1).padStart(3, '0')}`;
      const b = await server.admin.branch(code, `Cabang ${code}`);
      const devices = await benchDevices(server.admin, b, 2);
      branches.push({ ...b, devices: devices.map((d) => d.id) });
    }
    log(`B8 ${engine}: seeding ${size.sales} sales`);
    const options = testDatabaseOptions(engine, server.where);
    const db = openDatabase(options.engine === 'sqlite' ? options : { ...options, poolSize: 2 });
    const seed = await timed(() => seedSales(db, size, branches, products));
    await db.close();

    const get = (path: string) => adminCall(server, 'GET', path);
    const today = businessTime(Date.now(), TZ).day;
    log(`B8 ${engine}: seeded in ${(seed.ms / 1000).toFixed(1)} s; measuring`);
    // The client's keep-alive connection idled through the seeding and the server may have closed
    // it just as it is reused: one warm-up request that may fail once, on a fresh connection.
    await get('/api/auth/me').catch(() => get('/api/auth/me'));
    const dashboard = await p95Of(size.runs, (i) => {
      const b = branches[i % branches.length]!;
      return get(`/api/admin/reports/summary?branchId=${b.id}&from=${today}&to=${today}`);
    });
    const salesPage = await p95Of(size.runs, (i) => {
      const b = branches[i % branches.length]!;
      return get(`/api/admin/sales?branchId=${b.id}&from=${today}&to=${today}&limit=100`);
    });
    const names = demoCatalog(Math.min(size.products, 2_000)).map((p) => p.name.split(' ')[0]!.toLowerCase());
    const terms = [...new Set(names)];
    const queries = [
      (i: number) => `q=${encodeURIComponent(terms[i % terms.length]!)}`,
      (i: number) =>
        `q=DM-${String(1 + ((i * 7919) % size.products))
          .padStart(5, '0')
          .slice(0, 6)}`,
      (i: number) => `q=${products[(i * 104_729) % products.length]!.barcodes[0]!}`,
      () => 'q=tidak-ada-produk-ini',
      (i: number) => `category=${encodeURIComponent(['Minuman', 'Makanan', 'Sembako'][i % 3]!)}`,
    ];
    const productSearch = await p95Of(size.runs, (i) =>
      get(`/api/admin/products?${queries[i % queries.length]!(i)}&limit=50`),
    );

    log(`B8 ${engine}: CSV import of ${size.importProducts} products to ${size.tills} online tills`);
    const tills: SyncClient[] = [];
    for (let i = 0; i < size.tills; i++) {
      const d = (await benchDevices(server.admin, branches[i % branches.length]!, 1))[0]!;
      const c = await startEngineDevice({ serverUrl: server.url, token: d.token, realtime: true });
      await until(() => c.catalog.size === products.length, 'till initial sync', 600_000);
      tills.push(c);
    }
    const rows = demoCatalog(size.importProducts, 99).map((p, i) => ({
      ...p,
      sku: `IMP-${i}`,
      barcode: undefined,
      stock: 10,
    }));
    const t0 = nowMs();
    for (let i = 0; i < rows.length; i += 1_000) {
      await adminCall(server, 'POST', '/api/admin/products/import', {
        branchId: branches[0]!.id,
        rows: rows.slice(i, i + 1_000).map(({ barcode: _b, ...r }) => r),
      });
    }
    const target = products.length + rows.length;
    await until(() => tills.every((c) => c.catalog.size >= target), 'import reached every till', 600_000);
    const importMs = nowMs() - t0;
    for (const c of tills) await c.stop();
    const page = (await adminCall<AdminProductPage>(server, 'GET', '/api/admin/products?q=IMP-1&limit=1'))
      .items;
    if (page.length === 0) throw new Error('B8: imported products not found');
    return { engine, size, seedMs: seed.ms, dashboard, salesPage, productSearch, importMs };
  } finally {
    await server.close();
  }
}

/** `npx tsx bench/b8-back-office.ts --sales 20000 ... [--engine sqlite]`: one B8 run at the given sizes. */
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i < 0 ? d : Number(process.argv[i + 1]);
  };
  const size: B8Size = {
    sales: arg('sales', B8_FULL.sales),
    branches: arg('branches', B8_FULL.branches),
    products: arg('products', B8_FULL.products),
    days: arg('days', B8_FULL.days),
    importProducts: arg('import', B8_FULL.importProducts),
    tills: arg('tills', B8_FULL.tills),
    runs: arg('runs', B8_FULL.runs),
  };
  const only = process.argv.indexOf('--engine');
  const engines: Engine[] = only < 0 ? ['sqlite', 'postgres'] : [process.argv[only + 1] as Engine];
  for (const engine of engines) {
    const r = await benchBackOffice(engine, size, (s) => console.log(`[bench] ${s}`));
    const f = (s: Summary) =>
      `median ${s.median.toFixed(1)} p95 ${s.p95.toFixed(1)} max ${s.max.toFixed(1)} ms`;
    console.log(
      `[B8 ${engine}] seed ${(r.seedMs / 1000).toFixed(1)} s | dashboard ${f(r.dashboard)} | sales page ${f(r.salesPage)} | product search ${f(r.productSearch)} | import ${(r.importMs / 1000).toFixed(2)} s`,
    );
  }
}

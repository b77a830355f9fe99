import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatInvoiceNumber, newId } from '@kasir/protocol';
import memoryAdapter from 'pouchdb-adapter-memory';
import PouchDB, { type Database, type PouchDoc, type ReplicationInfo } from 'pouchdb-node';
import { demoCatalog, spawnServer } from '@kasir/test-kit';
import { PROFILE_ARGS } from '../lib/bench-shop.ts';
import { nowMs, summarize, type Summary } from '../lib/stats.ts';

/**
 * The PouchDB side of `npm run bench:peers`: the same workloads as Kasir's B1a, B2 and B3, run
 * against express-pouchdb 4 + PouchDB 9 on leveldb (its own process, pouch-server.ts), with
 * in-memory PouchDB clients in this process (as Kasir's engine devices use the memory store).
 */
PouchDB.plugin(memoryAdapter);

const SERVER = fileURLToPath(new URL('./pouch-server.ts', import.meta.url));
const BATCH_SIZE = 500;

export interface PouchServer {
  readonly url: string;
  rssMb(): number;
  stop(): Promise<void>;
}

/** Starts express-pouchdb in its own process on a fresh leveldb folder, as Kasir's server is started. */
export async function startPouchServer(): Promise<PouchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kasir-pouch-'));
  const server = await spawnServer({
    script: SERVER,
    readyPath: '/',
    env: { POUCH_DATA_DIR: dir },
    nodeArgs: PROFILE_ARGS,
  });
  return {
    url: server.url,
    rssMb: () => server.rssMb(),
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let memoryDbs = 0;
/** A fresh in-memory PouchDB: a device's local database. */
const memoryDb = (): Database => new PouchDB(`device-${process.pid}-${++memoryDbs}`, { adapter: 'memory' });

/** The demo catalog as PouchDB documents: the fields of Kasir's Product, `_id`/`_rev` for id/version. */
export function productDocs(n: number, seed = 7): PouchDoc[] {
  return demoCatalog(n, seed).map((p) => ({
    _id: newId(),
    sku: p.sku,
    name: p.name,
    price: p.price,
    barcodes: p.barcodes ?? (p.barcode === undefined ? [] : [p.barcode]),
    category: p.category ?? null,
    taxRate: p.taxRate ?? 11,
    active: p.active ?? true,
    deleted: false,
  }));
}

async function bulkLoad(db: Database, docs: readonly PouchDoc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 5000) {
    const res = await db.bulkDocs(docs.slice(i, i + 5000));
    const bad = res.find((r) => r.error !== undefined);
    if (bad !== undefined) throw new Error(`bulkDocs: ${bad.error} ${bad.reason}`);
  }
}

export interface PouchPullResult {
  readonly products: number;
  /** P1 (= B1a): one-shot replication of the catalog to a fresh in-memory PouchDB, ms per run. */
  readonly fullSync: Summary;
  /** P2 (= B2): one-shot incremental replication of 100 changed products, ms per run. */
  readonly incremental: Summary;
  readonly serverRssMb: number;
}

/** P1 and P2: full replication of `n` products to a fresh device, then 100 changed at a time. */
export async function pouchPull(n: number, runs: number): Promise<PouchPullResult> {
  const server = await startPouchServer();
  try {
    const remoteUrl = `${server.url}/catalog`;
    const remote = new PouchDB(remoteUrl);
    const docs = productDocs(n);
    await bulkLoad(remote, docs);
    const full: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A fresh device: from its first request until every product is in its local database.
      const local = memoryDb();
      const t0 = nowMs();
      const r = await PouchDB.replicate(remoteUrl, local, { batch_size: BATCH_SIZE });
      full.push(nowMs() - t0);
      if (r.docs_written !== n) throw new Error(`full replication wrote ${r.docs_written} of ${n}`);
      await local.destroy();
    }
    const local = memoryDb();
    await PouchDB.replicate(remoteUrl, local, { batch_size: BATCH_SIZE });
    const inc: number[] = [];
    for (let i = 0; i < runs * 3; i++) {
      const ids = docs.slice(i * 100, i * 100 + 100).map((d) => d._id);
      const current = await remote.allDocs({ keys: ids, include_docs: true });
      const changed = current.rows.map((row) => ({ ...row.doc!, price: Number(row.doc!.price) + 500 }));
      await bulkLoad(remote, changed);
      const t0 = nowMs();
      const r = await PouchDB.replicate(remoteUrl, local, { batch_size: BATCH_SIZE });
      inc.push(nowMs() - t0);
      if (r.docs_written !== 100) throw new Error(`incremental replication wrote ${r.docs_written} of 100`);
      const seen = await local.get(changed[0]!._id);
      if (seen.price !== changed[0]!.price) throw new Error('the replication missed a change');
    }
    const serverRssMb = server.rssMb();
    await local.destroy();
    await remote.close();
    return { products: n, fullSync: summarize(full), incremental: summarize(inc), serverRssMb };
  } finally {
    await server.stop();
  }
}

/**
 * How a device of P3 follows the branch: `replication` = a live pull replication into its own
 * in-memory PouchDB (it has the sale locally, as a Kasir device does); `changes` = a live changes
 * feed with include_docs on the server database (it has been told, nothing stored).
 */
export type FanoutMode = 'replication' | 'changes';

export interface PouchFanoutResult {
  readonly mode: FanoutMode;
  readonly devices: number;
  /** From the start of device A's write until the last of N devices has the sale, ms. */
  readonly allHaveIt: Summary;
  readonly serverRssMb: number;
}

function saleDoc(counter: number, product: PouchDoc): PouchDoc {
  const price = Number(product.price);
  return {
    _id: newId(),
    type: 'sale',
    invoiceNumber: formatInvoiceNumber({ branchCode: 'B3', deviceCode: 'K01', date: '20261124', counter }),
    createdAt: new Date().toISOString(),
    lines: [{ productId: product._id, quantity: 1, unitPrice: price }],
    payments: [{ method: 'cash', amount: price }],
  };
}

/**
 * P3 (= B3): N devices follow the branch database live; device A writes a sale through the server
 * every 100 ms; time from the start of A's write until every one of the N devices has it.
 */
export async function pouchFanout(n: number, sales: number, mode: FanoutMode): Promise<PouchFanoutResult> {
  const server = await startPouchServer();
  const cancels: (() => void)[] = [];
  const locals: Database[] = [];
  try {
    const branchUrl = `${server.url}/branch`;
    const seller = new PouchDB(branchUrl);
    await seller.info(); // creates the database
    const products = productDocs(50);
    const arrivals = new Map<string, number[]>();
    const arrived = (id: string) => arrivals.get(id)?.push(nowMs());
    let ready = 0;
    const errors: unknown[] = [];
    for (let i = 0; i < n; i++) {
      if (mode === 'replication') {
        const local = memoryDb();
        locals.push(local);
        const rep = PouchDB.replicate(branchUrl, local, { live: true, retry: true, batch_size: BATCH_SIZE });
        let first = true;
        rep.on('change', (info: ReplicationInfo) => info.docs?.forEach((d) => arrived(d._id)));
        rep.on('error', (e) => errors.push(e));
        rep.on('paused', () => {
          if (first) ready++;
          first = false;
        });
        cancels.push(() => rep.cancel());
      } else {
        const feed = new PouchDB(branchUrl).changes({ since: 'now', live: true, include_docs: true });
        feed.on('change', (row) => arrived(row.id));
        feed.on('error', (e) => errors.push(e));
        cancels.push(() => feed.cancel());
        ready++;
      }
    }
    const readyBy = nowMs() + 60_000;
    while (ready < n && nowMs() < readyBy) await new Promise((r) => setTimeout(r, 10));
    if (ready < n) throw new Error(`only ${ready} of ${n} devices are following the branch`);
    // Let every live feed settle into its long poll before the first sale.
    await new Promise((r) => setTimeout(r, 500));
    const times: number[] = [];
    for (let i = 0; i < sales; i++) {
      const sale = saleDoc(i + 1, products[i % products.length]!);
      arrivals.set(sale._id, []);
      const t0 = nowMs();
      const res = await seller.put(sale);
      if (res.ok !== true) throw new Error(`sale: ${JSON.stringify(res)}`);
      const deadline = nowMs() + 30_000;
      while (arrivals.get(sale._id)!.length < n && nowMs() < deadline)
        await new Promise((r) => setTimeout(r, 1));
      const got = arrivals.get(sale._id)!;
      if (got.length < n) {
        const first =
          errors[0] === undefined
            ? ''
            : `; ${errors.length} feed errors, first: ${errors[0] instanceof Error ? errors[0].message : JSON.stringify(errors[0])}`;
        throw new Error(
          `only ${got.length} of ${n} devices got the sale within 30 s (sale ${i + 1})${first}`,
        );
      }
      times.push(Math.max(...got) - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { mode, devices: n, allHaveIt: summarize(times), serverRssMb: server.rssMb() };
  } finally {
    cancels.forEach((c) => c());
    await Promise.all(locals.map((l) => l.destroy()));
    await server.stop();
  }
}

import { newId, type Product, type SaleInput } from '@kasir/protocol';
import { sql } from 'kysely';
import { RetentionJob, type Db, type Engine } from '@kasir/server';
import { demoCatalog, startTestServer, type TestServer } from '@kasir/server/testing';

/**
 * Disk per sale before and after retention (docs/deploy.md "Retention"): seeds `--sales N` sales
 * (default 2,000; 1-5 lines each, cash or card) through `POST /api/sync/push`, moves the clock past
 * the retention, runs it, and prints what a sale costs in `mutations` and in the feed (`changes`):
 * the stored text, and the tables' size on disk after VACUUM (SQLite: dbstat; PostgreSQL:
 * pg_total_relation_size, indexes included). `--engine sqlite|postgres` (default both).
 * Run: `npx tsx bench/retention-size.ts`.
 */
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const SALES = Number(arg('sales') ?? 2000);
const engines: Engine[] = arg('engine') === undefined ? ['sqlite', 'postgres'] : [arg('engine') as Engine];
const DAY = 86_400_000;

let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

function saleOf(
  t: TestServer,
  d: Parameters<TestServer['sale']>[0],
  products: readonly Product[],
): SaleInput {
  const picked = Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({
    product: products[Math.floor(random() * products.length)]!,
    quantity: 1 + Math.floor(random() * 3),
  }));
  const sale = t.sale(d, picked);
  const total = sale.payments[0]!.amount;
  return {
    ...sale,
    createdAt: new Date(t.now()).toISOString(),
    payments:
      random() < 0.3
        ? [
            {
              method: 'card',
              amount: total,
              reference: `EDC-${newId().slice(-6)}`,
              approvalCode: 'A1B2C3',
              cardLast4: '4242',
            },
          ]
        : sale.payments,
  };
}

interface Sizes {
  readonly mutationText: number;
  readonly mutationDisk: number;
  readonly feedText: number;
  readonly feedDisk: number;
  readonly feedRows: number;
}

async function sizes(db: Db): Promise<Sizes> {
  const text = await db.kysely
    .selectFrom('mutations')
    .select(sql<number>`sum(length(response))`.as('n'))
    .where('type', '=', 'sale.create')
    .executeTakeFirstOrThrow();
  const feed = await db.kysely
    .selectFrom('changes')
    .select([sql<number>`coalesce(sum(length(payload)), 0)`.as('n'), sql<number>`count(*)`.as('rows')])
    .where('kind', '=', 'sale')
    .executeTakeFirstOrThrow();
  return {
    mutationText: Number(text.n),
    mutationDisk: await tableDisk(db, 'mutations'),
    feedText: Number(feed.n),
    feedDisk: await tableDisk(db, 'changes'),
    feedRows: Number(feed.rows),
  };
}

/** A table's bytes on disk with its indexes, after VACUUM gave back what deleted rows held. */
async function tableDisk(db: Db, table: string): Promise<number> {
  if (db.engine === 'sqlite') {
    await sql`vacuum`.execute(db.kysely);
    const { rows } = await sql<{ n: number }>`select sum(pgsize) as n from dbstat where name = ${table}
      or name in (select name from sqlite_master where type = 'index' and tbl_name = ${table})`.execute(
      db.kysely,
    );
    return Number(rows[0]?.n ?? 0);
  }
  await sql`vacuum full ${sql.table(table)}`.execute(db.kysely);
  const { rows } = await sql<{ n: number }>`select pg_total_relation_size(${table}::regclass) as n`.execute(
    db.kysely,
  );
  return Number(rows[0]?.n ?? 0);
}

async function measure(engine: Engine): Promise<void> {
  const t = await startTestServer(engine);
  try {
    const d = await t.device(await t.branch('RET'));
    const products = await t.products(demoCatalog(50, 7));
    for (let sent = 0; sent < SALES; sent += 100) {
      const batch = Array.from({ length: Math.min(100, SALES - sent) }, () => saleOf(t, d, products));
      const r = await t.request('POST', '/api/sync/push', {
        token: d.token,
        body: { mutations: batch.map((s) => ({ id: s.id, type: 'sale.create', payload: s })) },
      });
      if (r.status !== 200) throw new Error(`push: ${r.status}`);
    }
    const before = await sizes(t.server.db);
    t.advanceClock(91 * DAY);
    const run = await new RetentionJob({
      db: t.server.db,
      settings: { mutationDays: 90, feedDays: 90, intervalMs: 0 },
      now: () => t.now(),
      log: { info: () => undefined, warn: () => undefined },
    }).runOnce();
    const after = await sizes(t.server.db);
    const per = (n: number) => Math.round(n / SALES);
    console.log(
      `\n${engine}: ${SALES} sales; retention run ${run.ms} ms, ${run.compacted} compacted, ${run.keptWhole} kept whole, ${run.feedDeleted} feed rows deleted`,
    );
    console.log('| bytes per sale | before | after |');
    console.log('| --- | ---: | ---: |');
    console.log(
      `| \`mutations\` stored outcome (text) | ${per(before.mutationText)} | ${per(after.mutationText)} |`,
    );
    console.log(
      `| \`mutations\` on disk, with indexes | ${per(before.mutationDisk)} | ${per(after.mutationDisk)} |`,
    );
    console.log(`| feed sale row (text) | ${per(before.feedText)} | ${per(after.feedText)} |`);
    console.log(`| \`changes\` on disk, with indexes | ${per(before.feedDisk)} | ${per(after.feedDisk)} |`);
  } finally {
    await t.close();
  }
}

for (const engine of engines) await measure(engine);

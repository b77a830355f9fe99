import type { Product, Sale, SaleInput } from '@kasir/protocol';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticateDevice } from '../auth/principal.ts';
import type { Db, Engine } from '../db/open-database.ts';
import { payloadHash } from '../feed/idempotency.ts';
import type { Handled } from '../feed/mutation-handler.ts';
import { createWrites } from '../sync/apply-mutation.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** Counts the statements Kysely builds (BEGIN and COMMIT are the driver's, not counted). */
class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/**
 * A branch's sales sharing one group commit (issue 18): a fixed number of statements whatever the
 * batch holds, and every guarantee of one sale alone (S3 within and across batches, S9, S5, S7).
 */
export function saleBatchContract(engine: Engine): void {
  describe(`sales in one group commit [${engine}]`, () => {
    const t = useTestServer(engine);
    let products: Product[];
    let devices: TestDevice[];
    let other: TestDevice;
    beforeAll(async () => {
      products = await t.products(sampleProducts(30));
      const branch = await t.branch('G');
      devices = [];
      for (let i = 0; i < 8; i++) devices.push(await t.device(branch, `Kasir ${i + 1}`));
      other = await t.device(await t.branch('H'));
    });

    /** The server's group committer over a database whose statements are counted. */
    function counted() {
      const counter = new StatementCounter();
      const db: Db = { ...t.server.db, kysely: t.server.db.kysely.withPlugin(counter) };
      return { writes: createWrites(db), counter };
    }

    async function job(dev: TestDevice, sale: SaleInput) {
      const who = await authenticateDevice(t.server.db, dev.token);
      return {
        type: 'sale.create' as const,
        job: {
          who: who!,
          mutationId: sale.id,
          payload: sale,
          hash: payloadHash(sale),
          now: new Date().toISOString(),
        },
      };
    }

    /** Submits every job in the same tick, so they share one group commit per branch. */
    async function submit(writes: ReturnType<typeof createWrites>, jobs: Awaited<ReturnType<typeof job>>[]) {
      return Promise.all(jobs.map((j) => writes.bulk(j.job.who.branchId, j)));
    }

    const sell = (dev: TestDevice, k: number) =>
      t.sale(dev, [
        { product: products[k % products.length]!, quantity: 1 },
        { product: products[(k + 7) % products.length]!, quantity: 2 },
      ]);

    async function countRows(
      table: 'sales' | 'mutations' | 'stockMovements',
      column: 'id' | 'refId',
      ids: string[],
    ) {
      const rows = await t.server.db.kysely
        .selectFrom(table)
        .select(column)
        .where(column, 'in', ids)
        .execute();
      return rows.length;
    }

    it('a batch of 40 sales from 8 devices costs the statements of a batch of 1', async () => {
      const one = counted();
      await submit(one.writes, [await job(devices[0]!, sell(devices[0]!, 0))]);
      const many = counted();
      const jobs: Awaited<ReturnType<typeof job>>[] = [];
      for (let k = 0; k < 40; k++) jobs.push(await job(devices[k % 8]!, sell(devices[k % 8]!, k)));
      const results = await submit(many.writes, jobs);
      expect(results.every((r) => r.outcome.status === 'accepted')).toBe(true);
      expect(many.counter.count).toBe(one.counter.count);
      // Reads, lock, stock, movements, sales, device counters, lines, payments, outcomes,
      // summaries, positions, feed rows: built as 12; on PostgreSQL the last 9 are sent as one
      // statement (db/execute-together.ts, whose own test counts what it sends).
      expect(many.counter.count).toBe(12);
      // Each device's highest receipt counter is kept, from the one statement for all of them.
      const rows = await t.server.db.kysely
        .selectFrom('devices')
        .select(['id', 'invoiceCounter'])
        .where(
          'id',
          'in',
          devices.map((d) => d.id),
        )
        .execute();
      for (const d of devices) {
        expect(rows.find((r) => r.id === d.id)?.invoiceCounter).toBe(d.counter - 1);
      }
    });

    it('S3: the same mutation id twice in one batch is applied once; the repeat answers its result', async () => {
      const { writes } = counted();
      const dev = devices[1]!;
      const sale = sell(dev, 3);
      const [first, second] = await submit(writes, [await job(dev, sale), await job(dev, sale)]);
      expect(first!.outcome.status).toBe('accepted');
      expect(second!.outcome).toEqual({
        status: 'duplicate',
        result: (first!.outcome as { result: Sale }).result,
      });
      expect(second!.changes).toEqual([]);
      expect(await countRows('sales', 'id', [sale.id])).toBe(1);
      expect(await countRows('mutations', 'id', [sale.id])).toBe(1);
      expect(await countRows('stockMovements', 'refId', [sale.id])).toBe(2);
      // Once more in a later batch: the stored outcome.
      const [again] = await submit(counted().writes, [await job(dev, sale)]);
      expect(again!.outcome.status).toBe('duplicate');
    });

    it('S3/S9: accepted, replayed, refused and mismatched sales in one batch each get their own answer, in one go', async () => {
      const dev = devices[2]!;
      const stored = sell(dev, 5);
      await submit(counted().writes, [await job(dev, stored)]);
      const fresh = sell(dev, 6);
      const unknown = {
        ...sell(dev, 7),
        lines: [{ productId: 'no-such-product', quantity: 1, unitPrice: 1000 }],
      };
      const badSum = { ...sell(dev, 8), payments: [{ method: 'qris' as const, amount: 1 }] };
      const later = sell(dev, 9);
      const { writes, counter } = counted();
      const results: Handled[] = await submit(writes, [
        await job(dev, fresh),
        await job(dev, stored),
        await job(dev, unknown),
        await job(dev, { ...stored, note: 'another payload' }),
        await job(dev, badSum),
        await job(dev, fresh),
        await job(dev, later),
      ]);
      expect(results.map((r) => r.outcome.status)).toEqual([
        'accepted',
        'duplicate',
        'rejected',
        'rejected',
        'rejected',
        'duplicate',
        'accepted',
      ]);
      expect(results[2]!.outcome).toMatchObject({ code: 'unknown_product' });
      expect(results[3]!.outcome).toMatchObject({ code: 'idempotency_conflict' });
      // The refusals did not send the batch down the careful path (savepoints): one attempt.
      expect(counter.count).toBeLessThanOrEqual(12);
      expect(await countRows('mutations', 'id', [unknown.id, badSum.id])).toBe(0);
      expect(await countRows('sales', 'id', [fresh.id, later.id, unknown.id, badSum.id])).toBe(2);
    });

    it('S5/S13: sales of two branches submitted together land in their own feeds, positions contiguous', async () => {
      const { writes } = counted();
      const head = async (branchId: string) =>
        (
          await t.server.db.kysely
            .selectFrom('counters')
            .select('value')
            .where('scope', '=', `branch:${branchId}`)
            .executeTakeFirstOrThrow()
        ).value;
      const g = devices[3]!;
      const [gBefore, hBefore] = [await head(g.branch.id), await head(other.branch.id)];
      const jobs: Awaited<ReturnType<typeof job>>[] = [];
      for (let k = 0; k < 6; k++) {
        const dev = k % 2 === 0 ? g : other;
        jobs.push(await job(dev, sell(dev, k)));
      }
      const results = await submit(writes, jobs);
      expect(results.every((r) => r.outcome.status === 'accepted')).toBe(true);
      for (const [dev, before] of [
        [g, gBefore],
        [other, hBefore],
      ] as const) {
        const seqs = results
          .filter((_, i) => jobs[i]!.job.who.branchId === dev.branch.id)
          .flatMap((r) => r.changes.map((c) => c.seq))
          .sort((x, y) => x - y);
        const after = await head(dev.branch.id);
        expect(seqs).toEqual(Array.from({ length: after - before }, (_, i) => before + 1 + i));
        const saleChanges = results
          .filter((_, i) => jobs[i]!.job.who.branchId === dev.branch.id)
          .flatMap((r) => r.changes.filter((c) => c.kind === 'sale'));
        expect(saleChanges).toHaveLength(3);
      }
    });

    it('S7: a batch that takes stock below zero is recorded and flagged, never refused', async () => {
      const dev = devices[4]!;
      const p = products[20]!;
      const sales = [0, 1, 2].map(() => t.sale(dev, [{ product: p, quantity: 1_000 }]));
      const results = await submit(counted().writes, await Promise.all(sales.map((s) => job(dev, s))));
      expect(results.map((r) => r.outcome.status)).toEqual(['accepted', 'accepted', 'accepted']);
      for (const r of results)
        expect((r.outcome as { result: Sale }).result.flags).toContain('negative_stock');
    });
  });
}

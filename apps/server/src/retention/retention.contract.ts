import type { Change, Product, PushResponse, SaleInput } from '@kasir/protocol';
import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { branchScope } from '../feed/feed.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { pullAll } from '../sync/sync-api.contract.ts';
import { COMPACTED } from './compacted-outcomes.ts';
import { RetentionJob, type RetentionJobOptions, type RetentionSettings } from './retention-job.ts';

const DAY = 86_400_000;
const quiet = { info: () => undefined, warn: () => undefined };

/**
 * Retention (issue 18 item 3; docs/deploy.md "Retention"): old sale outcomes compacted, old sale
 * rows pruned from the feed, and neither exactly-once (S3) nor a device's catch-up (S5) affected.
 */
export function retentionContract(engine: Engine): void {
  describe(`retention [${engine}]`, () => {
    const t = useTestServer(engine);
    let products: Product[];
    beforeAll(async () => {
      products = await t.products(sampleProducts(3, 'RET'));
    });

    const job = (settings: Partial<RetentionSettings> = {}, extra: Partial<RetentionJobOptions> = {}) =>
      new RetentionJob({
        db: t.server.db,
        settings: { mutationDays: 90, feedDays: 90, intervalMs: 0, batchSize: 2, pauseMs: 0, ...settings },
        now: () => t.now(),
        log: quiet,
        ...extra,
      });
    /** A sale made now by the server's clock (the test helper's device time is the real clock). */
    const saleOf = (d: TestDevice, quantity = 1): SaleInput => ({
      ...t.sale(d, [{ product: products[0]!, quantity }]),
      createdAt: new Date(t.now()).toISOString(),
    });
    const sell = async (d: TestDevice, sale = saleOf(d)): Promise<unknown> => {
      const r = await t.request('POST', '/api/sales', { token: d.token, body: sale });
      expect(r.status).toBe(201);
      return r.body;
    };
    const mutationRow = (id: string) =>
      t.server.db.kysely
        .selectFrom('mutations')
        .select(['status', 'response'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const count = async (table: 'sales' | 'mutations' | 'stockMovements') =>
      Number(
        (
          await t.server.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const feedRows = async (scope: string) =>
      (
        await t.server.db.kysely
          .selectFrom('changes')
          .select(['kind', 'entityId'])
          .where('scope', '=', scope)
          .orderBy('seq')
          .execute()
      ).map((r) => `${r.kind}:${r.entityId}`);

    it('a replay of a compacted sale is a duplicate with the same body, inserts nothing, and another payload is still refused', async () => {
      const d = await t.device(await t.branch('RTA'));
      // A sale with everything a receipt carries: line and cart discounts, a card with its slip, cash.
      const rich: SaleInput = {
        ...saleOf(d),
        lines: [
          { productId: products[0]!.id, quantity: 3, unitPrice: products[0]!.price, discount: 500 },
          { productId: products[1]!.id, quantity: 1, unitPrice: products[1]!.price },
        ],
        discount: 700,
        payments: [
          { method: 'card', amount: 3000, reference: 'EDC-1', approvalCode: 'A1B2C3', cardLast4: '4242' },
          { method: 'cash', amount: 10_000 },
        ],
        note: 'pelanggan tetap',
      };
      const first = await sell(d, rich);
      const pushed = saleOf(d, 2);
      const push = (body: SaleInput) =>
        t.request('POST', '/api/sync/push', {
          token: d.token,
          body: { mutations: [{ id: body.id, type: 'sale.create', payload: body }] },
        });
      const firstPush = ((await push(pushed)).body as PushResponse).results[0]!;
      expect(firstPush.status).toBe('accepted');
      const detail = await t.admin('GET', `/api/admin/sales/${rich.id}`);
      expect(detail.status).toBe(200);
      const whole = await mutationRow(rich.id);

      t.advanceClock(91 * DAY);
      const recent = saleOf(d);
      await sell(d, recent);
      const run = await job().runOnce();
      expect(run.compacted).toBeGreaterThanOrEqual(2);
      const compacted = await mutationRow(rich.id);
      expect(compacted.status).toBe(COMPACTED);
      expect(compacted.response.length * 4).toBeLessThan(whole.response.length);
      expect((await mutationRow(pushed.id)).status).toBe(COMPACTED);
      // Within the retention: whole.
      expect(await mutationRow(recent.id)).toMatchObject({ status: 'accepted' });

      const before = {
        sales: await count('sales'),
        mutations: await count('mutations'),
        moves: await count('stockMovements'),
      };
      const again = await t.request('POST', '/api/sales', { token: d.token, body: rich });
      expect(again.status).toBe(200);
      // Byte for byte: the parsed bodies keep the key order of the texts.
      expect(JSON.stringify(again.body)).toBe(JSON.stringify(first));
      expect(JSON.stringify(again.body)).toBe(whole.response);
      const replayed = ((await push(pushed)).body as PushResponse).results[0]!;
      expect(replayed).toEqual({ ...firstPush, status: 'duplicate' });
      expect({
        sales: await count('sales'),
        mutations: await count('mutations'),
        moves: await count('stockMovements'),
      }).toEqual(before);

      const changed = { ...rich, note: 'lain' };
      expect((await t.request('POST', '/api/sales', { token: d.token, body: changed })).status).toBe(409);
      expect(await t.admin('GET', `/api/admin/sales/${rich.id}`)).toMatchObject({
        status: 200,
        body: detail.body,
      });
      // Idempotent: a second run finds nothing more to compact.
      expect((await job().runOnce()).compacted).toBe(0);
    });

    it('prunes old sale rows from the feed and never the newest change of any other entity', async () => {
      const branch = await t.branch('RTB');
      const d = await t.device(branch);
      await t.receive(branch, products[2]!, 50);
      const oldSales = [saleOf(d), saleOf(d), saleOf(d)];
      for (const s of oldSales) await sell(d, s);
      t.advanceClock(91 * DAY);
      const recent = saleOf(d);
      await sell(d, recent);
      const scope = branchScope(branch.id);
      const before = await feedRows(scope);
      const run = await job().runOnce();
      expect(run.feedDeleted).toBeGreaterThanOrEqual(oldSales.length);
      const after = await feedRows(scope);
      const oldKeys = new Set(oldSales.map((s) => `sale:${s.id}`));
      expect(after).toEqual(before.filter((k) => !oldKeys.has(k)));
      expect(after).toContain(`sale:${recent.id}`);
      expect(after).toContain(`stock:${products[0]!.id}`);
      expect(after).toContain(`stock:${products[2]!.id}`);
      // The sales themselves stay on the server (back office, reports).
      expect((await t.admin('GET', `/api/admin/sales/${oldSales[0]!.id}`)).status).toBe(200);
    });

    it('a device catching up from an old cursor after pruning ends equal to a fresh device', async () => {
      const branch = await t.branch('RTC');
      const seller = await t.device(branch, 'Kasir 1');
      const late = await t.device(branch, 'Kasir 2');
      await t.receive(branch, products[0]!, 100);
      await sell(seller);
      const start = await pullAll(t, late.token);
      // While the late device is away: sales, a price change, stock received, months pass.
      await sell(seller);
      await t.products([{ ...sampleProducts(3, 'RET')[1]!, price: 2500 }]);
      await sell(seller, saleOf(seller, 3));
      t.advanceClock(100 * DAY);
      await sell(seller);
      await t.receive(branch, products[1]!, 7);
      const catchUpUnpruned = await pullAll(t, late.token, start.cursor);

      const scope = branchScope(branch.id);
      const rowsBefore = (await feedRows(scope)).length;
      await job().runOnce();
      expect((await feedRows(scope)).length).toBeLessThan(rowsBefore - 2);

      const catchUp = await pullAll(t, late.token, start.cursor);
      const fresh = await pullAll(t, late.token);
      // Pruning took nothing a pull sends: the catch-up is what it was before.
      expect(catchUp.changes).toEqual(catchUpUnpruned.changes);
      expect(catchUp.cursor).toBe(fresh.cursor);
      const since = new Date(t.now() - 7 * DAY).toISOString();
      // The device keeps other devices' sales of its window (its own daily prune drops older ones).
      const lateState = windowed(apply(apply(new Map(), start.changes), catchUp.changes), since);
      const freshState = windowed(apply(new Map(), fresh.changes), since);
      expect(lateState.size).toBeGreaterThan(3);
      expect(lateState).toEqual(freshState);
    });

    it('two processes running retention at once do the work once', async () => {
      const d = await t.device(await t.branch('RTD'));
      // Earlier tests' recent sales out of the way first: this run counts only the sales below.
      t.advanceClock(91 * DAY);
      await job().runOnce();
      const sales = Array.from({ length: 7 }, () => saleOf(d));
      for (const s of sales) await sell(d, s);
      t.advanceClock(91 * DAY);
      const [one, two] = await Promise.all([job().runOnce(), job({ batchSize: 3 }).runOnce()]);
      expect(one.compacted + two.compacted).toBe(sales.length);
      expect(one.feedDeleted + two.feedDeleted).toBe(sales.length);
      for (const s of sales) expect((await mutationRow(s.id)).status).toBe(COMPACTED);
    });

    it('reports each run in one log line and in the metrics', async () => {
      const d = await t.device(await t.branch('RTE'));
      t.advanceClock(91 * DAY);
      await job().runOnce();
      await sell(d);
      await sell(d);
      t.advanceClock(91 * DAY);
      const registry = new Registry();
      const lines: { obj: object; msg: string }[] = [];
      const log = { info: (obj: object, msg: string) => lines.push({ obj, msg }), warn: quiet.warn };
      await job({}, { registry, log }).runOnce();
      expect(lines).toEqual([
        { msg: 'retention run', obj: expect.objectContaining({ compacted: 2, feedDeleted: 2 }) as object },
      ]);
      const text = await registry.metrics();
      expect(text).toContain('kasir_retention_rows_total{table="mutations",action="compacted"} 2');
      expect(text).toContain('kasir_retention_rows_total{table="changes",action="deleted"} 2');
      expect(text).toMatch(/kasir_retention_last_run_timestamp_seconds \d/);
    });
  });
}

/** A device's view of the feed: the newest data per entity, in the order changes arrive. */
function apply(state: Map<string, unknown>, changes: readonly Change[]): Map<string, unknown> {
  for (const c of changes) {
    const data = c.data as { id?: string; productId?: string; branchId?: string };
    state.set(`${c.kind}:${data.id ?? data.productId ?? data.branchId ?? ''}`, c.data);
  }
  return state;
}

/** Without other devices' sales received before `since`. */
function windowed(state: Map<string, unknown>, since: string): Map<string, unknown> {
  return new Map(
    [...state].filter(
      ([k, v]) => !k.startsWith('sale:') || (v as { receivedAt: string }).receivedAt >= since,
    ),
  );
}

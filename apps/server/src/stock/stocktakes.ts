import type {
  Stocktake,
  StocktakeCloseInput,
  StocktakeCountInput,
  StocktakeDetail,
  StocktakeLine,
  StocktakeOpenInput,
} from '@kasir/protocol';
import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { branchScope, recordChanges } from '../feed/feed.ts';
import { IDEMPOTENCY_MISMATCH, payloadHash } from '../feed/idempotency.ts';
import type { Handled, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, rejected, type FirstOutcome } from '../feed/outcome.ts';
import { branchExists, unknownProducts, type Operator } from './operator.ts';
import { moveStock } from './stock-mutations.ts';

/**
 * Stocktakes (stock opname, issue 12; docs/stock-operations.md "Stocktake"). A person opens one
 * for a branch; tills send count lines, each "found q more of product p, while p's stock version on
 * this till was v"; closing posts, per product, counted − expected as one `count` movement.
 *
 * - Lines add up, across devices and on one device (shelves are split between counters, and a sum
 *   never loses a till's line whatever order they sync in; "the later count replaces" would need
 *   the device clock to say which is later, S4). A correction is a negative line.
 * - expected = on-hand at the ledger position of the product's first count line: the current
 *   on-hand minus every movement after that version. Sales made while counting are thus not
 *   variances: they stay in the ledger, and the adjustment is a delta on top of them.
 */

const Categories = z.array(z.string()).nullable();

type Db = Transaction<Database>;

function stocktakeOf(r: {
  id: string;
  branchId: string;
  status: string;
  categories: string | null;
  note: string | null;
  openedAt: string;
  closedAt: string | null;
}): Stocktake {
  return {
    id: r.id,
    branchId: r.branchId,
    status: r.status === 'open' ? 'open' : 'closed',
    categories: r.categories === null ? null : Categories.parse(JSON.parse(r.categories)),
    note: r.note,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
  };
}

export async function loadStocktake(trx: Db, id: string): Promise<Stocktake | undefined> {
  const r = await trx.selectFrom('stocktakes').selectAll().where('id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : stocktakeOf(r);
}

type StocktakeHandled = Handled<Stocktake, FirstOutcome<Stocktake>>;

/** Opens a stocktake; a branch has at most one open. The same id again replays (S3). */
export async function openStocktake(
  trx: Db,
  who: Operator,
  input: StocktakeOpenInput,
  now: string,
): Promise<StocktakeHandled> {
  const hash = payloadHash(input);
  const prior = await trx.selectFrom('stocktakes').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (prior !== undefined) {
    if (prior.payloadHash !== hash) return { outcome: IDEMPOTENCY_MISMATCH, changes: [] };
    return { outcome: accepted(stocktakeOf(prior)), changes: [] };
  }
  if (!(await branchExists(trx, input.branchId))) {
    return { outcome: rejected('unknown_branch', `unknown branch ${input.branchId}`), changes: [] };
  }
  const open = await trx
    .selectFrom('stocktakes')
    .select('id')
    .where('branchId', '=', input.branchId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open !== undefined) {
    return {
      outcome: rejected('already_exists', 'this branch has an open stocktake', { stocktakeId: open.id }),
      changes: [],
    };
  }
  await trx
    .insertInto('stocktakes')
    .values({
      id: input.id,
      branchId: input.branchId,
      status: 'open',
      categories: input.categories === undefined ? null : JSON.stringify(input.categories),
      note: input.note ?? null,
      payloadHash: hash,
      openedAt: now,
      openedBy: who.actor,
      closedAt: null,
      closedBy: null,
    })
    .execute();
  const st = (await loadStocktake(trx, input.id))!;
  const changes = await recordChanges(trx, branchScope(st.branchId), [
    { kind: 'stocktake' as const, entityId: st.id, data: st },
  ]);
  return { outcome: accepted(st), changes };
}

type CountResult = { stocktakeId: string; productId: string; counted: boolean };

/**
 * A count line from a till. Never refused for arriving late (the counting happened): a line of a
 * closed stocktake is kept, marked late, and not applied.
 */
export async function countForStocktake(
  trx: Db,
  who: Operator & { branchId: string },
  lineId: string,
  input: StocktakeCountInput,
  now: string,
): Promise<Handled<CountResult, FirstOutcome<CountResult>>> {
  const st = await loadStocktake(trx, input.stocktakeId);
  if (st === undefined || st.branchId !== who.branchId) {
    return { outcome: rejected('not_found', `unknown stocktake ${input.stocktakeId}`), changes: [] };
  }
  const refused = await unknownProducts(trx, [input.productId]);
  if (refused !== undefined) return { outcome: refused, changes: [] };
  const late = st.status !== 'open';
  await trx
    .insertInto('stocktakeCounts')
    .values({
      id: lineId,
      stocktakeId: st.id,
      productId: input.productId,
      deviceId: who.deviceId,
      quantity: input.quantity,
      baseVersion: input.baseVersion,
      late: late ? 1 : 0,
      createdAt: now,
    })
    .execute();
  return {
    outcome: accepted({ stocktakeId: st.id, productId: input.productId, counted: !late }),
    changes: [],
  };
}

interface Computed {
  readonly productId: string;
  readonly counted: number;
  readonly expected: number;
  readonly onHand: number;
}

/** Counted vs expected for every product with a count line, from the ledger as it is now. */
async function computeLines(trx: Db, st: Stocktake): Promise<Computed[]> {
  const counts = await trx
    .selectFrom('stocktakeCounts')
    .select((eb) => [
      'productId',
      eb.fn.sum<number>('quantity').as('counted'),
      eb.fn.min<number>('baseVersion').as('ref'),
    ])
    .where('stocktakeId', '=', st.id)
    .where('late', '=', 0)
    .groupBy('productId')
    .orderBy('productId')
    .execute();
  const out: Computed[] = [];
  for (let i = 0; i < counts.length; i += 200) {
    const chunk = counts.slice(i, i + 200);
    const ids = chunk.map((c) => c.productId);
    const levels = await trx
      .selectFrom('stock')
      .select(['productId', 'onHand', 'version'])
      .where('branchId', '=', st.branchId)
      .where('productId', 'in', ids)
      .execute();
    const level = new Map(levels.map((l) => [l.productId, l]));
    const minRef = Math.min(...chunk.map((c) => Number(c.ref)));
    // Movements after the earliest count position of the chunk, summed per product and version.
    const later = await trx
      .selectFrom('stockMovements')
      .select((eb) => ['productId', 'version', eb.fn.sum<number>('delta').as('delta')])
      .where('branchId', '=', st.branchId)
      .where('productId', 'in', ids)
      .where('version', '>', minRef)
      .groupBy(['productId', 'version'])
      .execute();
    for (const c of chunk) {
      const l = level.get(c.productId) ?? { onHand: 0, version: 0 };
      const ref = Math.min(Number(c.ref), l.version);
      const since = later
        .filter((m) => m.productId === c.productId && (m.version ?? 0) > ref)
        .reduce((a, m) => a + Number(m.delta), 0);
      out.push({
        productId: c.productId,
        counted: Number(c.counted),
        expected: l.onHand - since,
        onHand: l.onHand,
      });
    }
  }
  return out;
}

/** Products in the stocktake's scope that nobody counted and that have stock on hand. */
async function uncountedInScope(trx: Db, st: Stocktake, counted: ReadonlySet<string>): Promise<Computed[]> {
  let q = trx
    .selectFrom('stock')
    .innerJoin('products', 'products.id', 'stock.productId')
    .select(['stock.productId', 'stock.onHand'])
    .where('stock.branchId', '=', st.branchId)
    .where('stock.onHand', '!=', 0);
  if (st.categories !== null) q = q.where('products.category', 'in', st.categories);
  const rows = await q.execute();
  return rows
    .filter((r) => !counted.has(r.productId))
    .map((r) => ({ productId: r.productId, counted: 0, expected: r.onHand, onHand: r.onHand }));
}

/**
 * Closes an open stocktake: one `count` movement per product whose counted total differs from what
 * was expected at its counting position, the results kept. Products in scope nobody counted are
 * kept as they are, or set to zero (`uncounted: 'zero'`). Closing a closed stocktake replays it.
 */
export async function closeStocktake(
  trx: Db,
  who: Operator,
  id: string,
  input: StocktakeCloseInput,
  now: string,
): Promise<Handled<StocktakeDetail, FirstOutcome<StocktakeDetail>>> {
  const st = await loadStocktake(trx, id);
  if (st === undefined) return { outcome: rejected('not_found', `unknown stocktake ${id}`), changes: [] };
  if (st.status !== 'open') return { outcome: accepted(await stocktakeDetail(trx, st)), changes: [] };
  const lines = await computeLines(trx, st);
  if (input.uncounted === 'zero') {
    lines.push(...(await uncountedInScope(trx, st, new Set(lines.map((l) => l.productId)))));
  }
  if (lines.length > 0) {
    for (let i = 0; i < lines.length; i += 200) {
      await trx
        .insertInto('stocktakeResults')
        .values(
          lines.slice(i, i + 200).map((l) => ({
            stocktakeId: id,
            productId: l.productId,
            counted: l.counted,
            expected: l.expected,
            variance: l.counted - l.expected,
          })),
        )
        .execute();
    }
  }
  const movements = lines
    .filter((l) => l.counted !== l.expected)
    .map((l) => ({
      productId: l.productId,
      delta: l.counted - l.expected,
      reason: 'count' as const,
      refId: id,
      note: 'stocktake',
      actor: who.actor ?? undefined,
    }));
  const stock = movements.length === 0 ? [] : await moveStock(trx, st.branchId, movements, now);
  await trx
    .updateTable('stocktakes')
    .set({ status: 'closed', closedAt: now, closedBy: who.actor })
    .where('id', '=', id)
    .execute();
  const closed = (await loadStocktake(trx, id))!;
  const feed = await recordChanges(trx, branchScope(st.branchId), [
    { kind: 'stocktake' as const, entityId: id, data: closed },
  ]);
  return { outcome: accepted(await stocktakeDetail(trx, closed)), changes: [...stock, ...feed] };
}

/** Counted vs expected per product: live while open, as posted once closed. */
export async function stocktakeDetail(trx: Db, st: Stocktake): Promise<StocktakeDetail> {
  let lines: Computed[];
  if (st.status === 'open') {
    lines = await computeLines(trx, st);
  } else {
    const rows = await trx
      .selectFrom('stocktakeResults')
      .leftJoin('stock', (j) =>
        j.onRef('stock.productId', '=', 'stocktakeResults.productId').on('stock.branchId', '=', st.branchId),
      )
      .select(['stocktakeResults.productId', 'counted', 'expected', 'stock.onHand'])
      .where('stocktakeId', '=', st.id)
      .orderBy('stocktakeResults.productId')
      .execute();
    lines = rows.map((r) => ({ ...r, onHand: r.onHand ?? 0 }));
  }
  const names = new Map<string, { name: string; sku: string }>();
  const ids = lines.map((l) => l.productId);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await trx
      .selectFrom('products')
      .select(['id', 'name', 'sku'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) names.set(r.id, r);
  }
  const late = await trx
    .selectFrom('stocktakeCounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('stocktakeId', '=', st.id)
    .where('late', '=', 1)
    .executeTakeFirst();
  const out: StocktakeLine[] = lines
    .map((l) => ({
      productId: l.productId,
      name: names.get(l.productId)?.name ?? '',
      sku: names.get(l.productId)?.sku ?? '',
      counted: l.counted,
      expected: l.expected,
      variance: l.counted - l.expected,
      onHand: l.onHand,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { stocktake: st, lines: out, lateLines: Number(late?.n ?? 0) };
}

/** `stocktake.count` from a till of the stocktake's branch. */
export const stocktakeCount: SingleHandler<StocktakeCountInput, CountResult> = {
  kind: 'single',
  apply: (trx, { who, mutationId, now }, p) =>
    countForStocktake(
      trx,
      { deviceId: who.deviceId, actor: null, branchId: who.branchId },
      mutationId,
      p,
      now,
    ),
};

import {
  AdminReceiveInput,
  AdminTransferSendInput,
  LowStockItem,
  MarginRow,
  MAX_ADMIN_PAGE,
  Receipt,
  StockHistoryRow,
  StockMinimumInput,
  Stocktake,
  StocktakeCloseInput,
  StocktakeDetail,
  StocktakeOpenInput,
  StockReason,
  Supplier,
  SupplierInput,
  Transfer,
  TransferReceiveInput,
  TransferResult,
  Uuid,
  newId,
} from '@kasir/protocol';
import { z } from 'zod';
import { requireBranch } from '../accounts/admin-access.ts';
import { noteAudit } from '../audit/audit-log.ts';
import { adminGuard } from '../auth/route-guard.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { sendOutcome } from '../http/outcome-reply.ts';
import type { Handled } from '../feed/mutation-handler.ts';
import { operatorOf } from './operator.ts';
import { loadReceipt, receiveStock } from './receive-stock.ts';
import { historyCsv, lowStock, marginReport, setMinimum, stockHistory } from './stock-reports.ts';
import { closeStocktake, loadStocktake, openStocktake, stocktakeDetail } from './stocktakes.ts';
import { cancelTransfer, loadTransfer, receiveTransfer, sendTransfer } from './transfers.ts';

const BranchQuery = z.object({ branchId: Uuid });
const IdParams = z.object({ id: Uuid });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const HistoryQuery = z.object({
  branchId: Uuid,
  productId: Uuid.optional(),
  reason: StockReason.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_ADMIN_PAGE).default(200),
});
const MarginQuery = z.object({
  branchId: Uuid,
  from: Day,
  to: Day,
  by: z.enum(['day', 'product', 'category']).default('day'),
});

/**
 * Back-office stock operations (issue 12; docs/back-office-api.md "Stock operations"): suppliers,
 * receiving, transfers, stocktakes, minimums and low stock, history with CSV, gross margin. Writes
 * go through the branch's group commit like the tills' mutations, and use the same functions.
 */
export function registerStockOperationRoutes(app: App, deps: RouteDeps): void {
  const { db, clock, hub, writes } = deps;
  const guard = adminGuard(deps, 'branch');

  /** Runs a write in `branchId`'s group commit, pokes its tills, answers its outcome. */
  async function write<R>(
    branchId: string,
    work: Parameters<typeof writes.run<Handled<R>>>[1],
    reply: Parameters<typeof sendOutcome>[0],
  ) {
    const handled = await writes.run(branchId, work);
    hub.publish(handled.changes, branchId);
    return sendOutcome(reply, handled.outcome);
  }

  app.get(
    '/api/admin/suppliers',
    guard.route({ schema: { response: { 200: z.array(Supplier) } } }),
    async () => db.reader.selectFrom('suppliers').selectAll().orderBy('name').limit(MAX_ADMIN_PAGE).execute(),
  );

  app.post(
    '/api/admin/suppliers',
    guard.route({ schema: { body: SupplierInput, response: { 201: Supplier, 200: Supplier } } }),
    async (req, reply) => {
      const b = req.body;
      const row = {
        id: b.id,
        name: b.name,
        phone: b.phone ?? null,
        note: b.note ?? null,
        createdAt: isoNow(clock),
      };
      const inserted = await db.kysely
        .insertInto('suppliers')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted !== undefined) return reply.status(201).send(inserted);
      const prior = await db.reader
        .selectFrom('suppliers')
        .selectAll()
        .where('id', '=', b.id)
        .executeTakeFirstOrThrow();
      if (prior.name !== row.name || prior.phone !== row.phone || prior.note !== row.note) {
        throw new HttpError(
          409,
          'idempotency_conflict',
          'this supplier id was already used with other values',
        );
      }
      return reply.status(200).send(prior);
    },
  );

  app.post(
    '/api/admin/receipts',
    guard.route({ schema: { body: AdminReceiveInput, response: { 201: Receipt } } }),
    async (req, reply) => {
      const { id, branchId, ...input } = req.body;
      requireBranch(req, branchId);
      const who = operatorOf(req);
      return write(branchId, (trx) => receiveStock(trx, who, id, branchId, input, isoNow(clock)), reply);
    },
  );

  app.get(
    '/api/admin/receipts',
    guard.route({ schema: { querystring: BranchQuery, response: { 200: z.array(Receipt) } } }),
    async (req) => {
      requireBranch(req, req.query.branchId);
      const ids = await db.reader
        .selectFrom('receipts')
        .select('id')
        .where('branchId', '=', req.query.branchId)
        .orderBy('createdAt', 'desc')
        .limit(100)
        .execute();
      return db.reader
        .transaction()
        .execute(async (trx) => Promise.all(ids.map((r) => loadReceipt(trx, r.id))));
    },
  );

  app.post(
    '/api/admin/transfers',
    guard.route({ schema: { body: AdminTransferSendInput, response: { 201: TransferResult } } }),
    async (req, reply) => {
      const { fromBranchId, ...input } = req.body;
      requireBranch(req, fromBranchId);
      // The audit log files it under its branch and transfer (the body names them otherwise).
      noteAudit(req, { branchId: fromBranchId, entityId: input.transferId });
      const who = operatorOf(req);
      return write(fromBranchId, (trx) => sendTransfer(trx, who, fromBranchId, input, isoNow(clock)), reply);
    },
  );

  app.get(
    '/api/admin/transfers',
    guard.route({ schema: { querystring: BranchQuery, response: { 200: z.array(Transfer) } } }),
    async (req) => {
      const { branchId } = req.query;
      requireBranch(req, branchId);
      const ids = await db.reader
        .selectFrom('transfers')
        .select('id')
        .where((eb) => eb.or([eb('fromBranchId', '=', branchId), eb('toBranchId', '=', branchId)]))
        .orderBy('sentAt', 'desc')
        .limit(100)
        .execute();
      return db.reader
        .transaction()
        .execute(async (trx) =>
          (await Promise.all(ids.map((r) => loadTransfer(trx, r.id)))).filter((t) => t !== undefined),
        );
    },
  );

  const transferOf = async (id: string) => {
    const t = await db.reader.transaction().execute((trx) => loadTransfer(trx, id));
    if (t === undefined) throw new HttpError(404, 'not_found', `unknown transfer ${id}`);
    return t;
  };

  app.post(
    '/api/admin/transfers/:id/receive',
    guard.route({
      schema: {
        params: IdParams,
        body: TransferReceiveInput.omit({ transferId: true }),
        response: { 201: TransferResult },
      },
    }),
    async (req, reply) => {
      const t = await transferOf(req.params.id);
      requireBranch(req, t.toBranchId);
      noteAudit(req, { branchId: t.toBranchId });
      const who = operatorOf(req);
      const input = { ...req.body, transferId: t.id };
      return write(
        t.toBranchId,
        (trx) => receiveTransfer(trx, who, newId(), t.toBranchId, input, isoNow(clock)),
        reply,
      );
    },
  );

  app.post(
    '/api/admin/transfers/:id/cancel',
    guard.route({ schema: { params: IdParams, response: { 201: TransferResult } } }),
    async (req, reply) => {
      const t = await transferOf(req.params.id);
      requireBranch(req, t.fromBranchId);
      noteAudit(req, { branchId: t.fromBranchId });
      const who = operatorOf(req);
      return write(
        t.fromBranchId,
        (trx) => cancelTransfer(trx, who, t.fromBranchId, { transferId: t.id }, isoNow(clock)),
        reply,
      );
    },
  );

  app.post(
    '/api/admin/stocktakes',
    guard.route({ schema: { body: StocktakeOpenInput, response: { 201: Stocktake } } }),
    async (req, reply) => {
      requireBranch(req, req.body.branchId);
      const who = operatorOf(req);
      return write(req.body.branchId, (trx) => openStocktake(trx, who, req.body, isoNow(clock)), reply);
    },
  );

  app.get(
    '/api/admin/stocktakes',
    guard.route({ schema: { querystring: BranchQuery, response: { 200: z.array(Stocktake) } } }),
    async (req) => {
      requireBranch(req, req.query.branchId);
      const ids = await db.reader
        .selectFrom('stocktakes')
        .select('id')
        .where('branchId', '=', req.query.branchId)
        .orderBy('openedAt', 'desc')
        .limit(100)
        .execute();
      return db.reader
        .transaction()
        .execute(async (trx) =>
          (await Promise.all(ids.map((r) => loadStocktake(trx, r.id)))).filter((s) => s !== undefined),
        );
    },
  );

  app.get(
    '/api/admin/stocktakes/:id',
    guard.route({ schema: { params: IdParams, response: { 200: StocktakeDetail } } }),
    async (req) =>
      db.reader.transaction().execute(async (trx) => {
        const st = await loadStocktake(trx, req.params.id);
        if (st === undefined) throw new HttpError(404, 'not_found', `unknown stocktake ${req.params.id}`);
        requireBranch(req, st.branchId);
        return stocktakeDetail(trx, st);
      }),
  );

  app.post(
    '/api/admin/stocktakes/:id/close',
    guard.route({
      schema: { params: IdParams, body: StocktakeCloseInput, response: { 201: StocktakeDetail } },
    }),
    async (req, reply) => {
      const st = await db.reader.transaction().execute((trx) => loadStocktake(trx, req.params.id));
      if (st === undefined) throw new HttpError(404, 'not_found', `unknown stocktake ${req.params.id}`);
      requireBranch(req, st.branchId);
      noteAudit(req, { branchId: st.branchId });
      const who = operatorOf(req);
      return write(st.branchId, (trx) => closeStocktake(trx, who, st.id, req.body, isoNow(clock)), reply);
    },
  );

  app.put(
    '/api/admin/stock/minimum',
    guard.route({
      schema: { body: StockMinimumInput, response: { 200: z.object({ ok: z.literal(true) }) } },
    }),
    async (req) => {
      const { branchId, productId, minimum } = req.body;
      requireBranch(req, branchId);
      const changes = await writes.run(branchId, async (trx) => {
        const p = await trx
          .selectFrom('products')
          .select('id')
          .where('id', '=', productId)
          .executeTakeFirst();
        if (p === undefined) {
          throw new HttpError(422, 'unknown_product', `unknown product ${productId}`, {
            productIds: [productId],
          });
        }
        return setMinimum(trx, branchId, productId, minimum, isoNow(clock));
      });
      hub.publish(changes, branchId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/stock/low',
    guard.route({ schema: { querystring: BranchQuery, response: { 200: z.array(LowStockItem) } } }),
    async (req) => {
      requireBranch(req, req.query.branchId);
      return lowStock(db, req.query.branchId);
    },
  );

  app.get(
    '/api/admin/stock/history',
    guard.route({ schema: { querystring: HistoryQuery, response: { 200: z.array(StockHistoryRow) } } }),
    async (req) => {
      requireBranch(req, req.query.branchId);
      return stockHistory(db, req.query);
    },
  );

  app.get(
    '/api/admin/stock/history.csv',
    guard.route({ schema: { querystring: HistoryQuery } }),
    async (req, reply) => {
      requireBranch(req, req.query.branchId);
      const rows = await stockHistory(db, { ...req.query, limit: Math.max(req.query.limit, MAX_ADMIN_PAGE) });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="stock-history.csv"')
        .send(historyCsv(rows));
    },
  );

  app.get(
    '/api/admin/reports/margin',
    guard.route({ schema: { querystring: MarginQuery, response: { 200: z.array(MarginRow) } } }),
    async (req) => {
      requireBranch(req, req.query.branchId);
      return marginReport(db, req.query.branchId, req.query.from, req.query.to, req.query.by);
    },
  );
}

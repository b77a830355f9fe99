import { z } from 'zod';
import { Category } from '../catalog/product.ts';
import { Uuid } from '../ids.ts';
import { Rupiah } from '../money/rupiah.ts';
import { name, text } from '../text.ts';
import { MAX_STOCK_DELTA } from './stock.ts';

/**
 * Stock operations beyond one-sided movements (issue 12): receiving from suppliers, transfers
 * between branches, stocktakes (stock opname), minimums. Each write is a mutation or an admin
 * request with a client-made id, applied once (S3), and every quantity it moves is a ledger row.
 */

/** Most lines in one delivery, transfer or receipt of a transfer. */
export const MAX_OPERATION_LINES = 500;

const Quantity = z.number().int().min(1).max(MAX_STOCK_DELTA);

/** A supplier of the shop (shop-wide, like the catalog). */
export const Supplier = z.object({
  id: Uuid,
  name: z.string(),
  phone: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Supplier = z.infer<typeof Supplier>;

/** `POST /api/admin/suppliers`: `id` made by the client, so a retried request is the same supplier. */
export const SupplierInput = z.strictObject({
  id: Uuid,
  name: name(1, 120),
  phone: text(0, 40).optional(),
  note: text(0, 500).optional(),
});
export type SupplierInput = z.infer<typeof SupplierInput>;

/** One received line: `unitCost` is what the shop paid per unit (integer rupiah). */
export const ReceiveLine = z.strictObject({
  productId: Uuid,
  quantity: Quantity,
  unitCost: Rupiah,
});
export type ReceiveLine = z.infer<typeof ReceiveLine>;

/** A delivery received into the branch of the device (`stock.receive`) or of `branchId` (admin). */
export const ReceiveInput = z.strictObject({
  supplierId: Uuid.optional(),
  reference: text(0, 80).optional(),
  note: text(0, 500).optional(),
  lines: z.array(ReceiveLine).min(1).max(MAX_OPERATION_LINES),
});
export type ReceiveInput = z.infer<typeof ReceiveInput>;

/** `POST /api/admin/receipts`: `id` is the receipt's id and idempotency key. */
export const AdminReceiveInput = ReceiveInput.extend({ id: Uuid, branchId: Uuid });
export type AdminReceiveInput = z.infer<typeof AdminReceiveInput>;

/** A recorded delivery. */
export const Receipt = z.object({
  id: Uuid,
  branchId: Uuid,
  supplierId: Uuid.nullable(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  lines: z.array(z.object({ productId: Uuid, quantity: z.number().int(), unitCost: z.number().int() })),
  createdAt: z.string(),
});
export type Receipt = z.infer<typeof Receipt>;

/** Sending goods to another branch: they leave the source's ledger and are in transit. */
export const TransferSendInput = z.strictObject({
  transferId: Uuid,
  toBranchId: Uuid,
  note: text(0, 500).optional(),
  lines: z
    .array(z.strictObject({ productId: Uuid, quantity: Quantity }))
    .min(1)
    .max(MAX_OPERATION_LINES)
    .refine((ls) => new Set(ls.map((l) => l.productId)).size === ls.length, 'a product may appear once'),
});
export type TransferSendInput = z.infer<typeof TransferSendInput>;

/** Why a sent quantity did not arrive. */
export const TransferLossReason = z.enum(['damaged', 'missing', 'other']);
export type TransferLossReason = z.infer<typeof TransferLossReason>;

/**
 * Receiving a transfer at the destination, in full or partly. A line left out was received in full;
 * a line received short records the difference as a loss with its reason.
 */
export const TransferReceiveInput = z.strictObject({
  transferId: Uuid,
  note: text(0, 500).optional(),
  lines: z
    .array(
      z.strictObject({
        productId: Uuid,
        received: z.number().int().min(0).max(MAX_STOCK_DELTA),
        lossReason: TransferLossReason.optional(),
      }),
    )
    .max(MAX_OPERATION_LINES),
});
export type TransferReceiveInput = z.infer<typeof TransferReceiveInput>;

export const TransferCancelInput = z.strictObject({ transferId: Uuid });
export type TransferCancelInput = z.infer<typeof TransferCancelInput>;

export const TransferStatus = z.enum(['in_transit', 'received', 'cancelled']);
export type TransferStatus = z.infer<typeof TransferStatus>;

/**
 * What is wrong with a transfer that was recorded anyway (a movement already made is never refused):
 * `received_after_cancel`: the goods arrived although the transfer had been cancelled; the cancel's
 * return to the source was taken back.
 */
export const TransferFlag = z.enum(['received_after_cancel']);

/** A transfer as both branches see it (feed kind `transfer`, in both branches' scopes). */
export const Transfer = z.object({
  id: Uuid,
  fromBranchId: Uuid,
  toBranchId: Uuid,
  status: TransferStatus,
  note: z.string().nullable(),
  lines: z.array(
    z.object({
      productId: Uuid,
      sent: z.number().int(),
      /** Null until received. */
      received: z.number().int().nullable(),
      lossReason: TransferLossReason.nullable(),
    }),
  ),
  flags: z.array(TransferFlag),
  sentAt: z.string(),
  receivedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});
export type Transfer = z.infer<typeof Transfer>;

/** What a transfer leg gave: the transfer now, and whether this request moved stock. */
export const TransferResult = z.object({ transfer: Transfer, applied: z.boolean() });
export type TransferResult = z.infer<typeof TransferResult>;

/** `POST /api/admin/transfers`: the back office sends from `fromBranchId`. */
export const AdminTransferSendInput = TransferSendInput.extend({ fromBranchId: Uuid });
export type AdminTransferSendInput = z.infer<typeof AdminTransferSendInput>;

export const StocktakeStatus = z.enum(['open', 'closed']);

/** A stocktake (stock opname) of a branch: all products, or those of some categories. */
export const Stocktake = z.object({
  id: Uuid,
  branchId: Uuid,
  status: StocktakeStatus,
  /** Null: every product. */
  categories: z.array(z.string()).nullable(),
  note: z.string().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type Stocktake = z.infer<typeof Stocktake>;

/** `POST /api/admin/stocktakes` */
export const StocktakeOpenInput = z.strictObject({
  id: Uuid,
  branchId: Uuid,
  categories: z.array(Category).min(1).max(100).optional(),
  note: text(0, 500).optional(),
});
export type StocktakeOpenInput = z.infer<typeof StocktakeOpenInput>;

/**
 * One count line from a till (`stocktake.count`): "found `quantity` more of this product here, while
 * the product's stock version on this device was `baseVersion`". Lines add up, across devices and
 * on one device; a correction is a negative line (docs/stock-operations.md, "Stocktake").
 */
export const StocktakeCountInput = z.strictObject({
  stocktakeId: Uuid,
  productId: Uuid,
  quantity: z
    .number()
    .int()
    .min(-MAX_STOCK_DELTA)
    .max(MAX_STOCK_DELTA)
    .refine((q) => q !== 0, 'quantity must not be zero'),
  baseVersion: z.number().int().min(0),
});
export type StocktakeCountInput = z.infer<typeof StocktakeCountInput>;

/** What a count line gave: whether it was counted into the open stocktake (false: it came after close). */
export const StocktakeCountResult = z.object({ stocktakeId: Uuid, productId: Uuid, counted: z.boolean() });

/** `POST /api/admin/stocktakes/:id/close`: products in scope nobody counted are kept or set to zero. */
export const StocktakeCloseInput = z.strictObject({ uncounted: z.enum(['keep', 'zero']).default('keep') });
export type StocktakeCloseInput = z.infer<typeof StocktakeCloseInput>;

/** One product of a stocktake: counted so far, expected at the counting position, the difference. */
export const StocktakeLine = z.object({
  productId: Uuid,
  name: z.string(),
  sku: z.string(),
  counted: z.number().int(),
  /** On-hand at the ledger position of the product's first count line. */
  expected: z.number().int(),
  variance: z.number().int(),
  onHand: z.number().int(),
});
export type StocktakeLine = z.infer<typeof StocktakeLine>;

export const StocktakeDetail = z.object({
  stocktake: Stocktake,
  lines: z.array(StocktakeLine),
  /** Count lines received after the stocktake closed (kept, not applied). */
  lateLines: z.number().int(),
});
export type StocktakeDetail = z.infer<typeof StocktakeDetail>;

/** `PUT /api/admin/stock/minimum`: the level at or below which a product is low; null removes it. */
export const StockMinimumInput = z.strictObject({
  branchId: Uuid,
  productId: Uuid,
  minimum: z.number().int().min(0).max(MAX_STOCK_DELTA).nullable(),
});
export type StockMinimumInput = z.infer<typeof StockMinimumInput>;

/** A product at or below its minimum in a branch. */
export const LowStockItem = z.object({
  productId: Uuid,
  name: z.string(),
  sku: z.string(),
  onHand: z.number().int(),
  minimum: z.number().int(),
});
export type LowStockItem = z.infer<typeof LowStockItem>;

/** One ledger row with who moved it, from where, why, and the on-hand right after it. */
export const StockHistoryRow = z.object({
  id: Uuid,
  at: z.string(),
  productId: Uuid,
  productName: z.string(),
  delta: z.number().int(),
  reason: z.string(),
  onHandAfter: z.number().int(),
  note: z.string().nullable(),
  refId: z.string().nullable(),
  deviceName: z.string().nullable(),
  actor: z.string().nullable(),
  unitCost: z.number().int().nullable(),
});
export type StockHistoryRow = z.infer<typeof StockHistoryRow>;

/** One row of the gross margin report: revenue net of PPN, cost from the moving average. */
export const MarginRow = z.object({
  key: z.string(),
  label: z.string(),
  quantity: z.number().int(),
  revenue: z.number().int(),
  cost: z.number().int(),
  margin: z.number().int(),
  /** Quantity sold with no cost known (never received with a cost): its cost counts as 0. */
  uncostedQuantity: z.number().int(),
});
export type MarginRow = z.infer<typeof MarginRow>;

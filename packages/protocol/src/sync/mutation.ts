import { z } from 'zod';
import { Barcode, Category, ProductName } from '../catalog/product.ts';
import { Uuid } from '../ids.ts';
import { Rupiah } from '../money/rupiah.ts';
import { isTaxClassRate, TaxRate } from '../money/tax.ts';
import { SaleInput } from '../sales/sale-input.ts';
import { MAX_STOCK_DELTA, StockAdjustment } from '../stock/stock.ts';
import {
  ReceiveInput,
  StocktakeCountInput,
  TransferCancelInput,
  TransferReceiveInput,
  TransferSendInput,
} from '../stock/stock-operations.ts';
import { CashMoveInput, ShiftCloseInput, ShiftOpenInput } from '../shifts/shift.ts';
import { RefundInput } from '../refunds/refund.ts';
import { CustomerInput } from '../customers/customer.ts';
import { TillAuditEvent } from '../staff/till-audit.ts';

/** Most mutations in one `POST /api/sync/push`. */
export const MAX_PUSH_BATCH = 200;

/** A mutation of `type`; `id` is the client-generated UUIDv7, the idempotency key (S2, S3). */
function mutation<T extends string, P extends z.ZodType>(type: T, payload: P) {
  return z.strictObject({ id: Uuid, type: z.literal(type), payload });
}

/** A completed sale. Its `id` must equal the sale's id, so a sale is the same mutation on every route. */
export const SaleCreateMutation = mutation('sale.create', SaleInput);

/** A catalog edit made on `baseVersion` (S8): applied if still current, else a conflict. */
export const ProductUpdateMutation = mutation(
  'product.update',
  z.strictObject({
    productId: Uuid,
    baseVersion: z.number().int().positive(),
    changes: z
      .strictObject({
        name: ProductName.optional(),
        price: Rupiah.optional(),
        barcodes: z.array(Barcode).max(20).optional(),
        category: Category.nullable().optional(),
        // A device may only choose among the tax classes; other rates are the back office's.
        taxRate: TaxRate.refine(isTaxClassRate, 'taxRate must be a tax class rate (11, 12 or 0)').optional(),
        active: z.boolean().optional(),
      })
      .refine((c) => Object.keys(c).length > 0, 'changes must not be empty'),
  }),
);

/** A stock movement recorded on the device (receive, damage, ...). Deltas commute: never a conflict. */
export const StockAdjustMutation = mutation('stock.adjust', StockAdjustment);

/**
 * "Counted N at stock version V" (S8): a delta if V is current, or if only this device's own earlier
 * sales and stock mutations moved stock since V (the count includes them); else a conflict.
 */
export const StockCountMutation = mutation(
  'stock.count',
  z.strictObject({
    productId: Uuid,
    counted: z.number().int().min(0).max(MAX_STOCK_DELTA),
    baseVersion: z.number().int().min(0),
  }),
);

/** A delivery received into the device's branch; its id is the receipt's (issue 12). */
export const StockReceiveMutation = mutation('stock.receive', ReceiveInput);
/** Goods sent from the device's branch to another; `transferId` names the transfer. */
export const TransferSendMutation = mutation('transfer.send', TransferSendInput);
/** A transfer received at the device's branch, in full or partly; applied once per transfer. */
export const TransferReceiveMutation = mutation('transfer.receive', TransferReceiveInput);
/** A transfer from the device's branch cancelled before receipt: its stock returns to the source. */
export const TransferCancelMutation = mutation('transfer.cancel', TransferCancelInput);
/** One count line of an open stocktake, with the stock version the device saw. */
export const StocktakeCountMutation = mutation('stocktake.count', StocktakeCountInput);
/** A till opens its drawer's shift with a float. */
export const ShiftOpenMutation = mutation('shift.open', ShiftOpenInput);
/** Cash in or out of the drawer; the mutation id is the cash move's id. */
export const CashMoveMutation = mutation('cash.move', CashMoveInput);
/** The blind count that closes a shift. */
export const ShiftCloseMutation = mutation('shift.close', ShiftCloseInput);
/** A refund (or void) of a sale of the branch. Its `id` must equal the refund's id. */
export const RefundCreateMutation = mutation('refund.create', RefundInput);
/** A customer made on a till. Its `id` must equal the customer's id. */
export const CustomerCreateMutation = mutation('customer.create', CustomerInput);
/** An audit event of a till (issue 13 item 7): a discount above the threshold, an override, a reprint... */
export const AuditRecordMutation = mutation('audit.record', TillAuditEvent);

export const Mutation = z.discriminatedUnion('type', [
  SaleCreateMutation,
  ProductUpdateMutation,
  StockAdjustMutation,
  StockCountMutation,
  StockReceiveMutation,
  TransferSendMutation,
  TransferReceiveMutation,
  TransferCancelMutation,
  StocktakeCountMutation,
  ShiftOpenMutation,
  CashMoveMutation,
  ShiftCloseMutation,
  RefundCreateMutation,
  CustomerCreateMutation,
  AuditRecordMutation,
]);
export type Mutation = z.infer<typeof Mutation>;
export type MutationType = Mutation['type'];

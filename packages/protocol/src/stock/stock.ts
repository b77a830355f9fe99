import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { text } from '../text.ts';

/** Why stock moved. Stock is a ledger of movements (S7); on-hand is kept beside it. */
export const StockReason = z.enum(['sale', 'refund', 'adjustment', 'receive', 'transfer', 'count', 'damage']);
export type StockReason = z.infer<typeof StockReason>;

/** Reasons a person may record by hand (sales and refunds move stock through their own routes). */
export const ManualStockReason = StockReason.exclude(['sale', 'refund']);

export const MAX_STOCK_DELTA = 10_000_000;

/** A manual movement of one product: by admin (`POST /api/admin/stock`) or device (`stock.adjust`). */
export const StockAdjustment = z.strictObject({
  productId: Uuid,
  delta: z
    .number()
    .int()
    .min(-MAX_STOCK_DELTA)
    .max(MAX_STOCK_DELTA)
    .refine((d) => d !== 0, 'delta must not be zero'),
  reason: ManualStockReason,
  note: text(0, 500).optional(),
});

/** `POST /api/admin/stock` */
export const StockMovementInput = StockAdjustment.extend({ branchId: Uuid });
export type StockMovementInput = z.infer<typeof StockMovementInput>;

/** A branch's on-hand quantity of a product. `version` increments with every movement (S8 counts). */
export const StockLevel = z.object({
  productId: Uuid,
  onHand: z.number().int(),
  version: z.number().int().min(0),
  /** The branch's minimum for the product (low stock at or below it); absent when none is set. */
  minimum: z.number().int().min(0).optional(),
});
export type StockLevel = z.infer<typeof StockLevel>;

export const StockMovementResult = z.object({
  id: Uuid,
  branchId: Uuid,
  productId: Uuid,
  delta: z.number().int(),
  reason: StockReason,
  onHand: z.number().int(),
  version: z.number().int(),
  cursor: z.number().int(),
});
export type StockMovementResult = z.infer<typeof StockMovementResult>;

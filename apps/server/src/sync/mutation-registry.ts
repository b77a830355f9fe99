import type { MutationType } from '@kasir/protocol';
import { productUpdate } from '../catalog/update-product.ts';
import type { MutationHandler, PayloadOf } from '../feed/mutation-handler.ts';
import { saleCreate } from '../sales/record-sales.ts';
import { stockAdjust, stockCount } from '../stock/stock-mutations.ts';
import { stockReceive } from '../stock/receive-stock.ts';
import { stocktakeCount } from '../stock/stocktakes.ts';
import { transferCancel, transferReceive, transferSend } from '../stock/transfers.ts';
import { cashMove, shiftClose, shiftOpen } from '../shifts/shift-mutations.ts';
import { refundCreate } from '../refunds/record-refund.ts';
import { customerCreate } from '../customers/record-customer.ts';
import { auditRecord } from '../staff/record-till-audit.ts';

/** One handler per mutation type: a type added to protocol's `Mutation` union without a line here does not compile. */
export type MutationHandlers = { readonly [T in MutationType]: MutationHandler<PayloadOf<T>> };

/**
 * Every mutation type and its handler. Adding a mutation type: its zod schema in protocol
 * `sync/mutation.ts`, one handler file in its domain folder (a `SingleHandler`, or a `BulkHandler`
 * when it must keep the group commit's speed, as sales do), and one line here.
 */
export const mutationHandlers: MutationHandlers = {
  'sale.create': saleCreate,
  'product.update': productUpdate,
  'stock.adjust': stockAdjust,
  'stock.count': stockCount,
  'stock.receive': stockReceive,
  'transfer.send': transferSend,
  'transfer.receive': transferReceive,
  'transfer.cancel': transferCancel,
  'stocktake.count': stocktakeCount,
  'shift.open': shiftOpen,
  'cash.move': cashMove,
  'shift.close': shiftClose,
  'refund.create': refundCreate,
  'customer.create': customerCreate,
  'audit.record': auditRecord,
};

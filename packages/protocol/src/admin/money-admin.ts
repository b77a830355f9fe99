import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { Customer } from '../customers/customer.ts';
import { Refund, RefundFlag } from '../refunds/refund.ts';
import { ShiftReport } from '../shifts/shift-report.ts';
import { PaymentMethod } from '../sales/sale-input.ts';

/** `GET /api/admin/shifts`: X/Z reports of a branch, for one business day and/or cashier. */
export const ShiftReportQuery = z.strictObject({
  branchId: Uuid,
  day: z.iso.date().optional(),
  staffId: Uuid.optional(),
  deviceId: Uuid.optional(),
});
export type ShiftReportQuery = z.infer<typeof ShiftReportQuery>;

export const ShiftReportList = z.object({ shifts: z.array(ShiftReport) });
export type ShiftReportList = z.infer<typeof ShiftReportList>;

/** `GET /api/admin/refunds`: refunds of a branch, newest first, optionally of a day or a flag. */
export const RefundQuery = z.strictObject({
  branchId: Uuid,
  day: z.iso.date().optional(),
  flag: RefundFlag.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type RefundQuery = z.infer<typeof RefundQuery>;

/**
 * A refund in the back office's list, with the payment method the money went back by (`via`): cash
 * from the drawer, or the sale's own method (`originalRefundMethod`), named rather than "original".
 */
export const AdminRefund = Refund.extend({ via: PaymentMethod.optional() });
export type AdminRefund = z.infer<typeof AdminRefund>;

export const RefundList = z.object({ refunds: z.array(AdminRefund) });
export type RefundList = z.infer<typeof RefundList>;

/** `GET /api/admin/end-of-day`: what stands between a branch and closing its day. */
export const EndOfDayQuery = z.strictObject({ branchId: Uuid });
export const EndOfDayTill = z.object({
  deviceId: Uuid,
  deviceName: z.string(),
  /** From the device's last health report (POST /api/device/health). */
  unsyncedSales: z.number().int(),
  oldestUnsyncedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
  /** The till's shift still open on the server, if any. */
  openShiftId: Uuid.nullable(),
});
export type EndOfDayTill = z.infer<typeof EndOfDayTill>;
export const EndOfDay = z.object({
  /** Tills that still hold unsynced sales: their day's figures are not complete yet. */
  unsynced: z.array(EndOfDayTill),
  /** Tills with a shift still open. */
  openShifts: z.array(EndOfDayTill),
});
export type EndOfDay = z.infer<typeof EndOfDay>;

/** `GET /api/admin/customers?q=`: by name or phone (any form normalizePhone takes). */
export const CustomerQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export const CustomerList = z.object({ customers: z.array(Customer) });
export type CustomerList = z.infer<typeof CustomerList>;

/** `GET /api/admin/customers/:id`: a customer by any of its ids, with its purchases. */
export const CustomerPurchase = z.object({
  id: Uuid,
  branchId: Uuid,
  invoiceNumber: z.string(),
  createdAt: z.string(),
  total: z.number().int(),
  /** What refunds and voids of this sale gave back (0 when none). */
  refunded: z.number().int(),
});
export const CustomerDetail = z.object({
  customer: Customer,
  /** Every id this customer was created under (merged duplicates). */
  ids: z.array(Uuid),
  sales: z.array(CustomerPurchase),
  /** Sum of `sales` totals less what their refunds gave back: what the customer kept buying. */
  spent: z.number().int(),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;

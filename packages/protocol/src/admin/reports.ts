import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { BranchDateRange } from './page.ts';
import { MethodTotal } from './admin-sales.ts';
import { ShiftRefundVia } from '../shifts/shift-payments.ts';

/**
 * `GET /api/admin/reports/summary?branchId=&from=&to=`. Without dates: today in the branch's time
 * zone. Without `branchId`: every branch the caller may see (an owner's whole shop), bucketed in the
 * first branch's zone. Read from summary rows, not the sales table (issue 11, B8).
 */
export const ReportSummaryQuery = BranchDateRange;
export type ReportSummaryQuery = z.infer<typeof ReportSummaryQuery>;

/** One bucket of a chart: sales count and gross (sum of totals). */
const Bucket = { count: z.number().int().min(0), gross: z.number().int() };

/** Hour 0–23 of the business day, in the branch's time zone. */
export const HourBucket = z.object({ hour: z.number().int().min(0).max(23), ...Bucket });
/** A business day, `YYYY-MM-DD` in the branch's time zone; days without sales are present with 0. */
export const DayBucket = z.object({ date: z.iso.date(), ...Bucket });

export const ReportSummary = z.object({
  branchId: Uuid.nullable(),
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  salesCount: z.number().int().min(0),
  gross: z.number().int(),
  discount: z.number().int(),
  /** PPN collected. */
  tax: z.number().int(),
  /**
   * Refunds and voids recorded on the range's business days (whenever the sale was), so the shop
   * sees what it kept: `gross - refunds.total`. Sales figures above stay as rung up.
   */
  refunds: z.object({
    count: z.number().int().min(0),
    total: z.number().int(),
    /** The PPN inside what went back (at each sale line's rate): the PPN the shop kept is `tax - refunds.tax`. */
    tax: z.number().int(),
  }),
  byMethod: z.array(MethodTotal),
  /**
   * The refunds above per method the money went back by (`refundsByMethod`): from the drawer as
   * cash, through the sale's own method by that method. What each method's takings lose.
   */
  refundsByMethod: z.array(ShiftRefundVia).default([]),
  /** 24 buckets (summed over the range's days). */
  byHour: z.array(HourBucket),
  /** One bucket per business day of the range, oldest first. */
  byDay: z.array(DayBucket),
  /** When the server computed it: the dashboard shows it as "updated". */
  generatedAt: z.string(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

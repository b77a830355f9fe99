import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { PaymentMethod } from '../sales/sale-input.ts';
import { Sale, SaleFlag, SaleLine, SaleSummary } from '../sales/sale.ts';
import { BranchDateRange, PageQuery, pageOf } from './page.ts';

/**
 * `flag=` value of the flagged view: every sale with any flag. A wire value of the public route
 * (`GET /api/admin/sales?flag=any`), not TypeScript's `any`.
 */
export const ANY_SALE_FLAG = 'any';

/** `flag=` of the sales list: one flag, or ANY_SALE_FLAG for the flagged view. */
export const SaleFlagFilter = z.union([SaleFlag, z.literal(ANY_SALE_FLAG)]);
export type SaleFlagFilter = z.infer<typeof SaleFlagFilter>;

/**
 * `GET /api/admin/sales?branchId=&from=&to=&deviceId=&method=&flag=&cursor=&limit=`. `from` is
 * inclusive and `to` exclusive when instants; as ISO dates both are inclusive business days in the
 * branch's time zone. Newest first by received time, then id. A manager gets 403 `forbidden` for a
 * branch not theirs; without `branchId` they see their branches only.
 */
export const AdminSaleQuery = PageQuery.extend({
  ...BranchDateRange.shape,
  deviceId: Uuid.optional(),
  method: PaymentMethod.optional(),
  flag: SaleFlagFilter.optional(),
});
export type AdminSaleQuery = z.infer<typeof AdminSaleQuery>;

/** One row of the sales list. */
export const AdminSaleListItem = SaleSummary.extend({
  branchId: Uuid,
  discount: z.number().int(),
  tax: z.number().int(),
  methods: z.array(PaymentMethod),
  cashierName: z.string().nullable(),
  /** Money given back by the refunds and voids of this sale so far (0: none). */
  refunded: z.number().int(),
  /** One of them was a void (the whole sale cancelled), not a return. */
  voided: z.boolean().default(false),
});
export type AdminSaleListItem = z.infer<typeof AdminSaleListItem>;

/** Amount and count of one payment method (a split payment counts for each of its methods). */
export const MethodTotal = z.object({
  method: PaymentMethod,
  count: z.number().int().min(0),
  amount: z.number().int(),
});
export type MethodTotal = z.infer<typeof MethodTotal>;

/** Totals of everything the filter matches (not only this page). `gross` is the sum of totals. */
export const SaleTotalsSummary = z.object({
  count: z.number().int().min(0),
  gross: z.number().int(),
  discount: z.number().int(),
  tax: z.number().int(),
  byMethod: z.array(MethodTotal),
});
export type SaleTotalsSummary = z.infer<typeof SaleTotalsSummary>;

export const AdminSalePage = pageOf(AdminSaleListItem).extend({ totals: SaleTotalsSummary });
export type AdminSalePage = z.infer<typeof AdminSalePage>;

/** A sale line with what the catalog called the product when the sale was received. */
export const AdminSaleLine = SaleLine.extend({ sku: z.string(), name: z.string() });

/** `GET /api/admin/sales/:id`: the stored sale with its device, branch and named lines. */
/** A refund or void of a sale, as its detail lists it. */
export const AdminSaleRefund = z.object({
  id: Uuid,
  createdAt: z.string(),
  reason: z.string(),
  method: z.string(),
  total: z.number().int(),
  deviceName: z.string(),
});
export type AdminSaleRefund = z.infer<typeof AdminSaleRefund>;

export const AdminSaleDetail = Sale.extend({
  lines: z.array(AdminSaleLine),
  deviceName: z.string(),
  deviceCode: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  /** Its refunds and voids, oldest first. */
  refunds: z.array(AdminSaleRefund),
  /** The supervisor who approved an override on the till (`approvedBy`), by name; null when none or unknown. */
  approvedByName: z.string().nullable(),
  /** The customer the sale was made for (`customerId`); null when none, or not on the server yet. */
  customer: z.object({ id: Uuid, name: z.string(), phone: z.string() }).nullable(),
});
export type AdminSaleDetail = z.infer<typeof AdminSaleDetail>;

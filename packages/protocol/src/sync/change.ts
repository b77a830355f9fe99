import { z } from 'zod';
import { Product } from '../catalog/product.ts';
import { SaleSummary } from '../sales/sale.ts';
import { StockLevel } from '../stock/stock.ts';
import { Stocktake, Transfer } from '../stock/stock-operations.ts';
import { Refund } from '../refunds/refund.ts';
import { Customer } from '../customers/customer.ts';
import { TillBranchSettings } from '../admin/shop-settings.ts';
import { StaffRecord } from '../staff/staff.ts';

/**
 * One entry of the change feed: the latest state of one entity at position `seq` of its scope.
 * The feed keeps only the newest change per entity, so a pull from the start is a full snapshot.
 */
export const ProductChange = z.object({
  kind: z.literal('product'),
  scope: z.literal('catalog'),
  seq: z.number().int().positive(),
  data: Product,
});
export const StockChange = z.object({
  kind: z.literal('stock'),
  scope: z.literal('branch'),
  seq: z.number().int().positive(),
  data: StockLevel,
});
export const SaleChange = z.object({
  kind: z.literal('sale'),
  scope: z.literal('branch'),
  seq: z.number().int().positive(),
  data: SaleSummary,
});
/** A transfer, in the scopes of both its branches. */
export const TransferChange = z.object({
  kind: z.literal('transfer'),
  scope: z.literal('branch'),
  seq: z.number().int().positive(),
  data: Transfer,
});
/** A stocktake of the branch: tills count for the open one. */
export const StocktakeChange = z.object({
  kind: z.literal('stocktake'),
  scope: z.literal('branch'),
  seq: z.number().int().positive(),
  data: Stocktake,
});
/** A refund of a sale of the branch: other tills need it to know what is left to refund. */
export const RefundChange = z.object({
  kind: z.literal('refund'),
  scope: z.literal('branch'),
  seq: z.number().int().positive(),
  data: Refund,
});
/** A customer recorded in the branch (the kept one after a merge by phone). */
export const CustomerChange = z.object({
  kind: z.literal('customer'),
  scope: z.literal('branch'),
  seq: z.number().int().positive(),
  data: Customer,
});
/** The branch's shop-wide settings as its tills use them (admin/shop-settings.ts); one per branch. */
export const BranchSettingsChange = z.object({
  kind: z.literal('branch_settings'),
  scope: z.literal('branch'),
  seq: z.number().int().positive(),
  data: TillBranchSettings,
});
/** A staff member of the branch (issue 13): tills sign people in by PIN offline from these. */
export const StaffChange = z.object({
  kind: z.literal('staff'),
  scope: z.literal('branch'),
  seq: z.number().int().positive(),
  data: StaffRecord,
});
export const Change = z.discriminatedUnion('kind', [
  ProductChange,
  StockChange,
  SaleChange,
  TransferChange,
  StocktakeChange,
  RefundChange,
  CustomerChange,
  BranchSettingsChange,
  StaffChange,
]);
export type Change = z.infer<typeof Change>;
export type ProductChange = z.infer<typeof ProductChange>;
export type StockChange = z.infer<typeof StockChange>;
export type SaleChange = z.infer<typeof SaleChange>;
export type TransferChange = z.infer<typeof TransferChange>;
export type StocktakeChange = z.infer<typeof StocktakeChange>;
export type RefundChange = z.infer<typeof RefundChange>;
export type CustomerChange = z.infer<typeof CustomerChange>;
export type BranchSettingsChange = z.infer<typeof BranchSettingsChange>;
export type StaffChange = z.infer<typeof StaffChange>;

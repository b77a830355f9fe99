import { z } from 'zod';
import { PriceMode } from '../money/tax.ts';
import { parseQris } from '../payments/qris.ts';
import { WeeklyHours } from './opening-hours.ts';
import { DEFAULT_DISCOUNT_THRESHOLD_PERCENT } from '../staff/staff-role.ts';

/**
 * Shop-wide settings of one branch: everything that changes what a till charges or prints. They live
 * on the server (docs/architecture.md, "The shop on the core"), are edited in the back office and reach
 * every till of the branch through the branch's feed (a `branch_settings` change), so two tills of a
 * branch always compute the same total for the same cart. A till overrides only its own hardware
 * (its printer's paper width).
 */

/** Every way a customer can pay that a branch may switch on. */
export const SHOP_PAYMENT_METHODS = [
  'cash',
  'qris',
  'card',
  'ewallet',
  'transfer',
  'gofood',
  'grabfood',
  'shopeefood',
] as const;
export const ShopPaymentMethod = z.enum(SHOP_PAYMENT_METHODS);
export type ShopPaymentMethod = z.infer<typeof ShopPaymentMethod>;

/** Whether the till offers a payment method, and whether it insists on a reference for it. */
export const PaymentMethodSetting = z.object({
  method: ShopPaymentMethod,
  enabled: z.boolean(),
  /** The till does not finish the payment without a reference (QRIS/EDC/e-wallet transaction id). */
  referenceRequired: z.boolean(),
});
export type PaymentMethodSetting = z.infer<typeof PaymentMethodSetting>;

/** Receipt paper widths in mm; the branch's default, a till may override it for its printer. */
export const PaperWidthMm = z.union([z.literal(58), z.literal(80)]);
export type PaperWidthMm = z.infer<typeof PaperWidthMm>;

/** Steps a cash total may be rounded to, in rupiah; 0 is no rounding. */
export const CASH_ROUNDING_STEPS = [0, 50, 100, 500, 1000] as const;
export const CashRoundingStep = z.union([
  z.literal(0),
  z.literal(50),
  z.literal(100),
  z.literal(500),
  z.literal(1000),
]);
export type CashRoundingStep = z.infer<typeof CashRoundingStep>;

/** Upper bound of the quantity limit: the protocol's own line limit (sales/sale-input.ts). */
const QUANTITY_LIMIT_MAX = 100_000;

/**
 * A merchant-presented QRIS payload as pasted from the acquirer (EMVCo TLV text). Only its shape is
 * checked here; `validateQrisMerchant` is the hook where the full TLV + CRC check plugs in.
 */
export const QrisMerchantString = z
  .string()
  .trim()
  .min(20)
  .max(512)
  .regex(/^[\x20-\x7e]+$/, 'QRIS: printable ASCII only');

/** The language a branch's receipts are printed in, whatever language a till's screens use. */
export const ReceiptLanguage = z.enum(['id', 'en']);
export type ReceiptLanguage = z.infer<typeof ReceiptLanguage>;

/** The shop-wide settings proper (stored as one JSON document per branch). */
export const ShopSettings = z.object({
  priceMode: PriceMode,
  paperWidth: PaperWidthMm,
  cashRounding: CashRoundingStep,
  /** A line quantity above this asks the cashier to confirm (a scan typed into a quantity box). */
  quantityLimit: z.number().int().min(1).max(QUANTITY_LIMIT_MAX),
  /** A sale total above this asks the cashier to confirm; 0 turns the check off. */
  unusualTotal: z.number().int().min(0).max(1_000_000_000_000),
  /** Pengusaha Kena Pajak: charges PPN (`chargesPpn`) and prints DPP/PPN and its NPWP on receipts. */
  pkp: z.boolean(),
  /** One entry per method of `SHOP_PAYMENT_METHODS`, in that order. */
  paymentMethods: z.array(PaymentMethodSetting).max(SHOP_PAYMENT_METHODS.length),
  qrisMerchant: z.string().nullable(),
  /**
   * Receipts print in this language (the header and footer the owner typed are in it too). A feed
   * from a server that predates it reads as Indonesian.
   */
  receiptLanguage: ReceiptLanguage.default('id'),
  /**
   * A till sells and refunds only with a shift open, so every sale and refund is in a drawer's
   * report. Off by default: a warung that counts no drawer keeps selling without shifts.
   */
  requireShift: z.boolean().default(false),
  /**
   * A line or cart discount above this percentage needs the discount right or a supervisor's PIN
   * at the till (staff-role.ts); 100 never asks.
   */
  discountApprovalPercent: z.number().int().min(0).max(100).default(DEFAULT_DISCOUNT_THRESHOLD_PERCENT),
});
export type ShopSettings = z.infer<typeof ShopSettings>;

/** What a new branch starts with: the retail defaults (PPN included, 58 mm, cash and QRIS). */
export const DEFAULT_SHOP_SETTINGS: ShopSettings = {
  priceMode: 'inclusive',
  paperWidth: 58,
  cashRounding: 0,
  quantityLimit: 999,
  unusualTotal: 10_000_000,
  pkp: false,
  paymentMethods: SHOP_PAYMENT_METHODS.map((method) => ({
    method,
    // The methods the till offered before settings existed; delivery platforms are opt-in.
    enabled: !method.endsWith('food'),
    referenceRequired: false,
  })),
  qrisMerchant: null,
  receiptLanguage: 'id',
  requireShift: false,
  discountApprovalPercent: DEFAULT_DISCOUNT_THRESHOLD_PERCENT,
};

/**
 * The payment method list in canonical order with one entry per method: missing methods take their
 * default, duplicates keep the first. Cash can never be switched off (change is given in cash).
 */
export function normalizePaymentMethods(list: readonly PaymentMethodSetting[]): PaymentMethodSetting[] {
  return SHOP_PAYMENT_METHODS.map((method) => {
    const given = list.find((m) => m.method === method);
    const d = DEFAULT_SHOP_SETTINGS.paymentMethods.find((m) => m.method === method);
    const m = given ?? d ?? { method, enabled: false, referenceRequired: false };
    return method === 'cash' ? { ...m, enabled: true, referenceRequired: false } : m;
  });
}

/** Reads stored settings field by field: a missing or bad field takes its default. */
export function shopSettingsFromStored(json: string | null): ShopSettings {
  let raw: Record<string, unknown> = {};
  if (json !== null) {
    try {
      const v: unknown = JSON.parse(json);
      if (typeof v === 'object' && v !== null) raw = v as Record<string, unknown>;
    } catch {
      // A corrupt document is treated as never set: defaults.
    }
  }
  const d = DEFAULT_SHOP_SETTINGS;
  const field = <K extends keyof ShopSettings>(key: K): ShopSettings[K] => {
    const r = ShopSettings.shape[key].safeParse(raw[key]);
    return r.success ? (r.data as ShopSettings[K]) : d[key];
  };
  return {
    priceMode: field('priceMode'),
    paperWidth: field('paperWidth'),
    cashRounding: field('cashRounding'),
    quantityLimit: field('quantityLimit'),
    unusualTotal: field('unusualTotal'),
    pkp: field('pkp'),
    paymentMethods: normalizePaymentMethods(field('paymentMethods')),
    qrisMerchant: field('qrisMerchant'),
    receiptLanguage: field('receiptLanguage'),
    requireShift: field('requireShift'),
    discountApprovalPercent: field('discountApprovalPercent'),
  };
}

/**
 * Checks a merchant QRIS string before it is stored: null when acceptable, else why not. Its shape
 * (`QrisMerchantString`), then the QRIS parser (`parseQris`: EMVCo tags, mandatory tags, CRC-16),
 * so that the back office and the till refuse the same strings.
 */
export function validateQrisMerchant(value: string): string | null {
  const r = QrisMerchantString.safeParse(value);
  if (!r.success) return r.error.issues[0]?.message ?? 'invalid QRIS string';
  const qris = parseQris(r.data);
  return qris.ok ? null : qris.message;
}

/** The part of `PATCH /api/admin/branches/:id` that edits shop settings; every field optional. */
export const ShopSettingsPatch = z.strictObject({
  priceMode: PriceMode.optional(),
  paperWidth: PaperWidthMm.optional(),
  cashRounding: CashRoundingStep.optional(),
  quantityLimit: ShopSettings.shape.quantityLimit.optional(),
  unusualTotal: ShopSettings.shape.unusualTotal.optional(),
  pkp: z.boolean().optional(),
  paymentMethods: z.array(PaymentMethodSetting).max(SHOP_PAYMENT_METHODS.length).optional(),
  qrisMerchant: QrisMerchantString.nullable().optional(),
  receiptLanguage: ReceiptLanguage.optional(),
  requireShift: z.boolean().optional(),
  discountApprovalPercent: z.number().int().min(0).max(100).optional(),
});
export type ShopSettingsPatch = z.infer<typeof ShopSettingsPatch>;

/**
 * What a till holds of its branch (the `branch_settings` change): the shop settings plus the texts
 * printed on receipts. One per branch; the newest replaces the previous one.
 */
export const TillBranchSettings = ShopSettings.extend({
  branchId: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  npwp: z.string().nullable(),
  receiptHeader: z.string().nullable(),
  receiptFooter: z.string().nullable(),
  timeZone: z.string(),
  /** The branch's week (opening-hours.ts); the till runs its nightly checks outside it. Absent on older feeds. */
  openingHours: WeeklyHours.nullable().optional(),
});
export type TillBranchSettings = z.infer<typeof TillBranchSettings>;

/** The `branch_settings` change of a branch: its stored shop settings and its receipt texts. */
export function tillBranchSettingsOf(
  branch: {
    readonly id: string;
    readonly name: string;
    readonly address: string | null;
    readonly npwp: string | null;
    readonly receiptHeader: string | null;
    readonly receiptFooter: string | null;
    readonly timeZone: string;
    readonly openingHours?: WeeklyHours | null;
  },
  shop: ShopSettings,
): TillBranchSettings {
  return {
    priceMode: shop.priceMode,
    paperWidth: shop.paperWidth,
    cashRounding: shop.cashRounding,
    quantityLimit: shop.quantityLimit,
    unusualTotal: shop.unusualTotal,
    pkp: shop.pkp,
    paymentMethods: shop.paymentMethods,
    qrisMerchant: shop.qrisMerchant,
    receiptLanguage: shop.receiptLanguage,
    requireShift: shop.requireShift,
    discountApprovalPercent: shop.discountApprovalPercent,
    branchId: branch.id,
    name: branch.name,
    address: branch.address,
    npwp: branch.npwp,
    receiptHeader: branch.receiptHeader,
    receiptFooter: branch.receiptFooter,
    timeZone: branch.timeZone,
    openingHours: branch.openingHours ?? null,
  };
}

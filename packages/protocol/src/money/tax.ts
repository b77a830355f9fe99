import { z } from 'zod';

/**
 * PPN (Indonesian VAT) since 1 January 2025: the statutory rate is 12%, but ordinary goods are taxed
 * on a base (DPP "nilai lain") of 11/12 of the selling price, so 11% in effect; luxury goods pay 12%
 * on the full price; some goods are exempt. A tax class is a nominal rate plus a tax-base factor.
 */
export const TaxClass = z.enum(['standard', 'luxury', 'exempt']);
export type TaxClass = z.infer<typeof TaxClass>;

export interface TaxClassRule {
  /** Nominal rate in percent, as printed on the receipt. */
  readonly rate: number;
  /** Tax base (DPP) as a fraction of the net selling price. */
  readonly baseNumerator: number;
  readonly baseDenominator: number;
}

export const TAX_CLASSES: Readonly<Record<TaxClass, TaxClassRule>> = {
  standard: { rate: 12, baseNumerator: 11, baseDenominator: 12 },
  luxury: { rate: 12, baseNumerator: 1, baseDenominator: 1 },
  exempt: { rate: 0, baseNumerator: 1, baseDenominator: 1 },
};

/**
 * Effective rate in percent (rate x base factor): 11 for standard, 12 for luxury, 0 for exempt.
 * This is the `taxRate` carried by products and sale lines.
 */
export function effectiveRate(taxClass: TaxClass): number {
  const c = TAX_CLASSES[taxClass];
  return (c.rate * c.baseNumerator) / c.baseDenominator;
}

/** The tax class whose effective rate is `taxRate`, or undefined for a rate that is no class. */
export function taxClassOfRate(taxRate: number): TaxClass | undefined {
  return TaxClass.options.find((c) => effectiveRate(c) === taxRate);
}

/** Whether `taxRate` is the effective rate of a tax class (11, 12 or 0). */
export const isTaxClassRate = (taxRate: number): boolean => taxClassOfRate(taxRate) !== undefined;

/** Tax rate on products and lines: effective percent, 0..100, at most two decimals. */
export const TaxRate = z
  .number()
  .min(0)
  .max(100)
  // Tolerance, not equality: 1.1 * 100 is 110.00000000000001 in binary floating point.
  .refine((r) => Math.abs(r * 100 - Math.round(r * 100)) < 1e-9, 'at most two decimals');

/** Whether catalog prices include tax (retail default) or tax is added on top. */
export const PriceMode = z.enum(['inclusive', 'exclusive']);
export type PriceMode = z.infer<typeof PriceMode>;

/**
 * How a branch charges PPN: whether it does at all (`pkp`, Pengusaha Kena Pajak: registered for
 * PPN) and on which side of its prices. A shop that is not a PKP may not charge PPN: its prices are
 * its takings, whatever tax class its products carry (a chain may have PKP and non-PKP branches).
 */
export interface BranchTax {
  readonly pkp: boolean;
  readonly priceMode: PriceMode;
}

/**
 * Whether a branch charges PPN: a PKP does, and so does a branch whose prices add PPN on top. The
 * back office sets "added on top" only for a PKP; a branch stored so before that rule meant to
 * charge PPN, and its customers keep paying what they paid.
 */
export function chargesPpn(tax: BranchTax): boolean {
  return tax.pkp || tax.priceMode === 'exclusive';
}

/** The rate a sale line charges for a product of `productRate`: none in a branch that charges no PPN. */
export function chargedTaxRate(productRate: number, tax: BranchTax): number {
  return chargesPpn(tax) ? productRate : 0;
}

/** The price mode a sale is recorded with: a branch that charges no PPN adds none on top. */
export function chargedPriceMode(tax: BranchTax): PriceMode {
  return chargesPpn(tax) ? tax.priceMode : 'inclusive';
}

/** Breakdown of one tax rate's share of a sale, as printed on the receipt. */
export interface TaxBreakdown {
  /** Effective rate in percent. */
  readonly taxRate: number;
  /** Net selling price without tax (Harga Jual). */
  readonly net: number;
  /** Tax base (DPP): `net` times the class's base factor. */
  readonly dpp: number;
  /** Nominal rate printed next to DPP. */
  readonly nominalRate: number;
  /** Tax amount (PPN). */
  readonly tax: number;
}

/**
 * Splits `amount` of one rate group into net and tax. Rounding rule: tax is computed once per rate
 * group (not per line) and rounded half up to whole rupiah; net is derived by subtraction for
 * inclusive prices, so net + tax always equals what the customer pays.
 */
export function taxOf(amount: number, taxRate: number, mode: PriceMode): TaxBreakdown {
  // Work in basis points to keep the arithmetic exact for rates with two decimals.
  const bp = Math.round(taxRate * 100);
  const tax =
    mode === 'inclusive' ? Math.round((amount * bp) / (10_000 + bp)) : Math.round((amount * bp) / 10_000);
  const net = mode === 'inclusive' ? amount - tax : amount;
  const cls = taxClassOfRate(taxRate);
  const rule = cls === undefined ? { rate: taxRate, baseNumerator: 1, baseDenominator: 1 } : TAX_CLASSES[cls];
  const dpp = Math.round((net * rule.baseNumerator) / rule.baseDenominator);
  return { taxRate, net, dpp, nominalRate: rule.rate, tax };
}

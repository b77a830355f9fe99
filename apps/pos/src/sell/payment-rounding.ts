import type { PaymentInput } from '@kasir/protocol';
import { cashRoundingFor, type BranchPaymentSettings } from '../settings/branch-payment-settings.ts';

/**
 * The cash rounding of a sale: what is left for cash (the total less the non-cash payments) is
 * rounded to the branch's step. Only a sale with cash is rounded (protocol: `invalid_rounding`
 * otherwise); `cashChosen` rounds the amount shown while the cashier is about to take cash.
 */
export function saleRounding(
  total: number,
  payments: readonly PaymentInput[],
  branch: BranchPaymentSettings,
  cashChosen = false,
): number {
  if (!cashChosen && !payments.some((p) => p.method === 'cash')) return 0;
  const nonCash = payments.filter((p) => p.method !== 'cash').reduce((a, p) => a + p.amount, 0);
  return cashRoundingFor(branch, Math.max(0, total - nonCash));
}

/**
 * A reference for a QRIS payment shown before the sale exists (its receipt number is given at the
 * commit, S10): the time to the second and two random letters, so two tills of a merchant paid in
 * the same second still differ. 16 characters, within the 25 of a QRIS bill number.
 */
export function qrisReference(now: Date, random: () => number): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(2, 14);
  const letter = (): string => String.fromCharCode(65 + Math.floor(random() * 26));
  return `QR${stamp}${letter()}${letter()}`;
}

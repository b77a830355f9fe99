/** Banknotes a cashier is handed most often, in rupiah. */
const NOTES = [5_000, 10_000, 20_000, 50_000, 100_000] as const;

/**
 * Quick cash buttons for an amount due: the exact amount, then the amount rounded up to each
 * common note (Rp 47.500 -> 50.000, 60.000, 100.000), without duplicates, at most `max`.
 */
export function quickCashAmounts(due: number, max = 6): number[] {
  if (due <= 0) return [];
  const out = new Set<number>([due]);
  for (const note of NOTES) out.add(Math.ceil(due / note) * note);
  return [...out].sort((a, b) => a - b).slice(0, max);
}

/** What is still due after the payments so far (never negative). */
export function remainingDue(total: number, payments: readonly { amount: number }[]): number {
  return Math.max(0, total - payments.reduce((a, p) => a + p.amount, 0));
}

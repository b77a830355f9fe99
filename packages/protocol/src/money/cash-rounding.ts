/**
 * Cash rounding: coins below Rp 100 (or Rp 500) are scarce, so a shop rounds what a customer pays
 * in cash to a step and records the difference with the sale. The step and direction are branch
 * settings; the adjustment is always smaller than the largest step, `MAX_CASH_ROUNDING`.
 */
export const MAX_CASH_ROUNDING = 1_000;

/** Rounding down favours the customer (the usual practice); nearest goes half up. */
export type CashRoundingMode = 'down' | 'nearest' | 'up';

/**
 * The adjustment that makes `due` a multiple of `step` (0 when `step` is 0 or 1, or `due` is
 * already one): negative when rounding down. A step outside 1..MAX_CASH_ROUNDING rounds nothing.
 */
export function cashRoundingOf(due: number, step: number, mode: CashRoundingMode = 'down'): number {
  if (!Number.isInteger(step) || step <= 1 || step > MAX_CASH_ROUNDING || due <= 0) return 0;
  const rest = due % step;
  if (rest === 0) return 0;
  if (mode === 'down') return -rest;
  if (mode === 'up') return step - rest;
  return rest * 2 >= step ? step - rest : -rest;
}

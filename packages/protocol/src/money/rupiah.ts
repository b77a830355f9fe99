import { z } from 'zod';

/**
 * Money is integer minor units. Rupiah has no minor unit in practice, so amounts are whole rupiah.
 * The upper bound keeps every sum of a realistic sale far inside `Number.MAX_SAFE_INTEGER`.
 */
export const MAX_AMOUNT = 1_000_000_000_000; // Rp 1 trillion
export const Rupiah = z.number().int().min(0).max(MAX_AMOUNT);
export type Rupiah = z.infer<typeof Rupiah>;

export { formatRupiah } from './format-rupiah.ts';

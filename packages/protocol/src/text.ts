import { z } from 'zod';

// NUL, or half of a UTF-16 surrogate pair: JSON carries them, but PostgreSQL text cannot store them.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string can be stored as text on every engine. */
export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/**
 * Free text that will be stored: trimmed, length-bounded, and refused (400) when an engine could not
 * store it, rather than failing inside a transaction that also holds other devices' sales.
 */
export function text(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine(isStorableText, 'text contains NUL or an unpaired surrogate');
}

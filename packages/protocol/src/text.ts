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

/**
 * Bidirectional control characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM):
 * invisible, and able to make a name read as something else on a receipt or a list ("Trojan
 * Source"). Names shown to people refuse them (issue 17).
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** Whether a string is free of bidirectional control characters. */
export const isFreeOfBidiControls = (s: string): boolean => !BIDI_CONTROLS.test(s);

/**
 * A name people read (products, categories, branches, devices, cashiers): `text()` that also
 * refuses bidirectional control characters.
 */
export function name(min: number, max: number) {
  return text(min, max).refine(isFreeOfBidiControls, 'text contains a bidirectional control character');
}

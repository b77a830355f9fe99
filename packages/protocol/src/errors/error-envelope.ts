import { z } from 'zod';
import { ERROR_CODES } from './error-code.ts';

/** `{ "error": { "code", "message", "details"? } }`: the one error shape on HTTP and realtime. */
export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** True for codes a client should retry with backoff (S9); everything else is permanent. */
export function isRetryableCode(code: string): boolean {
  return code === 'unavailable' || code === 'internal' || code === 'rate_limited';
}

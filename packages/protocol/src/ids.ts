import { v7 } from 'uuid';
import { z } from 'zod';

/** A UUID in canonical text form (any version; clients generate v7, S2). */
export const Uuid = z.uuid();
export type Uuid = z.infer<typeof Uuid>;

/**
 * A new time-ordered UUIDv7. `now` is injectable so that tests and simulators stay deterministic;
 * the device clock only orders ids locally, the server never trusts it (S4).
 */
export function newId(now?: number): string {
  return now === undefined ? v7() : v7({ msecs: now });
}

import { z } from 'zod';

const SetSummary = z.object({ count: z.number().int().min(0), checksum: z.string() });

/** `GET /api/sync/state`: what a device should hold now (S12). See sync/checksum.ts. */
export const SyncStateResponse = z.object({
  cursor: z.string(),
  catalog: SetSummary,
  stock: SetSummary,
  serverTime: z.string(),
  protocolVersion: z.number().int(),
});
export type SyncStateResponse = z.infer<typeof SyncStateResponse>;

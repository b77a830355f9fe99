import { z } from 'zod';
import { Branch, DeviceInfo } from './admin.ts';

/** How long a pairing code works, once. */
export const PAIRING_CODE_TTL_MS = 15 * 60 * 1000;

/** A short code a person types on the new device: 8 characters without look-alikes, `XXXX-XXXX`. */
export const PairingCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{4}-?[0-9A-Z]{4}$/, 'pairing code: 8 letters or digits, e.g. K7QX-9M2P');

/** `POST /api/admin/devices/:id/pairing-code` -> 201 */
export const PairingCodeResponse = z.object({ code: z.string(), expiresAt: z.string() });
export type PairingCodeResponse = z.infer<typeof PairingCodeResponse>;

/** `POST /api/devices/pair` (no token: the code is the credential). */
export const PairBody = z.strictObject({ code: PairingCode });
export type PairBody = z.infer<typeof PairBody>;

/** The device's new token (shown only here), who it is, and its branch. */
export const PairResponse = z.object({
  token: z.string(),
  device: DeviceInfo,
  branch: Branch,
  /**
   * The highest receipt counter the server received from this device code (issue 13 item 6): a
   * re-paired till starts its counter above it, so no receipt number repeats (S10). Optional so an
   * older server's answer still parses.
   */
  lastInvoiceCounter: z.number().int().min(0).optional(),
});
export type PairResponse = z.infer<typeof PairResponse>;

/** `GET /api/setup/status` (no token): whether the server has no branch yet (first run). */
export const SetupStatus = z.object({ needsSetup: z.boolean(), serverTime: z.string() });
export type SetupStatus = z.infer<typeof SetupStatus>;

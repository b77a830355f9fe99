import { z } from 'zod';
import { Uuid } from '../ids.ts';

/**
 * A command the back office sends a till over realtime. `sync_now`: push and pull at once.
 * `redownload`: drop the local catalog and stock and download them afresh; the outbox (unsynced
 * sales) is kept and pushed first.
 */
export const DeviceCommandType = z.enum(['sync_now', 'redownload']);
export type DeviceCommandType = z.infer<typeof DeviceCommandType>;

/** Realtime event name and payload a till receives. */
export const DEVICE_COMMAND_EVENT = 'device_command';
export const DeviceCommandEvent = z.object({ id: Uuid, type: DeviceCommandType, issuedAt: z.string() });
export type DeviceCommandEvent = z.infer<typeof DeviceCommandEvent>;

/** `POST /api/admin/devices/:id/commands` -> 202 `DeviceCommandResult`. */
export const DeviceCommandBody = z.strictObject({ type: DeviceCommandType });
export type DeviceCommandBody = z.infer<typeof DeviceCommandBody>;

/**
 * `delivered`: the device had a realtime connection on some server process when the command was
 * sent. An offline device gets the command when it next connects (kept until then, newest per type).
 */
export const DeviceCommandResult = DeviceCommandEvent.extend({ deviceId: Uuid, delivered: z.boolean() });
export type DeviceCommandResult = z.infer<typeof DeviceCommandResult>;

import { z } from 'zod';
import { Product } from '../catalog/product.ts';
import { ErrorEnvelope } from '../errors/error-envelope.ts';
import type { DeviceCommandEvent } from '../admin/device-commands.ts';
import type { DeviceHealthReport } from '../admin/device-health.ts';
import { SaleSummary } from '../sales/sale.ts';
import { Stocktake, Transfer } from '../stock/stock-operations.ts';
import { TillBranchSettings } from '../admin/shop-settings.ts';
import { StaffRecord } from '../staff/staff.ts';
import { Refund } from '../refunds/refund.ts';
import { Customer } from '../customers/customer.ts';

/**
 * Realtime is a poke, the pull is the truth (S6). Every event carries the change's position
 * (`cursor`) in its `scope`; a device that holds `cursor - 1` of that scope applies the event and
 * advances, any other device pulls. Socket.IO rooms are per branch (S13).
 */
export const RealtimeEvent = {
  ProductUpdated: 'product_updated',
  StockChanged: 'stock_changed',
  NewSale: 'new_sale',
  /** A stocktake of the branch opened or closed (issue 12). */
  StocktakeChanged: 'stocktake_changed',
  /** A transfer from or to the branch moved (issue 12); tills keep it (the destination receives it). */
  TransferChanged: 'transfer_changed',
  /** The branch's shop-wide settings changed (`BranchSettingsChangedEvent`). */
  BranchSettingsChanged: 'branch_settings_changed',
  /** A refund of a sale of the branch was recorded (issue 13): other tills know what is left. */
  RefundRecorded: 'refund_recorded',
  /** A customer of the branch was recorded or kept after a merge by phone (issue 13). */
  CustomerChanged: 'customer_changed',
  /** Sent once after connect: who the server thinks we are and where the feed stands. */
  Welcome: 'welcome',
  /** Sent before the server ends a session (revoked device, protocol too old). */
  SessionEnded: 'session_ended',
  /**
   * Sent before the server closes this socket because a newer socket of the same device replaced
   * it (too many sockets per device): the device is not blocked; it may reconnect later.
   */
  Replaced: 'replaced',
  /** A back-office command for this device (`DeviceCommandEvent`: sync now, re-download). */
  DeviceCommand: 'device_command',
  /** A staff member of the branch was added, changed or removed (issue 13). */
  StaffChanged: 'staff_changed',
} as const;

/** Events a device sends: its health report (`DeviceHealthReport`), like `POST /api/device/health`. */
export const DeviceRealtimeEvent = { DeviceHealth: 'device_health' } as const;

/** An event about the change at position `cursor` of `scope`'s feed (S6). */
function feedEvent<S extends 'catalog' | 'branch', T extends z.ZodRawShape>(scope: S, shape: T) {
  return z.object({ scope: z.literal(scope), cursor: z.number().int().positive(), ...shape });
}

export const ProductUpdatedEvent = feedEvent('catalog', { product: Product });
export type ProductUpdatedEvent = z.infer<typeof ProductUpdatedEvent>;

export const StockChangedEvent = feedEvent('branch', {
  productId: z.string(),
  onHand: z.number().int(),
  version: z.number().int(),
  /** The branch's minimum, as on the feed's stock entry (`StockLevel.minimum`). */
  minimum: z.number().int().min(0).optional(),
});
export type StockChangedEvent = z.infer<typeof StockChangedEvent>;

export const NewSaleEvent = feedEvent('branch', { sale: SaleSummary });
export type NewSaleEvent = z.infer<typeof NewSaleEvent>;

export const StocktakeChangedEvent = feedEvent('branch', { stocktake: Stocktake });
export type StocktakeChangedEvent = z.infer<typeof StocktakeChangedEvent>;

export const TransferChangedEvent = feedEvent('branch', { transfer: Transfer });
export type TransferChangedEvent = z.infer<typeof TransferChangedEvent>;
export const BranchSettingsChangedEvent = feedEvent('branch', { settings: TillBranchSettings });
export type BranchSettingsChangedEvent = z.infer<typeof BranchSettingsChangedEvent>;
export const StaffChangedEvent = feedEvent('branch', { staff: StaffRecord });
export type StaffChangedEvent = z.infer<typeof StaffChangedEvent>;
export const RefundRecordedEvent = feedEvent('branch', { refund: Refund });
export type RefundRecordedEvent = z.infer<typeof RefundRecordedEvent>;
export const CustomerChangedEvent = feedEvent('branch', { customer: Customer });
export type CustomerChangedEvent = z.infer<typeof CustomerChangedEvent>;

export const WelcomeEvent = z.object({
  deviceId: z.string(),
  branchId: z.string(),
  /** The feed's head for this device, `"<catalog>.<branch>"` (sync/cursor.ts). */
  cursor: z.string(),
  protocolVersion: z.number().int(),
  serverTime: z.string(),
});
export type WelcomeEvent = z.infer<typeof WelcomeEvent>;

export const SessionEndedEvent = ErrorEnvelope;

/** Handshake `auth` of the Socket.IO connection. */
export const RealtimeAuth = z.object({
  token: z.string().min(1),
  protocolVersion: z.number().int().optional(),
});
export type RealtimeAuth = z.infer<typeof RealtimeAuth>;

/** Events the server emits, by name, for typed Socket.IO servers and clients. */
export interface ServerToClientEvents {
  product_updated: (e: ProductUpdatedEvent) => void;
  stock_changed: (e: StockChangedEvent) => void;
  new_sale: (e: NewSaleEvent) => void;
  stocktake_changed: (e: StocktakeChangedEvent) => void;
  transfer_changed: (e: TransferChangedEvent) => void;
  branch_settings_changed: (e: BranchSettingsChangedEvent) => void;
  welcome: (e: WelcomeEvent) => void;
  session_ended: (e: ErrorEnvelope) => void;
  replaced: (e: ErrorEnvelope) => void;
  device_command: (e: DeviceCommandEvent) => void;
  staff_changed: (e: StaffChangedEvent) => void;
  refund_recorded: (e: RefundRecordedEvent) => void;
  customer_changed: (e: CustomerChangedEvent) => void;
}

/** Events a device emits (heartbeats use Socket.IO's own ping). */
export interface ClientToServerEvents {
  device_health: (report: DeviceHealthReport) => void;
}

import type {
  ConflictRecord,
  Customer,
  Refund,
  Cursor,
  Mutation,
  Product,
  SaleFlag,
  SaleInput,
  SaleSummary,
  StaffRecord,
  StockLevel,
  Stocktake,
  Transfer,
  TillBranchSettings,
} from '@kasir/protocol';

/** Who this device is, from `GET /api/device`; the codes make receipt numbers (S10). */
export interface DeviceIdentity {
  readonly deviceId: string;
  readonly deviceCode: string;
  readonly deviceName: string;
  readonly branchId: string;
  readonly branchCode: string;
  readonly branchName: string;
}

/** The identity from the server's answer about a device and its branch (`GET /api/device`, pairing). */
export function deviceIdentityOf(answer: {
  readonly device: { readonly id: string; readonly code: string; readonly name: string };
  readonly branch: { readonly id: string; readonly code: string; readonly name: string };
}): DeviceIdentity {
  const { device, branch } = answer;
  return {
    deviceId: device.id,
    deviceCode: device.code,
    deviceName: device.name,
    branchId: branch.id,
    branchCode: branch.code,
    branchName: branch.name,
  };
}

/**
 * Where one outbox entry stands (S2, S9). `inflight` is persisted so a crash mid-push is visible;
 * on start it goes back to `pending` (the server makes the retry safe, S3). `failed` is parked until
 * a person retries or discards it. `synced` only after the server acknowledged it.
 */
export type OutboxState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'inflight'; readonly since: string }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string; readonly at: string }
  | {
      readonly kind: 'synced';
      readonly at: string;
      readonly outcome: 'accepted' | 'duplicate' | 'conflict';
    };

export type OutboxStateKind = OutboxState['kind'];

/** A mutation waiting in (or done with) the outbox. `seq` is the local drain order. */
export interface OutboxEntry {
  readonly seq: number;
  readonly id: string;
  readonly mutation: Mutation;
  readonly state: OutboxState;
  /** How many pushes carried it; for the dashboard. */
  readonly attempts: number;
  readonly createdAt: string;
}

/** A sale's sync state as the cashier's sale list shows it. */
export type SaleSyncState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'synced'; readonly at: string; readonly flags: readonly SaleFlag[] }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string; readonly at: string }
  | { readonly kind: 'discarded'; readonly at: string };

/** A sale made on this device: the input as sent, plus what the list needs. */
export interface LocalSale {
  readonly id: string;
  readonly invoiceNumber: string;
  readonly createdAt: string;
  readonly total: number;
  readonly itemCount: number;
  readonly input: SaleInput;
  readonly sync: SaleSyncState;
}

/**
 * A full sync in progress (S12), saved after every page so it resumes after a crash. Pages are
 * written under a new `generation` while the old catalog stays usable; the finish swaps them.
 */
export interface FullSyncCheckpoint {
  readonly generation: number;
  readonly nextPage: number;
  /** Wire cursor to pull the next page from. */
  readonly cursor: string;
  readonly done: number;
  readonly total: number;
  readonly startedAt: string;
}

/** Small per-device state kept beside the data. */
export interface SyncMeta {
  readonly cursor: Cursor;
  readonly identity: DeviceIdentity | null;
  readonly lastSyncedAt: string | null;
  /** Generation of the catalog pages in use. */
  readonly generation: number;
  readonly fullSync: FullSyncCheckpoint | null;
  /** Last receipt counter handed out; only ever grows (S10). */
  readonly invoiceCounter: number;
}

/** Changes pulled from the feed or received by realtime, applied in one small transaction. */
export interface ChangeSet {
  readonly products: readonly Product[];
  readonly stock: readonly StockLevel[];
  readonly sales: readonly SaleSummary[];
  /** The branch's stocktakes (issue 12), when the page had any: tills count for the open one. */
  readonly stocktakes?: readonly Stocktake[];
  /** Transfers from or to the branch (issue 12): the destination's tills receive them. */
  readonly transfers?: readonly Transfer[];
  /** Refunds of the branch's sales (any till), and customers: absent where a writer has none. */
  readonly refunds?: readonly Refund[];
  readonly customers?: readonly Customer[];
  /** The branch's newest shop-wide settings, when the batch held a `branch_settings` change. */
  readonly branchSettings?: TillBranchSettings | undefined;
  /** Staff of the branch (issue 13); an inactive record means "forget this person". */
  readonly staff?: readonly StaffRecord[];
}

/** Every kind of a change set, the optional ones possibly empty or undefined. */
type ChangeSetParts = { [K in keyof ChangeSet]-?: ChangeSet[K] | undefined } & Pick<
  ChangeSet,
  'products' | 'stock' | 'sales'
>;

/** A change set without the optional kinds it has none of, as the store and the tests expect it. */
export function changeSetOf(parts: ChangeSetParts): ChangeSet {
  const { products, stock, sales, branchSettings, staff, stocktakes, transfers, refunds, customers } = parts;
  return {
    products,
    stock,
    sales,
    ...(branchSettings === undefined ? {} : { branchSettings }),
    ...(staff !== undefined && staff.length > 0 ? { staff } : {}),
    ...(stocktakes !== undefined && stocktakes.length > 0 ? { stocktakes } : {}),
    ...(transfers !== undefined && transfers.length > 0 ? { transfers } : {}),
    ...(refunds !== undefined && refunds.length > 0 ? { refunds } : {}),
    ...(customers !== undefined && customers.length > 0 ? { customers } : {}),
  };
}

/** The server's state of the catalog and this branch's stock, as the store holds it. */
export interface CatalogSnapshot {
  /** Products not deleted, latest known version each. */
  readonly products: readonly Product[];
  readonly stock: readonly StockLevel[];
}

/** What a push did to one entry, written in one transaction with the sale and conflict it touches. */
export interface OutboxOutcome {
  readonly seq: number;
  readonly state: OutboxState;
  readonly attempted: boolean;
  readonly sale?: { readonly id: string; readonly sync: SaleSyncState };
  readonly conflict?: ConflictRecord;
}

/** Counts per outbox state, for the status line. */
export interface OutboxCounts {
  readonly pending: number;
  readonly inflight: number;
  readonly failed: number;
  readonly synced: number;
}

export const EMPTY_CHANGES: ChangeSet = { products: [], stock: [], sales: [] };

/** A new outbox entry before the store gives it its `seq`: pending, never attempted. */
export function newOutboxRow(mutation: Mutation, createdAt: string): Omit<OutboxEntry, 'seq'> {
  return { id: mutation.id, mutation, state: { kind: 'pending' }, attempts: 0, createdAt };
}

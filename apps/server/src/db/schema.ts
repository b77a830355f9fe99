import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely table types. Column names are snake_case in SQL and camelCase here (CamelCasePlugin).
 * Booleans are 0/1 integers and times are ISO-8601 UTC strings on both engines, so the one query
 * layer behaves the same on SQLite and PostgreSQL. Money and quantities are integers.
 */
export interface BranchTable {
  id: string;
  code: string;
  name: string;
  createdAt: string;
  /** IANA zone of the branch's business days (reports, opening hours). */
  timezone: Generated<string>;
  address: string | null;
  npwp: string | null;
  receiptHeader: string | null;
  receiptFooter: string | null;
  /** JSON: seven lists of ["HH:MM", "HH:MM"] pairs, Monday first; null when not set. */
  openingHours: string | null;
  /** JSON of protocol `ShopSettings`; null = the defaults (migrations-till-settings.ts). */
  shopSettings: string | null;
}

export interface DeviceTable {
  id: string;
  branchId: string;
  /** Registered code used in receipt numbers (S10), unique within the branch. */
  code: string;
  name: string;
  /** sha256 of the bearer token; the token itself is never stored. */
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  disconnectedAt: string | null;
  /** JSON array of protocol `Permission`s beyond selling; `[]` for a till (auth/permissions.ts). */
  permissions: Generated<string>;
  /** Highest receipt counter received from this device (S10), handed back at pairing. */
  invoiceCounter: Generated<number>;
}

export interface ProductTable {
  id: string;
  sku: string;
  name: string;
  price: number;
  /** JSON array of strings. */
  barcodes: string;
  category: string | null;
  /** Effective tax rate in basis points (1100 = 11%). */
  taxRateBp: number;
  active: number;
  version: number;
  deleted: number;
  createdAt: string;
  updatedAt: string;
}

/** The holder of each barcode of a live product: barcodes are unique in the catalog (catalog/barcodes.ts). */
export interface ProductBarcodeTable {
  barcode: string;
  productId: string;
}

/** Columns of `products` only the back office writes (the device services leave them alone). */
export interface ProductBackOfficeColumns {
  /** Unit sold in (`pcs`, `kg`); null when not set. */
  unit: ColumnType<string | null, string | null | undefined, string | null>;
  /** protocol `ImageHash` of the product's picture (a `product_images` row); null when none. */
  image: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A product picture's thumbnails (migration 0090), written once under the hash of `large`. */
export interface ProductImageTable {
  hash: string;
  /** 160 px square WebP (the till's tile). */
  tile: Uint8Array;
  /** 480 px square WebP. */
  large: Uint8Array;
  createdAt: string;
  /**
   * When the retention sweep first found no live product naming it (migration 0100); null while
   * one does, or before the sweep looked. Deleted a grace period later (retention/prune-images.ts).
   */
  unreferencedSince: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StockTable {
  branchId: string;
  productId: string;
  onHand: number;
  /** Increments with every movement; the base of offline stock counts (S8). */
  version: number;
  updatedAt: string;
  /** Moving-average unit cost in rupiah from receipts; null until first received with a cost. */
  avgCost: ColumnType<number | null, number | null | undefined, number | null>;
  /** Low stock at or below this; null: no minimum. */
  minQty: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface StockMovementTable {
  id: string;
  branchId: string;
  productId: string;
  delta: number;
  reason: string;
  /** The sale or mutation that caused it, if any. */
  refId: string | null;
  onHandAfter: number;
  note: string | null;
  createdAt: string;
  /**
   * The stock version right after the call that wrote this row (several rows can share one: a
   * group commit moves a product once). Null for rows written before it was recorded. Tells whose
   * movements a stale stock count missed (S8).
   */
  version: number | null;
  /** The product's moving-average cost when it moved (null: unknown); gross margin reads it. */
  unitCost: ColumnType<number | null, number | null | undefined, number | null>;
  /** The back-office person who made it, when not a device. */
  actor: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SaleTable {
  id: string;
  branchId: string;
  deviceId: string;
  invoiceNumber: string;
  /** Device time, for display only (S4). */
  createdAt: string;
  /** Server time of acceptance. */
  receivedAt: string;
  total: number;
  tax: number;
  /** Cash rounding included in `total` (0 when none); migration 0050. */
  rounding: Generated<number>;
  /** JSON array of SaleFlag. */
  flags: string;
  cashierName: string | null;
  note: string | null;
  /** Business instant (reports/business-time.ts) and its day and hour in the branch's zone. */
  soldAt: string | null;
  businessDay: string | null;
  businessHour: number | null;
  /** The drawer's shift and the customer (issue 13); optional on insert for writers before them. */
  shiftId: ColumnType<string | null, string | null | undefined, string | null>;
  customerId: ColumnType<string | null, string | null | undefined, string | null>;
  /** The staff member signed in on the till, and who approved an override (issue 13). */
  staffId: ColumnType<string | null, string | null | undefined, string | null>;
  approvedBy: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SaleLineTable {
  saleId: string;
  lineNo: number;
  productId: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  cartDiscountShare: number;
  taxRateBp: number;
  amount: number;
}

export interface SalePaymentTable {
  saleId: string;
  lineNo: number;
  method: string;
  amount: number;
  reference: string | null;
  /** Card payments: approval code and last 4 digits from the EDC slip; migration 0050. */
  approvalCode: string | null;
  cardLast4: string | null;
}

/** Acquirers' webhooks of payments (payments/), one row per provider and external id. */
export interface PaymentConfirmationTable {
  provider: string;
  externalId: string;
  /** The till's payment reference (QRIS bill number). */
  reference: string;
  amount: number;
  status: string;
  paidAt: string | null;
  receivedAt: string;
}

/** Applied mutation ids with their stored outcome: exactly once (S3). */
export interface MutationTable {
  id: string;
  deviceId: string;
  type: string;
  /** sha256 of the canonical JSON payload; the same id with another hash is a 409. */
  payloadHash: string;
  /**
   * 'accepted' or 'conflict' (rejections are never stored), or 'compacted': an accepted outcome
   * whose `response` keeps only what the domain tables do not (retention/compact-sale.ts).
   */
  status: string;
  /** JSON of the result (accepted) or the conflict record, replayed verbatim (feed/idempotency.ts). */
  response: string;
  createdAt: string;
}

/**
 * One row per scope ('catalog', 'branch:<id>'): the last position handed out (S5), and a running
 * count and checksum (sum mod 2^32 of item hashes, protocol sync/checksum.ts) of the scope's set
 * (S12): the catalog's live products, a branch's stock rows. Both are updated in the writing
 * transaction, under the row's lock (feed/feed.ts).
 */
export interface CounterTable {
  scope: string;
  value: number;
  itemCount: Generated<number>;
  itemSum: Generated<number>;
}

/** The change feed: the newest change per (scope, kind, entity) at its position `seq` (S4). */
export interface ChangeTable {
  scope: string;
  seq: number;
  kind: string;
  entityId: string;
  /** JSON of what a device needs of the entity. */
  payload: string;
}

export interface ConflictTable {
  id: string;
  mutationId: string;
  deviceId: string;
  branchId: string;
  kind: string;
  entityId: string;
  baseVersion: number;
  serverVersion: number;
  mine: string;
  server: string;
  createdAt: string;
  resolvedAt: string | null;
  /** protocol `ConflictReason`; null on rows made before reasons existed (all stale). */
  reason: string | null;
}

/** Single-use codes that hand a device its token (sha256 of the code; never the code itself). */
export interface PairingCodeTable {
  codeHash: string;
  deviceId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** A fixed-window counter per key (`pair:<ip>`): in the database so every process sees it (§6). */
export interface RateLimitTable {
  bucket: string;
  windowStart: string;
  hits: number;
}

/** A role an account can have; rights per role live in accounts/rights.ts. */
export interface RoleTable {
  name: string;
  description: string;
}

/** A person who signs in to the back office. */
export interface AccountTable {
  id: string;
  /** Lower case, unique. */
  username: string;
  displayName: string;
  role: string;
  /** `scrypt$N$r$p$salt$hash` (accounts/password.ts). */
  passwordHash: string;
  /** A manager may edit the shared catalog. */
  catalogWrite: Generated<number>;
  createdAt: string;
  updatedAt: string;
  disabledAt: string | null;
  lastLoginAt: string | null;
}

/** Once-only facts of the installation, e.g. 'owner_created'. */
export interface InstallFactTable {
  key: string;
  at: string;
}

export interface AccountBranchTable {
  accountId: string;
  branchId: string;
}

/** A signed-in browser: sha256 of the cookie's secret, never the secret. */
export interface SessionTable {
  idHash: string;
  accountId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string | null;
}

/** Who changed what through the admin API (`AuditEntry` on the wire). */
export interface AuditLogTable {
  /** UUIDv7: time-ordered. */
  id: string;
  at: string;
  /** `device`: a till's event (issue 13), with `deviceId` and `staffId` below. */
  actorKind: 'account' | 'token' | 'device';
  accountId: string | null;
  username: string | null;
  /** `entity.verb` (AUDIT_ACTIONS). */
  action: string;
  entityType: string | null;
  entityId: string | null;
  branchId: string | null;
  summary: string;
  /** JSON object without secrets. */
  details: string | null;
  ip: string | null;
  /** Till events (issue 13): the device, the signed-in staff member, who approved. */
  deviceId: ColumnType<string | null, string | null | undefined, string | null>;
  staffId: ColumnType<string | null, string | null | undefined, string | null>;
  approvedBy: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Sales per branch, business day and dimension (reports/sales-summary.ts). */
export interface SalesSummaryTable {
  branchId: string;
  day: string;
  dim: string;
  key: string;
  sales: number;
  quantity: number;
  gross: number;
  discount: number;
  tax: number;
}

/** What a device last reported about itself. */
export interface DeviceHealthTable {
  deviceId: string;
  reportedAt: string;
  appVersion: string | null;
  protocolVersion: number | null;
  lastSyncAt: string | null;
  unsyncedSales: number;
  oldestUnsyncedAt: string | null;
  /** The last sale audit the device reported, JSON (protocol SaleAuditSummary); issue 16. */
  audit: string | null;
  /** The last loss of its local store the device reported, JSON (protocol StoreLossSummary). */
  storeLost: string | null;
}

/** Mutations of a device per business day: seen by the server, and reported by the device. */
export interface DeviceDayTable {
  deviceId: string;
  day: string;
  accepted: number;
  rejected: number;
  retried: number;
  reportedRejected: number;
  reportedRetried: number;
}

/** A command waiting for its till: the newest per type. */
export interface DeviceCommandTable {
  deviceId: string;
  type: string;
  id: string;
  issuedAt: string;
}

/** An alert, open while `closedAt` is null; `key` names what it is about. */
export interface AlertTable {
  id: string;
  key: string;
  kind: string;
  branchId: string;
  deviceId: string | null;
  productId: string | null;
  subject: string;
  /** JSON object of numbers and strings. */
  details: string;
  since: string;
  closedAt: string | null;
  notifiedAt: string | null;
}

/** A till's drawer shift (shifts/): open with a float, closed by a blind count. */
export interface ShiftTable {
  id: string;
  branchId: string;
  deviceId: string;
  staffId: string | null;
  approvedBy: string | null;
  /** Device time (S4): shown, never used to order. */
  openedAt: string;
  receivedAt: string;
  /** The branch's business day of the opening. */
  businessDay: string;
  float: number;
  closedAt: string | null;
  closeReceivedAt: string | null;
  counted: number | null;
  /** JSON of the count per denomination, when counted so. */
  denominations: string | null;
  /** What the server's ledgers said the drawer held when the close arrived. */
  expectedAtClose: number | null;
  unsyncedAtClose: number | null;
  closeStaffId: string | null;
  closeApprovedBy: string | null;
  /** JSON array of ShiftFlag. */
  flags: Generated<string>;
}

/** Cash put into or taken out of a drawer (shifts/): a ledger row, never updated. */
export interface CashMoveTable {
  id: string;
  shiftId: string;
  branchId: string;
  deviceId: string;
  kind: string;
  amount: number;
  reason: string;
  staffId: string | null;
  approvedBy: string | null;
  at: string;
  receivedAt: string;
}

export interface RefundTable {
  id: string;
  branchId: string;
  deviceId: string;
  saleId: string;
  shiftId: string | null;
  invoiceNumber: string;
  reason: string;
  note: string | null;
  method: string;
  total: number;
  /** JSON array of RefundFlag. */
  flags: string;
  staffId: string | null;
  approvedBy: string | null;
  createdAt: string;
  receivedAt: string;
  businessDay: string;
}

export interface RefundLineTable {
  refundId: string;
  lineNo: number;
  saleId: string;
  saleLineNo: number;
  productId: string;
  quantity: number;
  amount: number;
  damaged: number;
}

export interface CustomerTable {
  id: string;
  name: string;
  /** Normalised +62…, unique: the key duplicates are merged by. */
  phone: string;
  email: string | null;
  note: string | null;
  branchId: string;
  createdAt: string;
  receivedAt: string;
}

/** Every id a customer was created under, its own included: merged ids keep resolving. */
export interface CustomerIdTable {
  id: string;
  customerId: string;
}

export interface Database {
  branches: BranchTable;
  devices: DeviceTable;
  products: ProductTable & ProductBackOfficeColumns;
  productBarcodes: ProductBarcodeTable;
  stock: StockTable;
  stockMovements: StockMovementTable;
  sales: SaleTable;
  saleLines: SaleLineTable;
  salePayments: SalePaymentTable;
  paymentConfirmations: PaymentConfirmationTable;
  mutations: MutationTable;
  counters: CounterTable;
  changes: ChangeTable;
  conflicts: ConflictTable;
  pairingCodes: PairingCodeTable;
  rateLimits: RateLimitTable;
  roles: RoleTable;
  accounts: AccountTable;
  accountBranches: AccountBranchTable;
  sessions: SessionTable;
  auditLog: AuditLogTable;
  salesSummary: SalesSummaryTable;
  deviceHealth: DeviceHealthTable;
  deviceDays: DeviceDayTable;
  installFacts: InstallFactTable;
  deviceCommands: DeviceCommandTable;
  alerts: AlertTable;
  suppliers: SupplierTable;
  receipts: ReceiptTable;
  receiptLines: ReceiptLineTable;
  transfers: TransferTable;
  transferLines: TransferLineTable;
  stocktakes: StocktakeTable;
  stocktakeCounts: StocktakeCountTable;
  stocktakeResults: StocktakeResultTable;
  shifts: ShiftTable;
  cashMoves: CashMoveTable;
  refunds: RefundTable;
  refundLines: RefundLineTable;
  customers: CustomerTable;
  customerIds: CustomerIdTable;
  staff: StaffTable;
  staffBranches: StaffBranchTable;
  retentionMarks: RetentionMarkTable;
  productImages: ProductImageTable;
}

/** How far a retention sweep has got (retention/retention-marks.ts; migration 0080). */
export interface RetentionMarkTable {
  name: string;
  mark: string;
}

/** Stock operations (issue 12; db/migrations-stock.ts). */
export interface SupplierTable {
  id: string;
  name: string;
  phone: string | null;
  note: string | null;
  createdAt: string;
}

export interface ReceiptTable {
  /** The mutation or request id: applied once (S3). */
  id: string;
  branchId: string;
  supplierId: string | null;
  reference: string | null;
  note: string | null;
  deviceId: string | null;
  actor: string | null;
  /** sha256 of the canonical request: the same id with another request is a 409. */
  payloadHash: string;
  createdAt: string;
}

export interface ReceiptLineTable {
  receiptId: string;
  lineNo: number;
  productId: string;
  quantity: number;
  unitCost: number;
}

export interface TransferTable {
  id: string;
  fromBranchId: string;
  toBranchId: string;
  /** protocol `TransferStatus`. */
  status: string;
  note: string | null;
  /** JSON array of protocol `TransferFlag`. */
  flags: string;
  payloadHash: string;
  sentAt: string;
  sentBy: string | null;
  receivedAt: string | null;
  receivedBy: string | null;
  /** The mutation or request that received it: a second receipt of the transfer is a no-op. */
  receiveId: string | null;
  cancelledAt: string | null;
}

export interface TransferLineTable {
  transferId: string;
  lineNo: number;
  productId: string;
  sent: number;
  /** Null until received; sent - received is the transfer loss. */
  received: number | null;
  lossReason: string | null;
}

export interface StocktakeTable {
  id: string;
  branchId: string;
  status: string;
  /** JSON array of categories; null: every product. */
  categories: string | null;
  note: string | null;
  payloadHash: string;
  openedAt: string;
  openedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
}

/** One count line (the `stocktake.count` mutation's id). Lines of one product add up. */
export interface StocktakeCountTable {
  id: string;
  stocktakeId: string;
  productId: string;
  deviceId: string | null;
  quantity: number;
  /** The product's stock version on the device when counted: later movements are not variances. */
  baseVersion: number;
  /** 1 when it arrived after the stocktake closed: kept, not applied. */
  late: number;
  createdAt: string;
}

/** What closing posted per product. */
export interface StocktakeResultTable {
  stocktakeId: string;
  productId: string;
  counted: number;
  expected: number;
  variance: number;
}

/** A person who works the tills (issue 13); the feed carries them to their branches' tills. */
export interface StaffTable {
  id: string;
  name: string;
  role: string;
  /** JSON of protocol `PinHash`, or null before a PIN is set. */
  pin: string | null;
  active: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StaffBranchTable {
  staffId: string;
  branchId: string;
}

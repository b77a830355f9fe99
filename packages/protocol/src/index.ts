export { PROTOCOL_VERSION, MIN_PROTOCOL_VERSION, PROTOCOL_HEADER } from './version.ts';
export { ErrorCode, ERROR_CODES } from './errors/error-code.ts';
export { ErrorEnvelope, isRetryableCode } from './errors/error-envelope.ts';
export { Uuid, newId } from './ids.ts';
export { seededRandom, type Random } from './random.ts';
export { text, name, isStorableText, isFreeOfBidiControls } from './text.ts';
export { Rupiah, MAX_AMOUNT, formatRupiah } from './money/rupiah.ts';
export {
  TaxClass,
  TAX_CLASSES,
  TaxRate,
  PriceMode,
  effectiveRate,
  taxClassOfRate,
  isTaxClassRate,
  taxOf,
  chargedTaxRate,
  chargesPpn,
  chargedPriceMode,
  type BranchTax,
  type TaxClassRule,
  type TaxBreakdown,
} from './money/tax.ts';
export {
  Product,
  ProductWithStock,
  Sku,
  Barcode,
  ProductName,
  Category,
  DEFAULT_TAX_RATE,
} from './catalog/product.ts';
export { ProductInput, ProductUpsertBody, MAX_PRODUCTS_PER_UPSERT } from './catalog/product-input.ts';
export { ProductListQuery, ProductCountResponse } from './catalog/product-query.ts';
export {
  ImageHash,
  PRODUCT_IMAGE_SIZES,
  IMAGE_MAX_BYTES,
  productImagePath,
  type ProductImageSize,
} from './catalog/product-image.ts';
export {
  SaleInput,
  SaleLineInput,
  PaymentInput,
  PaymentMethod,
  MAX_SALE_LINES,
  MAX_LINE_QUANTITY,
} from './sales/sale-input.ts';
export {
  Sale,
  SaleLine,
  SalePayment,
  SaleTax,
  SaleFlag,
  SaleSummary,
  summarizeSale,
  EXCESSIVE_PAYMENT_MULTIPLE,
  EXCESSIVE_PAYMENT_ALLOWANCE,
  SUSPICIOUS_TIME_AHEAD_MS,
  SUSPICIOUS_TIME_BEHIND_MS,
} from './sales/sale.ts';
export { assembleSale, salePaymentOf, type SaleReceipt } from './sales/assemble-sale.ts';
export {
  computeSaleTotals,
  allocateProportionally,
  type SaleTotals,
  type SaleTotalsInput,
  type SaleTotalsResult,
  type PricedLine,
} from './sales/sale-totals.ts';
export {
  formatInvoiceNumber,
  parseInvoiceNumber,
  invoiceDate,
  INVOICE_NUMBER_PATTERN,
  type InvoiceNumberParts,
} from './sales/invoice-number.ts';
export {
  StockReason,
  ManualStockReason,
  StockAdjustment,
  StockMovementInput,
  StockMovementResult,
  StockLevel,
  MAX_STOCK_DELTA,
} from './stock/stock.ts';
export {
  encodeCursor,
  decodeCursor,
  cursorCovers,
  ZERO_CURSOR,
  type Cursor,
  type Scope,
} from './sync/cursor.ts';
export { TransferChange, StocktakeChange } from './sync/change.ts';
export {
  MAX_OPERATION_LINES,
  Supplier,
  SupplierInput,
  ReceiveLine,
  ReceiveInput,
  AdminReceiveInput,
  Receipt,
  TransferSendInput,
  TransferLossReason,
  TransferReceiveInput,
  TransferCancelInput,
  TransferStatus,
  TransferFlag,
  Transfer,
  TransferResult,
  AdminTransferSendInput,
  StocktakeStatus,
  Stocktake,
  StocktakeOpenInput,
  StocktakeCountInput,
  StocktakeCountResult,
  StocktakeCloseInput,
  StocktakeLine,
  StocktakeDetail,
  StockMinimumInput,
  LowStockItem,
  StockHistoryRow,
  MarginRow,
} from './stock/stock-operations.ts';
export {
  Change,
  ProductChange,
  StockChange,
  SaleChange,
  RefundChange,
  CustomerChange,
} from './sync/change.ts';
export { StaffChange } from './sync/change.ts';
export { BranchSettingsChange } from './sync/change.ts';
export {
  PullQuery,
  PullResponse,
  DEFAULT_PULL_LIMIT,
  MAX_PULL_LIMIT,
  DEFAULT_SALES_WINDOW_DAYS,
  MAX_SALES_WINDOW_DAYS,
} from './sync/pull.ts';
export {
  SetChecksum,
  fnv1a32,
  catalogChecksumItem,
  stockChecksumItem,
  stateChecksums,
  type SetSummary,
} from './sync/checksum.ts';
export { SyncStateResponse } from './sync/sync-state.ts';
export {
  Mutation,
  SaleCreateMutation,
  ProductUpdateMutation,
  StockAdjustMutation,
  StockCountMutation,
  StockReceiveMutation,
  TransferSendMutation,
  TransferReceiveMutation,
  TransferCancelMutation,
  StocktakeCountMutation,
  AuditRecordMutation,
  MAX_PUSH_BATCH,
  type MutationType,
} from './sync/mutation.ts';
export { PushBody, PushResponse, MutationResult, ConflictRecord, ConflictReason } from './sync/push.ts';
export {
  RealtimeEvent,
  ProductUpdatedEvent,
  StockChangedEvent,
  NewSaleEvent,
  StocktakeChangedEvent,
  TransferChangedEvent,
  BranchSettingsChangedEvent,
  StaffChangedEvent,
  RefundRecordedEvent,
  CustomerChangedEvent,
  WelcomeEvent,
  SessionEndedEvent,
  RealtimeAuth,
  DeviceRealtimeEvent,
  type ServerToClientEvents,
  type ClientToServerEvents,
} from './realtime/events.ts';
export {
  BranchCode,
  BranchCreateBody,
  Branch,
  DeviceCreateBody,
  DeviceUpdateBody,
  Permission,
  DeviceCreated,
  DeviceInfo,
  DeviceSelf,
  IdParams,
} from './admin/admin.ts';
export {
  PAIRING_CODE_TTL_MS,
  PairingCode,
  PairingCodeResponse,
  PairBody,
  PairResponse,
  SetupStatus,
} from './admin/pairing.ts';
// The back office (issue 11): docs/back-office-api.md lists each route with these schemas.
export {
  DEFAULT_ADMIN_PAGE,
  MAX_ADMIN_PAGE,
  PageQuery,
  QueryBoolean,
  QueryDate,
  pageOf,
} from './admin/page.ts';
export {
  Role,
  Username,
  DisplayName,
  Password,
  MIN_PASSWORD_LENGTH,
  SESSION_COOKIE,
  AuthSetupStatus,
  SetupBody,
  LoginBody,
  Me,
  PasswordChangeBody,
  AccountCreateBody,
  AccountUpdateBody,
  Account,
  AccountList,
} from './admin/accounts.ts';
export {
  TimeOfDay,
  OpeningHours,
  WeeklyHours,
  TimeZone,
  INDONESIAN_TIME_ZONES,
  DEFAULT_TIME_ZONE,
  Npwp,
  BranchSettings,
  BranchSettingsList,
  BranchUpdateBody,
} from './admin/branch-settings.ts';
export {
  Unit,
  AdminProductQuery,
  AdminProduct,
  AdminProductPage,
  CategoryList,
  AdminProductCreateBody,
  AdminProductUpdateBody,
  MAX_IMPORT_ROWS,
  ProductImportRow,
  ProductImportBody,
  ProductImportResult,
} from './admin/admin-products.ts';
export {
  ANY_SALE_FLAG,
  SaleFlagFilter,
  AdminSaleQuery,
  AdminSaleListItem,
  MethodTotal,
  SaleTotalsSummary,
  AdminSalePage,
  AdminSaleLine,
  AdminSaleRefund,
  AdminSaleDetail,
} from './admin/admin-sales.ts';
export { ReportSummaryQuery, ReportSummary, HourBucket, DayBucket } from './admin/reports.ts';
export {
  DeviceHealthReport,
  DeviceHealth,
  SaleAuditSummary,
  StoreLossSummary,
  AdminDevice,
  AdminDeviceList,
  AdminDeviceQuery,
} from './admin/device-health.ts';
export {
  DeviceCommandType,
  DeviceCommandBody,
  DeviceCommandResult,
  DEVICE_COMMAND_EVENT,
  DeviceCommandEvent,
} from './admin/device-commands.ts';
export { AuditActor, AUDIT_ACTIONS, AuditQuery, AuditEntry, AuditPage } from './admin/audit.ts';
export {
  MonitoringQuery,
  DeviceDayStats,
  OpenConflict,
  AlertKind,
  Alert,
  AlertList,
  MonitoringResponse,
} from './admin/monitoring.ts';
export { parseQris, qrisWithAmount, QrisErrorCode, type QrisParseResult } from './payments/qris.ts';
export { crc16CcittFalse, parseTlv, encodeTlv, type TlvField } from './payments/emv-tlv.ts';
export { cashRoundingOf, MAX_CASH_ROUNDING, type CashRoundingMode } from './money/cash-rounding.ts';
export { saleQrPayload, parseSaleQr } from './sales/sale-qr.ts';
export { PaymentConfirmationView } from './payments/payment-confirmation.ts';
export {
  AuditDay,
  AuditedSale,
  SaleAuditQuery,
  SaleAuditResponse,
  SaleDigest,
  saleDigest,
  dayIn,
  dayWindow,
  diffSales,
  type SaleAuditDiff,
} from './sync/sale-audit.ts';
export {
  DENOMINATIONS,
  CashCount,
  ShiftOpenInput,
  CashMoveKind,
  CashMoveInput,
  ShiftCloseInput,
  ShiftFlag,
  CashMove,
} from './shifts/shift.ts';
export { expectedCash, saleCashNet, type DrawerMovements } from './shifts/expected-cash.ts';
export {
  ShiftPayment,
  ShiftRefundVia,
  paymentsByMethod,
  originalRefundMethod,
  refundsViaMethod,
  refundsByMethod,
} from './shifts/shift-payments.ts';
export {
  ShiftReport,
  reportTotals,
  shiftReportLines,
  type ShiftReportLabels,
} from './shifts/shift-report.ts';
export {
  RefundReason,
  RefundMethod,
  RefundLineInput,
  RefundInput,
  RefundFlag,
  Refund,
  refundLineAmount,
  paidLineAmounts,
  recordedPriceMode,
  refundedSoFar,
  refundsOfSale,
  voidLines,
  type RefundableLine,
} from './refunds/refund.ts';
export { normalizePhone, Phone, CustomerInput, Customer, CustomerCreated } from './customers/customer.ts';
export {
  ShiftReportQuery,
  ShiftReportList,
  RefundQuery,
  RefundList,
  AdminRefund,
  EndOfDayQuery,
  EndOfDayTill,
  EndOfDay,
  CustomerQuery,
  CustomerList,
  CustomerPurchase,
  CustomerDetail,
} from './admin/money-admin.ts';
export {
  SHOP_PAYMENT_METHODS,
  ShopPaymentMethod,
  PaymentMethodSetting,
  PaperWidthMm,
  CASH_ROUNDING_STEPS,
  CashRoundingStep,
  QrisMerchantString,
  ShopSettings,
  DEFAULT_SHOP_SETTINGS,
  normalizePaymentMethods,
  shopSettingsFromStored,
  validateQrisMerchant,
  ShopSettingsPatch,
  ReceiptLanguage,
  TillBranchSettings,
  tillBranchSettingsOf,
} from './admin/shop-settings.ts';
// Staff, PINs and till permissions (issue 13 items 1, 2, 7).
export {
  StaffId,
  StaffRole,
  StaffAction,
  ROLE_PERMISSIONS,
  can,
  DEFAULT_DISCOUNT_THRESHOLD_PERCENT,
  isDiscountAboveThreshold,
} from './staff/staff-role.ts';
export {
  Pin,
  PinHash,
  StaffName,
  StaffRecord,
  StaffCreateBody,
  StaffUpdateBody,
  StaffMember,
  StaffList,
  StaffListQuery,
} from './staff/staff.ts';
export { hashPin, verifyPin, PIN_ITERATIONS, type Pbkdf2Crypto } from './staff/pin-hash.ts';
export { TillAuditAction, TillAuditEvent, LONG_OFFLINE_MS } from './staff/till-audit.ts';
// Scale-out (issue 18): the branch key a balancer routes by.
export { BRANCH_HEADER, BRANCH_QUERY } from './version.ts';

/**
 * The closed set of error codes on HTTP and realtime. A const object plus a union, no TS enum.
 * Clients branch on `code`; `message` is for people and may change.
 */
export const ErrorCode = {
  // 400: the request itself is malformed
  InvalidJson: 'invalid_json',
  ValidationFailed: 'validation_failed',
  InvalidCursor: 'invalid_cursor',
  // 401 / 403 / 404
  Unauthorized: 'unauthorized',
  /** Authenticated, but without the permission this needs (details name the permission). */
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  // 409: the same mutation id was used with another payload (S3), or a unique key is taken
  IdempotencyConflict: 'idempotency_conflict',
  AlreadyExists: 'already_exists',
  /** A barcode another product of the catalog already has (details name that product). */
  BarcodeTaken: 'barcode_taken',
  // 413 / 415
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  /** A product image over the size limit (`IMAGE_MAX_BYTES`) or with too many pixels. */
  ImageTooLarge: 'image_too_large',
  /** A product image that is not a JPEG, PNG or WebP by its bytes (whatever its name or type says). */
  ImageUnsupported: 'image_unsupported',
  // 422: well-formed but does not add up
  UnknownProduct: 'unknown_product',
  UnknownBranch: 'unknown_branch',
  LineTotalMismatch: 'line_total_mismatch',
  DiscountExceedsAmount: 'discount_exceeds_amount',
  TaxMismatch: 'tax_mismatch',
  /** A line's tax rate is neither a tax class (money/tax.ts) nor its product's catalog rate. */
  InvalidTaxRate: 'invalid_tax_rate',
  TotalMismatch: 'total_mismatch',
  Underpaid: 'underpaid',
  OverpaidNonCash: 'overpaid_non_cash',
  /** Cash rounding on a sale that has no cash payment. */
  InvalidRounding: 'invalid_rounding',
  InvalidInvoiceNumber: 'invalid_invoice_number',
  MutationIdMismatch: 'mutation_id_mismatch',
  TooManyProducts: 'too_many_products',
  PairingCodeInvalid: 'pairing_code_invalid',
  /** A transfer leg that no longer fits the transfer (e.g. cancelling one already received). */
  TransferNotInTransit: 'transfer_not_in_transit',
  /** A stocktake that is closed already, or a second open one in the branch. */
  StocktakeClosed: 'stocktake_closed',
  /** A refund of a sale the server does not hold for this branch. */
  UnknownSale: 'unknown_sale',
  /** A refund line naming a sale line that does not exist or holds another product. */
  UnknownSaleLine: 'unknown_sale_line',
  /** A cash move or close of a shift this till never opened. */
  UnknownShift: 'unknown_shift',
  /** A second close of a shift already closed (the first one is the record). */
  ShiftClosed: 'shift_closed',
  // 426: client protocol too old (S14)
  UpgradeRequired: 'upgrade_required',
  // 429
  RateLimited: 'rate_limited',
  // 5xx: retryable by clients (S9)
  Unavailable: 'unavailable',
  Internal: 'internal',
} as const;

/** One of the closed set of error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** All codes as a tuple, for schemas. */
export const ERROR_CODES = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];

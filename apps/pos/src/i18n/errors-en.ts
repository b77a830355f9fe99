import type { errorsId } from './errors-id.ts';

/** Every error a cashier can meet, in English (same keys as errors-id.ts). */
export const errorsEn: Record<keyof typeof errorsId, string> = {
  invalid_json: 'The request was damaged on the way. Try again; if it keeps happening, contact support.',
  validation_failed: 'Some data is missing or wrong. Check the fields and try again.',
  invalid_cursor:
    'The server did not recognise the sync position. Open Settings and choose Reset & download again.',
  unauthorized:
    'This device or token is not recognised (revoked or mistyped). Check the token, or ask the admin for a new pairing code.',
  forbidden: 'This device may not do this. Ask the admin to grant the permission in the back office.',
  not_found: 'The server does not have this (it may have been deleted). Reload and try again.',
  transfer_not_in_transit: 'This transfer was received or cancelled already.',
  stocktake_closed: 'This stocktake is closed already.',
  idempotency_conflict:
    'A transaction with the same number was recorded with different contents. Do not discard it; contact the admin.',
  already_exists: 'Something with this code or name already exists. Use another code.',
  barcode_taken: 'Another product already has this barcode. Check the barcode in the back office.',
  payload_too_large: 'Too much data to send at once. Split the transaction.',
  image_too_large: 'The picture is too large. Use a JPEG, PNG or WebP of at most 5 MB.',
  image_unsupported: 'This file is not a JPEG, PNG or WebP picture. Choose another file.',
  unsupported_media_type: "The server refused this app's data format. Update the app (reload the page).",
  unknown_product:
    "The product is not in the server's catalog. Sync the catalog, then check the product in the back office.",
  unknown_branch: "The server does not know this branch. Ask the admin to check this device's branch.",
  line_total_mismatch: 'A line amount does not add up. Change the line quantity or discount and try again.',
  discount_exceeds_amount: 'The discount is larger than the price. Lower the discount.',
  tax_mismatch: "The PPN does not match the server's. Sync the shop settings and try again.",
  invalid_tax_rate: "A product's tax rate is not valid. Check the product's tax class in the back office.",
  total_mismatch: "The total does not match the server's. Sync the shop settings and try again.",
  underpaid: 'The payment is less than the total. Add a payment.',
  overpaid_non_cash: 'Only cash may exceed the total (change). Lower the non-cash payment.',
  invalid_rounding:
    'Cash rounding applies only to a sale with a cash payment. Add the cash payment or pay the exact total.',
  invalid_invoice_number:
    'The receipt number is not valid for this device. Contact the admin; do not discard it.',
  mutation_id_mismatch: 'The queue holds inconsistent data. Contact support; do not discard it.',
  too_many_products: 'Too many products at once. Send them in parts.',
  pairing_code_invalid:
    'The pairing code is unknown, expired or already used. Ask the admin for a new code (valid 15 minutes).',
  upgrade_required: 'This app version is too old. Reload the page to update; unsent data stays safe.',
  rate_limited: 'Too many attempts. Wait a moment and try again.',
  unavailable: 'The server is busy or under maintenance. Sales are kept and sent automatically.',
  internal:
    'The server had an error. Sales are kept and retried automatically. If it repeats, contact support.',
  unknown_sale:
    'The original sale is not on the server yet. Make sure the till that sold it has synced, then try again.',
  unknown_sale_line:
    'The refunded line is not in the original sale. Look the sale up again and pick its line.',
  unknown_shift:
    'The server does not know this shift. Close it and open a new one; report this code to the owner.',
  shift_closed: 'This shift is already closed. Open a new shift to record cash.',
  network:
    'No connection to the server. Check the internet or the server address; selling goes on and syncs later.',
  invalid_response:
    "The server's answer could not be read (wrong server address?). Check the server address.",
  storage: 'The device storage has a problem (full?). Free some space and reload.',
  device_unknown:
    'This device has not reached the server yet. Connect to the internet and wait for the first sync.',
  unknown: 'Something went wrong. Try again; if it repeats, contact support with the code below.',
  code: 'Code: {{code}}',
  invalidServerUrl: 'The server address must start with http:// or https://',
  invalidPairingCode: 'A pairing code has 8 letters/digits, e.g. K7QX-9M2P',
  invalidBranchCode: 'Branch code: 2–10 capital letters or digits, e.g. JKT',
  required: 'Required',
};

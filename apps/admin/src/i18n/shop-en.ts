import type { shopId } from './shop-id.ts';

/** Issue 15: the branch's shop-wide settings in the branch form, in English. */
export const shopEn: typeof shopId = {
  title: 'Shop settings (apply to every till of this branch)',
  hint: 'Changes reach every till of this branch on its next sync (usually within a second). A till may only change its own printer paper.',
  priceMode: 'Product prices',
  inclusive: 'Include PPN',
  exclusive: 'Exclude PPN (PPN added)',
  paperWidth: 'Receipt paper width (default)',
  cashRounding: 'Cash rounding',
  noRounding: 'No rounding',
  quantityLimit: 'Quantity limit per line (above it the cashier confirms)',
  unusualTotal: 'Unusual total (Rp; above it the cashier confirms, 0 = off)',
  pkp: 'VAT-registered (PKP)',
  receiptLanguage: 'Receipt language',
  requireShift: 'Require an open shift to sell (every sale and refund is in a drawer report)',
  methods: 'Payment methods',
  method: {
    cash: 'Cash',
    qris: 'QRIS',
    card: 'Card (EDC)',
    ewallet: 'E-wallet',
    transfer: 'Transfer',
    gofood: 'GoFood',
    grabfood: 'GrabFood',
    shopeefood: 'ShopeeFood',
  },
  enabled: 'On',
  referenceRequired: 'Reference required',
  qrisOk: 'Valid QRIS: {{name}}, {{city}}',
  qrisErrors: {
    qris_malformed: 'Not a QRIS string: copy the whole static QRIS from your bank or payment provider.',
    qris_crc_mismatch: 'The check code (CRC) does not match: the string was cut or changed when copied.',
    qris_missing_tag: 'A part QRIS requires (tag {{tag}}) is missing.',
    qris_invalid_value: 'Tag {{tag}} holds a value QRIS does not allow.',
  },
  qrisMerchant: 'Merchant QRIS string (static, from the bank/PJP)',
};

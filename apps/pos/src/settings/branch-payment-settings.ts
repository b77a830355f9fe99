import {
  cashRoundingOf,
  DEFAULT_DISCOUNT_THRESHOLD_PERCENT,
  parseQris,
  type PaymentMethod,
  type ReceiptLanguage,
  type TillBranchSettings,
} from '@kasir/protocol';

/**
 * What payments and receipts need of the branch's settings (docs/architecture.md, "The shop on the core": per branch, in the branch's
 * feed, issue 15's `branch_settings` change; a till overrides only its printer). Read through this
 * one view so the payment panel and the receipt do not depend on the feed's shape.
 */
export interface BranchPaymentSettings {
  /** Methods the cashier may choose, in display order. */
  readonly methods: readonly PaymentMethod[];
  /** Methods whose reference (QRIS, EDC approval, e-wallet, order number) the cashier must type. */
  readonly referenceRequired: readonly PaymentMethod[];
  /** The branch's static merchant QRIS; null when the branch takes no dynamic QRIS. */
  readonly merchantQris: string | null;
  /** Cash rounding step in rupiah (0: none); rounding is down, in the customer's favour. */
  readonly cashRoundingStep: number;
  /** A PKP (VAT-registered) shop prints its NPWP on receipts. */
  readonly pkp: boolean;
  readonly npwp: string | null;
  /** Receipt texts of the branch; null falls back to the till's own. */
  readonly shopName: string | null;
  readonly address: string | null;
  readonly receiptHeader: string | null;
  readonly receiptFooter: string | null;
  readonly timeZone: string;
  /** Receipts print in the branch's language, whatever this till's screens are in. */
  readonly receiptLanguage: ReceiptLanguage;
  /** The till sells and refunds only with a shift open. */
  readonly requireShift: boolean;
  /** A discount above this percentage needs the right or a supervisor's PIN. */
  readonly discountApprovalPercent: number;
}

export const DEFAULT_BRANCH_PAYMENT_SETTINGS: BranchPaymentSettings = {
  methods: ['cash', 'qris', 'card', 'ewallet', 'transfer'],
  referenceRequired: [],
  merchantQris: null,
  cashRoundingStep: 0,
  pkp: false,
  npwp: null,
  shopName: null,
  address: null,
  receiptHeader: null,
  receiptFooter: null,
  timeZone: 'Asia/Jakarta',
  receiptLanguage: 'id',
  requireShift: false,
  discountApprovalPercent: DEFAULT_DISCOUNT_THRESHOLD_PERCENT,
};

/** The branch's settings as the feed delivered them; the defaults until the first sync brings them. */
export function branchPaymentSettingsOf(s: TillBranchSettings | null): BranchPaymentSettings {
  if (s === null) return DEFAULT_BRANCH_PAYMENT_SETTINGS;
  const enabled = s.paymentMethods.filter((m) => m.enabled);
  return {
    methods: enabled.length > 0 ? enabled.map((m) => m.method) : ['cash'],
    referenceRequired: enabled.filter((m) => m.referenceRequired).map((m) => m.method),
    // The server validated it when the owner saved it; a till still never shows a code that fails.
    merchantQris: s.qrisMerchant !== null && parseQris(s.qrisMerchant).ok ? s.qrisMerchant : null,
    cashRoundingStep: s.cashRounding,
    pkp: s.pkp,
    npwp: s.npwp,
    shopName: s.name,
    address: s.address,
    receiptHeader: s.receiptHeader,
    receiptFooter: s.receiptFooter,
    timeZone: s.timeZone,
    // Settings stored by a till before these fields existed lack them (the feed's defaults fill
    // them only on the next change): read as Indonesian receipts and shifts optional.
    receiptLanguage: s.receiptLanguage === 'en' ? 'en' : 'id',
    requireShift: s.requireShift === true,
    discountApprovalPercent:
      typeof s.discountApprovalPercent === 'number'
        ? s.discountApprovalPercent
        : DEFAULT_DISCOUNT_THRESHOLD_PERCENT,
  };
}

/** The cash rounding for `due` under these settings (protocol `cashRoundingOf`, rounding down). */
export const cashRoundingFor = (s: BranchPaymentSettings, due: number): number =>
  cashRoundingOf(due, s.cashRoundingStep, 'down');

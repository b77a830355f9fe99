import { cashRoundingOf, parseQris, PaymentMethod, type CashRoundingMode } from '@kasir/protocol';
import type { KeyValueStorage } from '../shared/key-value-storage.ts';

/**
 * The branch's settings that payments and receipts need (DESIGN §6: per branch, in the branch's
 * feed; a till overrides only its printer). Issue 15 brings them from the back office to every
 * till; until that pipeline lands they are read from this device's storage, with the defaults
 * below, through this one interface, so the payment panel and the receipt will not change.
 */
export interface BranchPaymentSettings {
  /** Methods the cashier may choose, in display order. */
  readonly methods: readonly PaymentMethod[];
  /** Methods whose reference (QRIS, EDC, e-wallet, order number) the cashier must type. */
  readonly referenceRequired: readonly PaymentMethod[];
  /** The branch's static merchant QRIS; null when the branch takes no QRIS. */
  readonly merchantQris: string | null;
  /** Cash rounding step in rupiah (0 or 1: none), and its direction. */
  readonly cashRoundingStep: number;
  readonly cashRoundingMode: CashRoundingMode;
  /** A PKP (VAT-registered) shop prints its NPWP on receipts. */
  readonly pkp: boolean;
  readonly npwp: string | null;
  readonly address: string | null;
  readonly timeZone: string;
}

export const DEFAULT_BRANCH_PAYMENT_SETTINGS: BranchPaymentSettings = {
  methods: ['cash', 'qris', 'card', 'ewallet', 'transfer', 'gofood', 'grabfood', 'shopeefood'],
  referenceRequired: [],
  merchantQris: null,
  cashRoundingStep: 0,
  cashRoundingMode: 'down',
  pkp: false,
  npwp: null,
  address: null,
  timeZone: 'Asia/Jakarta',
};

/** Interim storage key (see above); the branch feed replaces it. */
export const BRANCH_PAYMENT_SETTINGS_KEY = 'kasir.branchPayments';

const methodList = (v: unknown): PaymentMethod[] | undefined =>
  Array.isArray(v) ? v.filter((m): m is PaymentMethod => PaymentMethod.safeParse(m).success) : undefined;

/** Reads the settings field by field: a bad or missing field takes its default. */
export function loadBranchPaymentSettings(storage: KeyValueStorage): BranchPaymentSettings {
  let raw: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(storage.getItem(BRANCH_PAYMENT_SETTINGS_KEY) ?? '{}');
    if (typeof v === 'object' && v !== null) raw = v as Record<string, unknown>;
  } catch {
    // Corrupt: defaults.
  }
  const d = DEFAULT_BRANCH_PAYMENT_SETTINGS;
  const str = (k: string): string | null => (typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : null);
  const qris = str('merchantQris');
  const mode = raw['cashRoundingMode'];
  const methods = methodList(raw['methods']);
  return {
    methods: methods !== undefined && methods.length > 0 ? methods : d.methods,
    referenceRequired: methodList(raw['referenceRequired']) ?? d.referenceRequired,
    // A merchant QRIS that does not validate is no QRIS: the till must never show a bad code.
    merchantQris: qris !== null && parseQris(qris).ok ? qris : null,
    cashRoundingStep:
      typeof raw['cashRoundingStep'] === 'number' ? raw['cashRoundingStep'] : d.cashRoundingStep,
    cashRoundingMode: mode === 'nearest' || mode === 'up' || mode === 'down' ? mode : d.cashRoundingMode,
    pkp: raw['pkp'] === true,
    npwp: str('npwp'),
    address: str('address'),
    timeZone: str('timeZone') ?? d.timeZone,
  };
}

/** The cash rounding for `due` under these settings (protocol `cashRoundingOf`). */
export const cashRoundingFor = (s: BranchPaymentSettings, due: number): number =>
  cashRoundingOf(due, s.cashRoundingStep, s.cashRoundingMode);

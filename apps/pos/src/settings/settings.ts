import { DEFAULT_SHOP_SETTINGS, type PriceMode, type TillBranchSettings } from '@kasir/protocol';
import { isLanguage, type Language } from '../i18n/language.ts';
import type { KeyValueStorage } from '../common/key-value-storage.ts';

export type PaperWidth = 58 | 80;

/**
 * What this device decides for itself, kept in localStorage (small, read once at start): its
 * language and its printer's paper. Everything that changes a total or a receipt's text is the
 * branch's (shop-wide settings, protocol admin/shop-settings.ts), pulled from the server.
 */
export interface DevicePreferences {
  readonly language: Language;
  /** This till's printer paper; null follows the branch's default. */
  readonly printerPaperWidth: PaperWidth | null;
}

/** What the screens use: this device's preferences over the branch's shop-wide settings. */
export interface Settings extends DevicePreferences {
  readonly paperWidth: PaperWidth;
  /** Whether catalog prices include PPN (retail default) or PPN is added on top: the branch's. */
  readonly priceMode: PriceMode;
  /** Lines printed under the shop name (address, phone): the branch's. */
  readonly receiptHeader: string;
  readonly receiptFooter: string;
}

export const DEFAULT_RECEIPT_FOOTER = 'Terima kasih atas kunjungan Anda';
/** The footer of a branch that wrote none, in its receipt language. */
const DEFAULT_FOOTERS = { id: DEFAULT_RECEIPT_FOOTER, en: 'Thank you for shopping with us' } as const;

export const DEFAULT_PREFERENCES: DevicePreferences = { language: 'id', printerPaperWidth: null };

/** The branch's settings as the till uses them: the server's defaults until the first pull. */
export function branchOrDefault(
  branch: TillBranchSettings | null,
): Omit<TillBranchSettings, 'branchId' | 'name' | 'timeZone'> {
  if (branch !== null) return branch;
  return { ...DEFAULT_SHOP_SETTINGS, address: null, npwp: null, receiptHeader: null, receiptFooter: null };
}

/** This device's preferences over its branch's settings (a till overrides only its printer). */
export function effectiveSettings(prefs: DevicePreferences, branch: TillBranchSettings | null): Settings {
  const b = branchOrDefault(branch);
  return {
    ...prefs,
    paperWidth: prefs.printerPaperWidth ?? b.paperWidth,
    priceMode: b.priceMode,
    receiptHeader: b.receiptHeader ?? '',
    receiptFooter: b.receiptFooter ?? DEFAULT_FOOTERS[b.receiptLanguage === 'en' ? 'en' : 'id'],
  };
}

export const SETTINGS_KEY = 'kasir.settings';

/** Reads this device's preferences, field by field: a bad or missing field takes its default. */
export function loadSettings(storage: KeyValueStorage): DevicePreferences {
  let raw: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(storage.getItem(SETTINGS_KEY) ?? '{}');
    if (typeof v === 'object' && v !== null) raw = v as Record<string, unknown>;
  } catch {
    // Corrupt settings: defaults.
  }
  const d = DEFAULT_PREFERENCES;
  const paper = raw['printerPaperWidth'];
  return {
    language: isLanguage(raw['language']) ? raw['language'] : d.language,
    printerPaperWidth: paper === 80 ? 80 : paper === 58 ? 58 : d.printerPaperWidth,
  };
}

export function saveSettings(storage: KeyValueStorage, prefs: DevicePreferences): void {
  const { language, printerPaperWidth } = prefs;
  storage.setItem(SETTINGS_KEY, JSON.stringify({ language, printerPaperWidth }));
}

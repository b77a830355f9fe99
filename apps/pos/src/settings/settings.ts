import type { PriceMode } from '@kasir/protocol';
import { isLanguage, type Language } from '../i18n/language.ts';
import type { KeyValueStorage } from '../shared/key-value-storage.ts';

export type PaperWidth = 58 | 80;

/** Per-device preferences, kept in localStorage (small, read once at start). */
export interface Settings {
  readonly language: Language;
  readonly paperWidth: PaperWidth;
  /** Whether catalog prices include PPN (retail default) or PPN is added on top. */
  readonly priceMode: PriceMode;
  /** Optional lines printed under the shop name (address, phone). */
  readonly receiptHeader: string;
  readonly receiptFooter: string;
}

export const DEFAULT_SETTINGS: Settings = {
  language: 'id',
  paperWidth: 58,
  priceMode: 'inclusive',
  receiptHeader: '',
  receiptFooter: 'Terima kasih atas kunjungan Anda',
};

export const SETTINGS_KEY = 'kasir.settings';

/** Reads settings, field by field: a bad or missing field takes its default. */
export function loadSettings(storage: KeyValueStorage): Settings {
  let raw: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(storage.getItem(SETTINGS_KEY) ?? '{}');
    if (typeof v === 'object' && v !== null) raw = v as Record<string, unknown>;
  } catch {
    // Corrupt settings: defaults.
  }
  const d = DEFAULT_SETTINGS;
  return {
    language: isLanguage(raw['language']) ? raw['language'] : d.language,
    paperWidth: raw['paperWidth'] === 80 ? 80 : raw['paperWidth'] === 58 ? 58 : d.paperWidth,
    priceMode: raw['priceMode'] === 'exclusive' ? 'exclusive' : d.priceMode,
    receiptHeader: typeof raw['receiptHeader'] === 'string' ? raw['receiptHeader'] : d.receiptHeader,
    receiptFooter: typeof raw['receiptFooter'] === 'string' ? raw['receiptFooter'] : d.receiptFooter,
  };
}

export function saveSettings(storage: KeyValueStorage, settings: Settings): void {
  storage.setItem(SETTINGS_KEY, JSON.stringify(settings));
}

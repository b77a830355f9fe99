import type { KeyValueStorage } from '../common/key-value-storage.ts';
import { PRINTER_KINDS, type PrinterKind, type RememberedPrinter } from './printer-transports.ts';

/**
 * This till's printer (a till overrides only its own hardware, docs/architecture.md, "The shop on the core"): the printer chosen and
 * remembered, auto-print after a sale, copies per sale, and the cash drawer kick. Paper width is
 * in the device settings beside it. No printer means the browser's print dialog.
 */
export interface PrinterSettings {
  readonly printer: RememberedPrinter | null;
  readonly autoPrint: boolean;
  /** Receipts per sale: the customer's, and e.g. one for the shop (printed as copies). */
  readonly copies: number;
  /** Open the drawer (ESC p pulse) after a sale paid partly or wholly in cash. */
  readonly drawerKick: boolean;
  /** The printer's command language: ESC/POS (most printers) or StarPRNT (Star printers). */
  readonly language: PrinterLanguage;
}

export type PrinterLanguage = 'esc-pos' | 'star-prnt';

export const MAX_COPIES = 3;

export const DEFAULT_PRINTER_SETTINGS: PrinterSettings = {
  printer: null,
  autoPrint: false,
  copies: 1,
  drawerKick: true,
  language: 'esc-pos',
};

const KEY = 'kasir.printer';

function rememberedPrinter(v: unknown): RememberedPrinter | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const kind = PRINTER_KINDS.find((k) => k === r['kind']);
  if (kind === undefined || typeof r['label'] !== 'string') return null;
  const num = (k: string): number | undefined => (typeof r[k] === 'number' ? r[k] : undefined);
  const str = (k: string): string | undefined => (typeof r[k] === 'string' ? r[k] : undefined);
  return {
    kind: kind satisfies PrinterKind,
    label: r['label'],
    vendorId: num('vendorId'),
    productId: num('productId'),
    serialNumber: str('serialNumber'),
    bluetoothId: str('bluetoothId'),
  };
}

/** Reads the printer settings field by field: a bad or missing field takes its default. */
export function loadPrinterSettings(storage: KeyValueStorage): PrinterSettings {
  let raw: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    if (typeof v === 'object' && v !== null) raw = v as Record<string, unknown>;
  } catch {
    // Corrupt: defaults.
  }
  const d = DEFAULT_PRINTER_SETTINGS;
  const copies = raw['copies'];
  return {
    printer: rememberedPrinter(raw['printer']),
    autoPrint: typeof raw['autoPrint'] === 'boolean' ? raw['autoPrint'] : d.autoPrint,
    copies:
      typeof copies === 'number' && Number.isInteger(copies) && copies >= 1 && copies <= MAX_COPIES
        ? copies
        : d.copies,
    drawerKick: typeof raw['drawerKick'] === 'boolean' ? raw['drawerKick'] : d.drawerKick,
    language: raw['language'] === 'star-prnt' ? 'star-prnt' : d.language,
  };
}

export function savePrinterSettings(storage: KeyValueStorage, s: PrinterSettings): void {
  storage.setItem(KEY, JSON.stringify(s));
}

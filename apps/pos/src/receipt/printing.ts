import type { KeyValueStorage } from '../common/key-value-storage.ts';
import type * as EscPos from './escpos-receipt.ts';
import type { EscPosOptions } from './escpos-receipt.ts';
import type { PrintJobStore } from './print-job-store.ts';
import { PrintQueue } from './print-queue.ts';
import type { ReceiptT } from './receipt-labels.ts';
import type { ReceiptModel } from './receipt-model.ts';
import type { RefundReceiptModel } from './refund-receipt-model.ts';
import { loadPrinterSettings, savePrinterSettings, type PrinterSettings } from './printer-settings.ts';
import {
  choosePrinter,
  reconnectPrinter,
  type ConnectResult,
  type PrinterKind,
  type PrinterNavigator,
} from './printer-transports.ts';

/** How a receipt went out: to the thermal printer's queue, or to the browser's print dialog. */
export type PrintRoute = 'queued' | 'browser';

/** This till's printing: its printer settings, the durable queue, and receipts as bytes. */
export interface Printing {
  readonly queue: PrintQueue;
  settings(): PrinterSettings;
  update(next: PrinterSettings): void;
  /** Asks for a printer of `kind` (from a click), remembers it and uses it from now on. */
  choose(kind: PrinterKind): Promise<ConnectResult>;
  /**
   * Sends the receipt (and the extra copies the settings ask for) to the queue, with the drawer
   * pulse on the first copy of a cash sale; 'browser' when no printer is set (the caller opens the
   * print dialog). Never touches the sale: it is committed before this runs.
   */
  printReceipt(model: ReceiptModel, t: ReceiptT, paperWidth: 58 | 80): Promise<PrintRoute>;
  /**
   * The refund or void receipt, in as many copies as a sale's, the drawer pulse on the first when
   * cash went back from the drawer and it is no reprint; 'browser' when no printer is set. The
   * refund is committed first.
   */
  printRefund(model: RefundReceiptModel, t: ReceiptT, paperWidth: 58 | 80): Promise<PrintRoute>;
  testPrint(t: ReceiptT, paperWidth: 58 | 80): Promise<PrintRoute>;
  /**
   * A text report laid out for the paper (an X or Z report), one copy, never a drawer pulse;
   * 'browser' when no printer is set.
   */
  printLines(label: string, lines: readonly string[], paperWidth: 58 | 80): Promise<PrintRoute>;
  /** Queues the drawer pulse alone (drawer opened without a sale); false when no printer is set. */
  kickDrawer(): Promise<boolean>;
  /**
   * Loads the encoder now, from an idle moment after the start: a page that has it cannot lose it
   * to a service worker update, which drops the previous version's files.
   */
  preload(): Promise<void>;
}

export interface PrintingDeps {
  readonly storage: KeyValueStorage;
  readonly navigator: PrinterNavigator;
  readonly store: PrintJobStore;
  readonly newId: () => string;
}

export function createPrinting(deps: PrintingDeps): Printing {
  let settings = loadPrinterSettings(deps.storage);
  // The ESC/POS encoder (its code pages and printer models, 110 of the till's 920 KB) loads
  // when the first thing prints, not at every start: a till on a phone parses less before it can
  // sell. The service worker keeps its file with the rest of the app, so it loads offline too.
  let escPosLoaded: Promise<typeof EscPos> | null = null;
  const escPos = (): Promise<typeof EscPos> =>
    (escPosLoaded ??= import('./escpos-receipt.ts').catch((e: unknown) => {
      // A failed load (a file gone after an update, not yet cached) is tried again next time.
      escPosLoaded = null;
      throw e;
    }));
  const queue = new PrintQueue({
    store: deps.store,
    connect: () =>
      settings.printer === null
        ? Promise.resolve({ ok: false, reason: 'not_found', message: 'no printer chosen' })
        : reconnectPrinter(deps.navigator, settings.printer),
    now: () => new Date(),
    newId: deps.newId,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
  const update = (next: PrinterSettings): void => {
    const printerChanged = JSON.stringify(next.printer) !== JSON.stringify(settings.printer);
    settings = next;
    savePrinterSettings(deps.storage, next);
    if (printerChanged) void queue.forgetConnection().then(() => queue.drain());
  };
  /**
   * A receipt in the copies the settings ask for, every one after the first marked as a copy, the
   * drawer pulse only on the first of an original that moved cash; 'browser' without a printer.
   */
  const printCopies = async <M extends { readonly copy: boolean; readonly cash: boolean }>(
    model: M,
    label: string,
    paperWidth: 58 | 80,
    encode: (escpos: typeof EscPos, model: M, options: EscPosOptions) => Uint8Array,
  ): Promise<PrintRoute> => {
    if (settings.printer === null) return 'browser';
    const escpos = await escPos();
    const columns = escpos.columnsOf(paperWidth);
    const parts: Uint8Array[] = [];
    for (let i = 0; i < settings.copies; i++) {
      parts.push(
        encode(
          escpos,
          { ...model, copy: model.copy || i > 0 },
          {
            columns,
            openDrawer: i === 0 && !model.copy && model.cash && settings.drawerKick,
            language: settings.language,
          },
        ),
      );
    }
    await queue.enqueue(label, concat(parts));
    return 'queued';
  };
  return {
    queue,
    settings: () => settings,
    update,
    async choose(kind) {
      const r = await choosePrinter(deps.navigator, kind);
      if (r.ok) {
        settings = { ...settings, printer: r.printer };
        savePrinterSettings(deps.storage, settings);
        await queue.adopt(r.link);
        void queue.drain();
      }
      return r;
    },
    printReceipt: (model, t, paperWidth) =>
      printCopies(model, model.invoiceNumber, paperWidth, (escpos, m, options) =>
        escpos.encodeReceipt(m, t, options),
      ),
    // "Refund" reads the same in Indonesian and English: the label is stored, not translated.
    printRefund: (model, t, paperWidth) =>
      printCopies(model, `Refund ${model.invoiceNumber}`, paperWidth, (escpos, m, options) =>
        escpos.encodeRefundReceipt(m, t, options),
      ),
    async testPrint(t, paperWidth) {
      if (settings.printer === null) return 'browser';
      const escpos = await escPos();
      await queue.enqueue('test', escpos.encodeTestPage(t, escpos.columnsOf(paperWidth), settings.language));
      return 'queued';
    },
    async printLines(label, lines, paperWidth) {
      if (settings.printer === null) return 'browser';
      const escpos = await escPos();
      await queue.enqueue(
        label,
        escpos.encodeTextLines(lines, escpos.columnsOf(paperWidth), settings.language),
      );
      return 'queued';
    },
    async kickDrawer() {
      if (settings.printer === null) return false;
      await queue.enqueue('drawer', (await escPos()).encodeDrawerPulse(settings.language));
      return true;
    },
    async preload() {
      await escPos();
    },
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

import { useFixedT, useT } from '@kasir/ui';
import { useEffect, useRef, useState } from 'react';
import type { Printing } from '../receipt/printing.ts';
import type { RefundReceiptModel } from '../receipt/refund-receipt-model.ts';
import { RefundReceiptView } from '../receipt/refund-receipt-view.tsx';
import { useReceiptPaper } from '../receipt/use-receipt-paper.tsx';
import type { PaperWidth } from '../settings/settings.ts';

export interface RefundReceiptScreenProps {
  readonly receipt: RefundReceiptModel;
  readonly paperWidth: PaperWidth;
  readonly printing: Printing;
  /** The browser's print dialog: the fallback when no thermal printer is set. */
  readonly print: () => void;
  readonly onClose: () => void;
}

/**
 * The refund or void receipt right after it was recorded: printed where a sale's goes (the thermal
 * printer, the drawer opening for cash given back, or the browser's dialog), by itself when the
 * printer settings ask, like a sale's receipt.
 */
export function RefundReceiptScreen({
  receipt,
  paperWidth,
  printing,
  print,
  onClose,
}: RefundReceiptScreenProps) {
  const { t } = useT();
  const receiptLanguageT = useFixedT(receipt.language);
  const { paper, pageStyle, measureNow } = useReceiptPaper(paperWidth);
  // After the first print, the receipt is a copy: marked so, and it opens no drawer (as a sale's).
  const [copy, setCopy] = useState(false);
  const printNow = async (): Promise<void> => {
    const receiptT = (k: string, o?: Record<string, unknown>): string =>
      o === undefined ? receiptLanguageT(k) : receiptLanguageT(k, o);
    const route = await printing.printRefund({ ...receipt, copy }, receiptT, paperWidth);
    if (route === 'browser') {
      measureNow();
      print();
    }
    setCopy(true);
  };
  // Once, as the receipt first shows (this screen opens only right after a refund).
  const autoPrinted = useRef(false);
  useEffect(() => {
    if (autoPrinted.current || !printing.settings().autoPrint) return;
    autoPrinted.current = true;
    void printNow();
  }, []);
  return (
    <div className="receipt-screen" data-testid="refund-screen">
      {pageStyle}
      <div ref={paper}>
        <RefundReceiptView receipt={{ ...receipt, copy }} paperWidth={paperWidth} />
      </div>
      <div className="receipt-screen__actions no-print">
        <button
          type="button"
          className="secondary"
          data-testid="refund-print"
          onClick={() => void printNow()}
        >
          {copy ? t('receipt.reprint') : t('receipt.print')}
        </button>
        <button type="button" className="primary" data-testid="refund-done" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}

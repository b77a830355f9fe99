import type { LocalSale, SyncClient } from '@kasir/sync';
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useFixedT, useT } from '@kasir/ui';
import type { PairedDevice } from '../pairing/paired-device.ts';
import type { Settings } from '../settings/settings.ts';
import type { KeyValueStorage } from '../common/key-value-storage.ts';
import type { BranchPaymentSettings } from '../settings/branch-payment-settings.ts';
import { markPrinted, wasPrinted } from './printed-receipts.ts';
import { useStaff } from '../staff/staff-context.tsx';
import { buildReceipt, type ReceiptContext, type ReceiptRefund } from './receipt-model.ts';
import { receiptShopOf } from './receipt-shop.ts';
import { ReceiptView } from './receipt-view.tsx';
import { useReceiptPaper } from './use-receipt-paper.tsx';
import type { Printing } from './printing.ts';

export interface ReceiptScreenProps {
  readonly client: SyncClient;
  readonly sale: LocalSale;
  /** Re-read the sale when this changes (its sync state moves on). */
  readonly syncVersion: number;
  readonly device: PairedDevice;
  readonly settings: Settings;
  readonly storage: KeyValueStorage;
  /** The browser's print dialog: the fallback when no thermal printer is set. */
  readonly print: () => void;
  readonly printing: Printing;
  readonly branch: BranchPaymentSettings;
  /**
   * The customer the sale was made for, by name, when the caller has it (right after the sale):
   * then the receipt, printed by itself at once, names them without a read of the device's store.
   */
  readonly customerName?: string | undefined;
  /** This till's refunds (the drawer's): a receipt of a sale refunded or voided says so. */
  readonly refunds: readonly ReceiptRefund[];
  /** Right after the sale: print by itself when the printer settings ask for it. */
  readonly justSold: boolean;
  readonly onDone: () => void;
  readonly doneLabel: 'newSale' | 'back';
}

/** The receipt right after the sale (S1: before any network I/O), with print and reprint. */
export function ReceiptScreen(props: ReceiptScreenProps) {
  const { client, device, settings, storage } = props;
  const { t } = useT();
  // The receipt itself, printed or on screen, is in the branch's language; the buttons in the till's.
  const receiptT = useFixedT(props.branch.receiptLanguage);
  const [sale, setSale] = useState(props.sale);
  const [copy, setCopy] = useState(() => wasPrinted(storage, props.sale.id));
  const staff = useStaff();

  // The sale handed in is current when the screen opens: re-read it only once sync moved on, and
  // only while it is not synced yet (a synced sale's receipt does not change), so no read of the
  // sales store runs (and queues the next sale's commit behind it) for nothing. One sale by its id,
  // not the list of recent sales it used to be looked up in.
  const shown = useRef({ id: props.sale.id, syncVersion: props.syncVersion });
  const synced = sale.id === props.sale.id && sale.sync.kind === 'synced';
  useEffect(() => {
    if (shown.current.id === props.sale.id && shown.current.syncVersion === props.syncVersion) return;
    shown.current = { id: props.sale.id, syncVersion: props.syncVersion };
    if (synced) return;
    let live = true;
    client
      .getSale(props.sale.id)
      .then((found) => {
        if (live && found) setSale(found);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, props.sale.id, props.syncVersion, synced]);

  // A receipt opened from the history looks its customer up (a read of the customers' store only,
  // which no sale's commit waits for).
  const customerId = sale.input.customerId;
  const [customerName, setCustomerName] = useState(props.customerName);
  useEffect(() => {
    if (customerId === undefined || props.customerName !== undefined) return;
    let live = true;
    client
      .getCustomer(customerId)
      .then((c) => {
        if (live && c !== undefined) setCustomerName(c.name);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, customerId, props.customerName]);

  const { paper, pageStyle, measureNow } = useReceiptPaper(settings.paperWidth);

  // Other tills' refunds of this sale, as the feed brought them (a receipt opened from the history;
  // right after the sale there are none).
  const [feedRefunds, setFeedRefunds] = useState<readonly ReceiptRefund[]>([]);
  useEffect(() => {
    if (props.justSold) return;
    let live = true;
    client
      .listBranchRefunds(props.sale.id)
      .then((found) => {
        if (live) setFeedRefunds(found);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, props.sale.id, props.justSold, props.syncVersion]);
  const refunds = useMemo(() => [...props.refunds, ...feedRefunds], [props.refunds, feedRefunds]);

  const context = useMemo(
    (): Omit<ReceiptContext, 'copy'> => ({
      ...receiptShopOf(props.branch, settings, device.branchName),
      cashier: device.deviceName,
      customerName,
      refunds,
      nameOf: (id) => client.catalog.get(id)?.name,
    }),
    [device, settings, client, props.branch, customerName, refunds],
  );
  const receipt = useMemo(() => buildReceipt(sale, { ...context, copy }), [sale, context, copy]);

  const print = async (): Promise<void> => {
    const isCopy = wasPrinted(storage, sale.id);
    if (isCopy) {
      // A second copy needs the right to reprint, or a supervisor's PIN; it is audited (issue 13).
      const approval = await staff.requirePermission('reprint');
      if (approval === null) return;
      staff.audit('reprint', { approvedBy: approval.approvedBy, entityId: sale.invoiceNumber });
    }
    const model = buildReceipt(sale, { ...context, copy: isCopy });
    const route = await props.printing.printReceipt(
      model,
      (k, o) => (o === undefined ? receiptT(k) : receiptT(k, o)),
      settings.paperWidth,
    );
    if (route === 'browser') {
      flushSync(() => setCopy(isCopy));
      measureNow();
      props.print();
    }
    markPrinted(storage, sale.id);
    setCopy(true);
  };

  // Auto-print once, right after the sale (never again for a receipt opened later).
  const autoPrinted = useRef(false);
  useEffect(() => {
    if (autoPrinted.current || !props.justSold || !props.printing.settings().autoPrint) return;
    autoPrinted.current = true;
    if (!wasPrinted(storage, props.sale.id)) void print();
  }, [props.sale.id]);

  return (
    <div className="receipt-screen" data-testid="receipt-screen">
      {pageStyle}
      <div ref={paper}>
        <ReceiptView receipt={receipt} paperWidth={settings.paperWidth} />
      </div>
      <div className="receipt-screen__actions no-print">
        <button type="button" className="secondary" data-testid="print" onClick={() => void print()}>
          {copy ? t('receipt.reprint') : t('receipt.print')}
        </button>
        <button type="button" className="primary" data-testid="new-sale" onClick={props.onDone}>
          {t(`receipt.${props.doneLabel}`)}
        </button>
      </div>
    </div>
  );
}

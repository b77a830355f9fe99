import type { LocalSale, SyncClient } from '@kasir/sync';
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useT } from '@kasir/ui';
import type { PairedDevice } from '../pairing/paired-device.ts';
import type { Settings } from '../settings/settings.ts';
import type { KeyValueStorage } from '../shared/key-value-storage.ts';
import { markPrinted, wasPrinted } from './printed-receipts.ts';
import { useStaff } from '../staff/staff-context.tsx';
import { buildReceipt } from './receipt-model.ts';
import { ReceiptView } from './receipt-view.tsx';

export interface ReceiptScreenProps {
  readonly client: SyncClient;
  readonly sale: LocalSale;
  /** Re-read the sale when this changes (its sync state moves on). */
  readonly syncVersion: number;
  readonly device: PairedDevice;
  readonly settings: Settings;
  readonly storage: KeyValueStorage;
  readonly print: () => void;
  readonly onDone: () => void;
  readonly doneLabel: 'newSale' | 'back';
}

/** The receipt right after the sale (S1: before any network I/O), with print and reprint. */
export function ReceiptScreen(props: ReceiptScreenProps) {
  const { client, device, settings, storage } = props;
  const { t } = useT();
  const [sale, setSale] = useState(props.sale);
  const [copy, setCopy] = useState(() => wasPrinted(storage, props.sale.id));
  const staff = useStaff();

  // The sale handed in is current when the screen opens: re-read it only once sync moved on, so
  // no read of the sales store runs (and queues the next sale's commit behind it) for nothing.
  const shown = useRef({ id: props.sale.id, syncVersion: props.syncVersion });
  useEffect(() => {
    if (shown.current.id === props.sale.id && shown.current.syncVersion === props.syncVersion) return;
    shown.current = { id: props.sale.id, syncVersion: props.syncVersion };
    let live = true;
    client
      .listSales(200)
      .then((sales) => {
        const found = sales.find((s) => s.id === props.sale.id);
        if (live && found) setSale(found);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, props.sale.id, props.syncVersion]);

  const receipt = useMemo(
    () =>
      buildReceipt(sale, {
        shopName: device.branchName,
        header: settings.receiptHeader,
        footer: settings.receiptFooter,
        cashier: device.deviceName,
        nameOf: (id) => client.catalog.get(id)?.name,
        copy,
      }),
    [sale, device, settings, client, copy],
  );

  const print = async (): Promise<void> => {
    const isCopy = wasPrinted(storage, sale.id);
    if (isCopy) {
      // A second copy needs the right to reprint, or a supervisor's PIN; it is audited (issue 13).
      const approval = await staff.requirePermission('reprint');
      if (approval === null) return;
      staff.audit('reprint', { approvedBy: approval.approvedBy, entityId: sale.invoiceNumber });
    }
    flushSync(() => setCopy(isCopy));
    props.print();
    markPrinted(storage, sale.id);
    setCopy(true);
  };

  return (
    <div className="receipt-screen" data-testid="receipt-screen">
      <style>{`@page { size: ${settings.paperWidth}mm auto; margin: 0; }`}</style>
      <ReceiptView receipt={receipt} paperWidth={settings.paperWidth} />
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

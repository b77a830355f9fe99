import { formatRupiah, parseInvoiceNumber } from '@kasir/protocol';
import type { SyncClient } from '@kasir/sync';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TFunction } from '@kasir/ui';
import { expireSnacks, pushSnack, type Snack } from './snackbar-queue.ts';

export type Notify = (kind: Snack['kind'], text: string) => void;

/**
 * Snackbars for sync events: another device's sale ("Transaksi baru dari …") and this device's
 * sales acknowledged ("15 transaksi berhasil disinkronkan"), plus `notify` for the screens.
 */
export function useSnackbars(client: SyncClient, t: TFunction): { snacks: readonly Snack[]; notify: Notify } {
  const [snacks, setSnacks] = useState<readonly Snack[]>([]);
  const nextId = useRef(1);
  const tRef = useRef(t);
  tRef.current = t;

  const push = useCallback((event: Parameters<typeof pushSnack>[1]) => {
    setSnacks((s) => pushSnack(s, event, Date.now(), nextId.current++));
  }, []);

  useEffect(() => {
    const offRemote = client.on('remoteSale', (sale) => {
      // The seller's name from the feed ("Kasir 2"); its code from the receipt number otherwise.
      const code = parseInvoiceNumber(sale.invoiceNumber)?.deviceCode ?? '?';
      const device = sale.deviceName !== '' ? sale.deviceName : tRef.current('snack.device', { code });
      const amount = formatRupiah(sale.total);
      push({
        kind: 'remoteSale',
        render: (count) =>
          count === 1
            ? tRef.current('snack.remoteSale', { device, amount })
            : tRef.current('snack.remoteSales', { count }),
      });
    });
    const offSynced = client.on('salesSynced', (count) =>
      push({ kind: 'synced', count, render: (n) => tRef.current('snack.synced', { count: n }) }),
    );
    return () => {
      offRemote();
      offSynced();
    };
  }, [client, push]);

  useEffect(() => {
    if (snacks.length === 0) return;
    const id = setInterval(() => setSnacks((s) => expireSnacks(s, Date.now())), 500);
    return () => clearInterval(id);
  }, [snacks.length]);

  const notify = useCallback<Notify>((kind, text) => push({ kind, render: () => text }), [push]);
  return { snacks, notify };
}

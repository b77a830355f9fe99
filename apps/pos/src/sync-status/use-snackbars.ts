import { formatRupiah, parseInvoiceNumber } from '@kasir/protocol';
import type { SyncClient } from '@kasir/sync';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TFunction } from '@kasir/ui';
import { expireSnacks, pushSnack, type Snack } from './snackbar-queue.ts';

export type Notify = (kind: Snack['kind'], text: string) => void;

/**
 * Snackbars for sync events: another device's sale ("Transaksi baru dari …") and this device's
 * sales acknowledged ("15 transaksi berhasil disinkronkan"), plus `notify` for the screens.
 * One snackbar per sync batch, not per sale (issue 15 item 8): a sale that syncs right after it
 * was made says so on its receipt; only a batch that caught up a backlog (several sales, or any
 * sale that waited while the device was offline or failing) is announced.
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
      const device = (): string =>
        sale.deviceName !== '' ? sale.deviceName : tRef.current('snack.device', { code });
      const amount = formatRupiah(sale.total);
      push({
        kind: 'remoteSale',
        render: (count) =>
          count === 1
            ? tRef.current('snack.remoteSale', { device: device(), amount })
            : tRef.current('snack.remoteSales', { count }),
      });
    });
    let waited = false;
    const offStatus = client.status.subscribe((s) => {
      if (s.pending > 0 && (s.connection !== 'online' || s.failed > 0)) waited = true;
    });
    const offSynced = client.on('salesSynced', (count) => {
      // Only sales that had to wait (offline, or a failure): online, every sale is pushed as it is
      // made, and that is no news.
      if (!waited) return;
      waited = false;
      push({ kind: 'synced', count, render: (n) => tRef.current('snack.synced', { count: n }) });
    });
    return () => {
      offRemote();
      offSynced();
      offStatus();
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

import type { Transfer, TransferLossReason } from '@kasir/protocol';
import type { SyncClient } from '@kasir/sync';
import { Button, useT } from '@kasir/ui';
import { useEffect, useState } from 'react';
import type { Notify } from '../sync-status/use-snackbars.ts';
import { receiveTransferPayload, type ReceivedLine } from './receive-transfer-lines.ts';
import { errorText } from '../common/error-text.tsx';
import './stock.css';

export interface IncomingTransfersProps {
  readonly client: SyncClient;
  readonly branchId: string;
  readonly notify: Notify;
}

/** How often the list looks at the transfers the feed brought (a local read). */
const TRANSFER_POLL_MS = 2_000;
const REASONS: readonly TransferLossReason[] = ['damaged', 'missing', 'other'];

/**
 * Transfers on their way to this branch (issue 12), from the device's copy of the feed: the person
 * types what arrived per line and records a `transfer.receive` mutation, saved locally first (S1)
 * and applied once per transfer by the server however many tills send it.
 */
export function IncomingTransfers({ client, branchId, notify }: IncomingTransfersProps) {
  const { t } = useT();
  const [transfers, setTransfers] = useState<Transfer[]>([]);
  const [typed, setTyped] = useState<ReadonlyMap<string, ReceivedLine>>(new Map());
  // Received here but maybe not yet back from the feed: hidden so it is not received twice.
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    const look = () => void client.incomingTransfers(branchId).then((ts) => live && setTransfers(ts));
    look();
    const timer = setInterval(look, TRANSFER_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, branchId]);

  const receive = async (transfer: Transfer): Promise<void> => {
    const res = await client.recordMutation({
      type: 'transfer.receive',
      payload: receiveTransferPayload(transfer, typed),
    });
    if (!res.ok) {
      notify('error', errorText(t, res.code));
      return;
    }
    setDone((d) => new Set(d).add(transfer.id));
    notify('info', t('transferIn.done'));
  };
  const set = (productId: string, sent: number, patch: Partial<ReceivedLine>): void =>
    setTyped((m) => {
      const next = new Map(m);
      next.set(productId, { received: sent, lossReason: 'damaged', ...m.get(productId), ...patch });
      return next;
    });

  const open = transfers.filter((tr) => !done.has(tr.id));
  return (
    <section className="stock-screen" data-testid="transfers-in">
      <h2>{t('transferIn.title')}</h2>
      {open.length === 0 && <p className="muted">{t('transferIn.none')}</p>}
      {open.map((tr) => (
        <div key={tr.id} className="stock-lines" data-testid="transfer-in">
          {tr.lines.map((l) => {
            const line = typed.get(l.productId);
            const received = line?.received ?? l.sent;
            return (
              <div key={l.productId} className="stock-line" data-testid="transfer-in-line">
                <span className="stock-line__name">
                  {client.catalog.get(l.productId)?.name ?? l.productId}
                </span>
                <span className="muted">
                  {t('transferIn.sent')}: {l.sent}
                </span>
                <label className="stock-line__qty">
                  <span>{t('transferIn.received')}</span>
                  <input
                    type="number"
                    inputMode="numeric"
                    data-testid="transfer-in-received"
                    value={received}
                    onChange={(e) =>
                      set(l.productId, l.sent, { received: Math.trunc(Number(e.target.value)) })
                    }
                  />
                </label>
                {received < l.sent && (
                  <label className="stock-line__qty">
                    <span>{t('transferIn.reason')}</span>
                    <select
                      data-testid="transfer-in-reason"
                      value={line?.lossReason ?? 'damaged'}
                      onChange={(e) =>
                        set(l.productId, l.sent, { lossReason: e.target.value as TransferLossReason })
                      }
                    >
                      {REASONS.map((r) => (
                        <option key={r} value={r}>
                          {t(`transferIn.${r}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              </div>
            );
          })}
          <Button variant="primary" data-testid="transfer-in-receive" onClick={() => void receive(tr)}>
            {t('transferIn.receive')}
          </Button>
        </div>
      ))}
    </section>
  );
}

import { newId, TransferLossReason, type Transfer, type TransferResult } from '@kasir/protocol';
import { formatDateTime, useT, type Locale } from '@kasir/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../app/api-context.ts';
import { BranchSelect } from '../common/branch-select.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { useBranches } from '../common/queries.ts';
import { beyondStock, LinePicker, linesToSave, type PickedLine } from './line-picker.tsx';
import { useProductNames } from './use-product-names.ts';

/** Transfers from and to the branch: send, receive (partly), cancel. */
export function TransfersPanel({ branchId }: { readonly branchId: string }) {
  const { t, language } = useT();
  const api = useApi();
  const qc = useQueryClient();
  const branches = useBranches();
  const [to, setTo] = useState('');
  const [lines, setLines] = useState<PickedLine[]>([]);
  const [transferId, setTransferId] = useState(newId);
  const [receiving, setReceiving] = useState<Transfer | null>(null);
  const [received, setReceived] = useState<Record<string, number>>({});
  const [reasons, setReasons] = useState<Record<string, TransferLossReason>>({});
  const list = useQuery({
    queryKey: ['transfers', branchId],
    queryFn: () => api.get<Transfer[]>('/api/admin/transfers', { branchId }),
    refetchInterval: 10_000,
  });
  const names = useProductNames((list.data ?? []).flatMap((tr) => tr.lines.map((l) => l.productId)));
  const done = () => void qc.invalidateQueries({ queryKey: ['transfers'] });
  const send = useMutation({
    mutationFn: () =>
      api.send<TransferResult>('POST', '/api/admin/transfers', {
        fromBranchId: branchId,
        transferId,
        toBranchId: to,
        lines: linesToSave(lines).map((l) => ({ productId: l.productId, quantity: l.quantity })),
      }),
    onSuccess: () => {
      setLines([]);
      setTransferId(newId());
      done();
    },
  });
  const receive = useMutation({
    mutationFn: (tr: Transfer) =>
      api.send<TransferResult>('POST', `/api/admin/transfers/${tr.id}/receive`, {
        lines: tr.lines
          .filter((l) => received[l.productId] !== undefined && received[l.productId] !== l.sent)
          .map((l) => ({
            productId: l.productId,
            received: received[l.productId]!,
            // Only a shortfall has a reason; more than sent (a miscount at the sender) has none.
            ...(received[l.productId]! < l.sent ? { lossReason: reasons[l.productId] ?? 'missing' } : {}),
          })),
      }),
    onSuccess: () => {
      setReceiving(null);
      setReceived({});
      setReasons({});
      done();
    },
  });
  const cancel = useMutation({
    mutationFn: (id: string) => api.send<TransferResult>('POST', `/api/admin/transfers/${id}/cancel`),
    onSuccess: done,
  });
  const branchName = (id: string) => branches.data?.find((b) => b.id === id)?.name ?? id.slice(0, 8);
  return (
    <>
      <div className="card stack">
        <h2>{t('stock.send')}</h2>
        <BranchSelect
          value={to}
          allowAll={false}
          autoPick={false}
          exclude={branchId}
          label={t('stock.toBranch')}
          onChange={setTo}
        />
        <LinePicker lines={lines} onChange={setLines} withCost={false} stockAt={branchId} />
        <ErrorNote error={send.error} />
        <button
          type="button"
          className="k-btn k-btn--primary"
          data-testid="transfer-send"
          disabled={linesToSave(lines).length === 0 || to === '' || to === branchId || send.isPending}
          onClick={() => {
            // Stock may go below zero (a till sells what it has), but sending more than is on hand
            // is nearly always a typo: ask first.
            const over = beyondStock(linesToSave(lines));
            const names = over.map((l) =>
              t('stock.overLine', { name: l.name, quantity: l.quantity, onHand: l.onHand }),
            );
            if (over.length > 0 && !window.confirm(t('stock.beyondStock', { lines: names.join('; ') })))
              return;
            send.mutate();
          }}
        >
          {t('stock.sendTransfer')}
        </button>
      </div>
      <div className="card table-wrap">
        <ErrorNote error={list.error ?? receive.error ?? cancel.error} />
        <table className="table stock-table" data-testid="transfers-table">
          <thead>
            <tr>
              <th>{t('stock.sentAt')}</th>
              <th>{t('stock.route')}</th>
              <th>{t('stock.status')}</th>
              <th>{t('stock.lines')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data?.map((tr) => (
              <tr key={tr.id} data-testid="transfer-row" data-status={tr.status}>
                <td>{formatDateTime(tr.sentAt, language as Locale)}</td>
                <td>
                  {branchName(tr.fromBranchId)} → {branchName(tr.toBranchId)}
                </td>
                <td>{t(`stock.transferStatus.${tr.status}`)}</td>
                <td>
                  {tr.lines.map((l) => (
                    <div key={l.productId} data-testid="transfer-line">
                      <span className="transfer-line__name">
                        {names.get(l.productId) ?? l.productId.slice(0, 8)}
                      </span>{' '}
                      {receiving?.id === tr.id ? (
                        <>
                          <input
                            type="number"
                            min={0}
                            aria-label={t('stock.receivedOf', { sent: l.sent })}
                            data-testid="transfer-received"
                            value={received[l.productId] ?? l.sent}
                            onChange={(e) =>
                              setReceived({ ...received, [l.productId]: Math.floor(Number(e.target.value)) })
                            }
                          />
                          {(received[l.productId] ?? l.sent) < l.sent && (
                            <select
                              aria-label={t('stock.lossReason')}
                              data-testid="transfer-loss-reason"
                              value={reasons[l.productId] ?? 'missing'}
                              onChange={(e) =>
                                setReasons({
                                  ...reasons,
                                  [l.productId]: TransferLossReason.parse(e.target.value),
                                })
                              }
                            >
                              {TransferLossReason.options.map((r) => (
                                <option key={r} value={r}>
                                  {t(`stock.lossReasons.${r}`)}
                                </option>
                              ))}
                            </select>
                          )}
                        </>
                      ) : (
                        <span>
                          {l.received ?? '–'} / {l.sent}
                          {l.lossReason !== null && l.received !== null && l.received < l.sent
                            ? ` · ${t(`stock.lossReasons.${l.lossReason}`)}`
                            : ''}
                        </span>
                      )}
                    </div>
                  ))}
                </td>
                <td>
                  {tr.status === 'in_transit' && tr.toBranchId === branchId && receiving?.id !== tr.id && (
                    <button
                      type="button"
                      className="k-btn"
                      data-testid="transfer-receive"
                      onClick={() => setReceiving(tr)}
                    >
                      {t('stock.receiveTransfer')}
                    </button>
                  )}
                  {receiving?.id === tr.id && (
                    <button
                      type="button"
                      className="k-btn k-btn--primary"
                      data-testid="transfer-confirm"
                      onClick={() => receive.mutate(tr)}
                    >
                      {t('stock.confirm')}
                    </button>
                  )}
                  {tr.status === 'in_transit' && tr.fromBranchId === branchId && (
                    <button
                      type="button"
                      className="k-btn k-btn--danger"
                      data-testid="transfer-cancel"
                      onClick={() => window.confirm(t('stock.cancelTransferConfirm')) && cancel.mutate(tr.id)}
                    >
                      {t('stock.cancel')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

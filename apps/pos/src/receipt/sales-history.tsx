import { formatRupiah } from '@kasir/protocol';
import type { LocalSale, SyncClient } from '@kasir/sync';
import type { SaleSummary } from '@kasir/protocol';
import { useEffect, useState } from 'react';
import { useT } from '@kasir/ui';

export interface SalesHistoryProps {
  readonly client: SyncClient;
  readonly syncVersion: number;
  readonly onOpen: (sale: LocalSale) => void;
}

const time = new Intl.DateTimeFormat('id-ID', { dateStyle: 'short', timeStyle: 'short' });

/** This device's sales (open one to reprint it) and other devices' sales of the branch. */
export function SalesHistory({ client, syncVersion, onOpen }: SalesHistoryProps) {
  const { t } = useT();
  const [sales, setSales] = useState<LocalSale[] | null>(null);
  const [branch, setBranch] = useState<SaleSummary[]>([]);
  useEffect(() => {
    let live = true;
    Promise.all([client.listSales(100), client.listBranchSales(50)])
      .then(([mine, others]) => {
        if (!live) return;
        setSales(mine);
        setBranch(others);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, syncVersion]);

  return (
    <div className="history" data-testid="history">
      <h2>{t('history.title')}</h2>
      {sales === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : sales.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <table className="table">
          <tbody>
            {sales.map((s) => (
              <tr key={s.id} data-testid="history-row">
                <td>{s.invoiceNumber}</td>
                <td>{time.format(new Date(s.createdAt))}</td>
                <td className="num">{formatRupiah(s.total)}</td>
                <td>
                  <span className={`state state--${s.sync.kind}`}>
                    {s.sync.kind === 'pending'
                      ? t('receipt.pending')
                      : t(`dash.state.${s.sync.kind === 'discarded' ? 'failed' : s.sync.kind}`)}
                  </span>
                </td>
                <td>
                  <button type="button" className="link" data-testid="open-receipt" onClick={() => onOpen(s)}>
                    {t('history.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('history.branch')}</h2>
      <table className="table" data-testid="branch-sales">
        <tbody>
          {branch.map((s) => (
            <tr key={s.id}>
              <td>{s.invoiceNumber}</td>
              <td>{time.format(new Date(s.createdAt))}</td>
              <td className="num">{formatRupiah(s.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
